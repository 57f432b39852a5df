// What looks like a secret but is not one. Each filter answers with a reason, so an "explain" view
// (and the tests) can say why a candidate was dropped.
import type { Rule } from '../rules/types';
import { failsGithubStyleChecksum } from '../rules/checksum';
import { isAlgorithmName, isDocumentedExample, isEncrypted, isFillIn, isPlaceholder, isReference, isTemplateOrLookup } from '../text/placeholder';

export type FilterReason =
  | 'checksum' | 'placeholder' | 'identifier' | 'template' | 'reference' | 'encrypted' | 'documented-example' | 'uuid' | 'hash' | 'public-material' | 'address';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_DIGEST = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{56}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/i;
/**
 * A plain address: scheme, host, port and a path of short segments, with no userinfo, query or fragment,
 * and no segment long enough to hold a token (a webhook's secret path has one). Linear: no nesting.
 */
const PLAIN_ADDRESS = /^[a-z][a-z0-9+.-]{1,15}:\/\/[a-z0-9.-]{1,253}(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]{0,15}){0,8}\/?$/i;
/**
 * The same with a login (`scheme://user:password@host/…`): the URL rules judge its password (every
 * scheme has one), so a credential-like name around it adds nothing. A login of a user name alone
 * (`https://TOKEN@host`) is not this: the token is the user name.
 */
const ADDRESS_WITH_LOGIN = /^[a-z][a-z0-9+.-]{1,15}:\/\/[^\s:/?#@]{0,128}:[^\s/?#@]{0,256}@[a-z0-9.-]{1,253}(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]{0,15}){0,8}\/?$/i;
const HASH_CONTEXT = /integrity|checksum|sha-?(?:1|256|384|512)|md5|digest|hash|commit|revision|\brev\b|etag|fingerprint|sri/i;

/**
 * Structural non-secrets for rules without a distinctive shape: UUIDs, and hex digests where the
 * surrounding text says they are hashes; lockfile integrity strings (`sha512-…`).
 */
export function structuralReason(secret: string, lineText: string, column = -1): FilterReason | undefined {
  if (UUID.test(secret)) return 'uuid';
  if (PLAIN_ADDRESS.test(secret) || ADDRESS_WITH_LOGIN.test(secret)) return 'address';
  if (/^sha(?:1|256|384|512)-[A-Za-z0-9+/=]{20,}$/.test(secret)) return 'hash';
  // The words right before the value say what it is (`sha256 = …`, `"integrity": …`), not the whole line.
  const before = column >= 0 ? lineText.slice(Math.max(0, column - 48), column) : lineText;
  if (HEX_DIGEST.test(secret) && HASH_CONTEXT.test(before)) return 'hash';
  // Keys made to be public, by their prefix: Stripe's publishable keys, Mapbox's public tokens,
  // PostHog's project keys (a page's snippet carries them; the personal `phx_` ones are secret).
  if (/^(?:pk_(?:live|test)_|pk\.eyJ|phc_[A-Za-z0-9]{30,})/.test(secret)) return 'public-material';
  if (publicDer(secret)) return 'public-material';
  if (/-----BEGIN (?:[A-Z ]{0,20}PUBLIC KEY|CERTIFICATE)|\bssh-(?:rsa|ed25519|dss) AAAA|\becdsa-sha2-nistp\d{3} AAAA/.test(lineText)) {
    return 'public-material';
  }
  return undefined;
}

/**
 * Base64 of DER that opens with a SEQUENCE inside a SEQUENCE: a SubjectPublicKeyInfo (`MIIBIjAN…`, an
 * RSA or EC public key) or a certificate, both public. A private key's DER (PKCS #1, #8) opens with its
 * version INTEGER instead.
 */
function publicDer(value: string): boolean {
  if (!/^M[A-Za-z0-9+/]{19}/.test(value)) return false;
  const b = Buffer.from(value.slice(0, 16), 'base64');
  if (b[0] !== 0x30) return false;
  const at = b[1] < 0x80 ? 2 : b[1] === 0x81 ? 3 : b[1] === 0x82 ? 4 : -1;
  return at > 0 && b[at] === 0x30;
}

/** Inside `{{ … }}` or `${ … }` on its line: an argument of a template expression, not a literal. */
function insideTemplate(lineText: string, column: number): boolean {
  const open = Math.max(lineText.lastIndexOf('{{', column), lineText.lastIndexOf('${', column));
  if (open === -1) return false;
  const close = lineText.indexOf('}', column);
  return close !== -1 && lineText.lastIndexOf('}', column) < open;
}

/**
 * The reason a candidate is not a secret, or undefined when it stands. Rules with a distinctive
 * shape may skip the generic filters; structural filters apply only to low-confidence rules.
 */
export function notASecret(secret: string, lineText: string, rule: Rule, column = -1): FilterReason | undefined {
  if (isDocumentedExample(secret)) return 'documented-example';
  // Every rule that sees a GitHub-shaped value, generic ones included: a failed checksum is a look-alike.
  if (failsGithubStyleChecksum(secret)) return 'checksum';
  if (rule.skipFilters) return undefined;
  if (isReference(secret)) return 'reference';
  if (isEncrypted(secret)) return 'encrypted';
  if (isTemplateOrLookup(secret)) return 'template';
  // In a tool's credential file a weak password is still the password: only a fill-in is not.
  if (rule.anyStrength) return isFillIn(secret) ? 'placeholder' : undefined;
  if (isPlaceholder(secret)) return 'placeholder';
  if (isAlgorithmName(secret)) return 'identifier';
  if (rule.confidence !== 'low') return undefined;
  if (column >= 0 && insideTemplate(lineText, column)) return 'template';
  return structuralReason(secret, lineText, column);
}
