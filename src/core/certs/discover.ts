// Where certificates live in a repository, found in one file's text (or bytes, for DER files):
// - PEM blocks anywhere: .pem/.crt files, YAML block scalars, JSON strings with `\n` escapes, .env
//   values, code (string concatenations included: everything but base64 characters is dropped);
// - base64-encoded PEM (a Kubernetes `kubernetes.io/tls` Secret's `tls.crt`, Helm values, JSON);
// - DER files (.der, .cer, .crt that are binary);
// - declarations: Terraform `tls_self_signed_cert` / `tls_locally_signed_cert` (`validity_period_hours`)
//   and cert-manager `Certificate` resources (`duration`, `renewBefore`).
// Private-key PEM blocks are read for their public half's fingerprint and algorithm only (to pair a key
// with its certificate); the key itself stays the secret finding the engine reports. OpenSSH private keys
// give their public key from the container (ssh.ts), even when the private part is encrypted; an
// encrypted PKCS#8 or legacy (`Proc-Type: 4,ENCRYPTED`) PEM key is listed as encrypted, its algorithm
// unknown (PKCS#8) or named by its label, never decrypted. Binary files (containers.ts): DER keys
// (`.key`, `.der`, `.p8`), PKCS#12 stores (`.p12`, `.pfx`: their unencrypted bags), DER certificates.
// `.pub` files and `authorized_keys` give OpenSSH public keys (inventory only). Every search is
// linear (indexOf and bounded loops, no backtracking pattern) and bounded in size; a block that cannot
// be read becomes a fact with an error, never an exception.
import { parseAllYamlDocuments } from '../text/structured';
import { LineIndex } from '../text/lines';
import { MARKS, mayHold, type Marks } from '../text/marks';
import { derShape, encryptedPkcs8, isJavaKeystore, parseJavaKeystore, parsePkcs12 } from './containers';
import { javaKeystoreUnderDefaultPassword, pkcs8UnderDefaultPassword } from './default-passwords';
import { KEY_FORMATS, parseCertificate, parsePrivateKey, parsePrivateKeyOf } from './parse';
import { isSshPublicKeyFile, parseOpenSshPrivateKey, sshPublicKeyOnLine, type SshPublicKey } from './ssh';
import {
  DER_EXTENSIONS, hasExtension, KEY_EXTENSIONS,
  type CertificateDefinition, type CertificateEncoding, type CertificateFacts, type FoundCertificate, type FoundKey, type KeyAlgorithm, type KeyFamily, type Located,
} from '../types/certificates';

/** A PEM or base64 block longer than this is not read (no certificate chain is this large). */
const MAX_BLOCK = 256 * 1024;
/** At most this many certificates or keys per file. */
const MAX_ITEMS = 500;

const END_CERT = '-----END CERTIFICATE-----';
const PEM_BEGIN = MARKS.pem;
const B64_BEGIN = MARKS.pemBase64;
/** base64 of `-----BEGIN CERTIFICATE-----`. */
const B64_CERT = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t';
const KEY_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'OPENSSH PRIVATE KEY'] as const;

/** A key whose algorithm cannot be seen: encrypted (PKCS#8, PKCS#12) or unreadable. */
export const UNKNOWN_KEY: KeyAlgorithm = { family: 'unknown', name: 'unknown' };

/**
 * Whether a text can hold anything certificate-related (a cheap test before the search). `marks`: what
 * the text's scan met (text/marks.ts); only what it met is searched for (nothing, for nearly every file).
 */
export function mayHoldCertificates(text: string, marks?: Marks): boolean {
  // Four searches at most, not five: the Terraform resources share a tail.
  return (mayHold(marks, 'pem') && text.includes(PEM_BEGIN)) || (mayHold(marks, 'pemBase64') && text.includes(B64_BEGIN)) ||
    (mayHold(marks, 'certManager') && text.includes(MARKS.certManager)) ||
    (mayHold(marks, 'terraformCert') && text.includes(MARKS.terraformCert) && (text.includes('tls_self_signed_cert') || text.includes('tls_locally_signed_cert')));
}

export function emptyFacts(): CertificateFacts {
  return { certificates: [], keys: [], definitions: [] };
}

/** The base64 characters of a PEM body, whatever wraps them (`\n` escapes, quotes, `+`, indentation). */
function base64Body(s: string): string {
  return s.replace(/\\[nr]/g, '').replace(/[^A-Za-z0-9+/=]/g, '');
}

function decodeBase64(b64: string): Buffer | undefined {
  if (b64.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 === 1) return undefined;
  return Buffer.from(b64, 'base64');
}

/** The key a value sits under on its line (`tls.crt: …`, `"certificate": "…"`, `CERT=…`). */
function keyOnLine(text: string, lines: LineIndex, offset: number): string | undefined {
  const line = lines.lineOf(offset);
  const before = text.slice(lines.lineStart(line), offset);
  // The tail after `:`/`=` (spaces, a block indicator, a quote) has one way to match: each `\s*` follows
  // a token (three `\s*` around optional tokens backtracked over a run of spaces in cubic time).
  const m = /["']?([A-Za-z0-9_.-]{1,64})["']?\s*[:=]\s*(?:(?:[|>][-+]?|[-+])\s*)?(?:["']\s*)?$/.exec(before.slice(-200));
  if (m) return m[1];
  // A YAML block scalar: the key is on the line above (`tls.crt: |`).
  if (line > 0) {
    const prev = text.slice(lines.lineStart(line - 1), lines.lineEnd(line - 1));
    const p = /["']?([A-Za-z0-9_.-]{1,64})["']?\s*:\s*[|>][-+]?\s*$/.exec(prev.slice(-200));
    if (p) return p[1];
  }
  return undefined;
}

interface Sink {
  facts: CertificateFacts;
  path: string;
  lines: LineIndex;
  text: string;
}

function located(sink: Sink, start: number, end: number) {
  return { path: sink.path, offset: { start, end }, range: { start: sink.lines.position(start), end: sink.lines.position(end) } };
}

function addCertificate(sink: Sink, der: Buffer | undefined, at: { start: number; end: number }, encoding: CertificateEncoding, index: number, key?: string): void {
  if (sink.facts.certificates.length >= MAX_ITEMS) return;
  const c: FoundCertificate = { ...located(sink, at.start, at.end), encoding, index, ...(key ? { key } : {}) };
  if (!der) c.error = 'the certificate block is not valid base64';
  else {
    try {
      c.info = parseCertificate(der);
    } catch (e) {
      c.error = (e as Error).message;
    }
  }
  sink.facts.certificates.push(c);
}

/** PEM blocks of `label` in `s`: their body's base64 and offsets (relative to `s`). */
function* pemBlocks(s: string, label: string): Generator<{ start: number; end: number; body: string }> {
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  let at = s.indexOf(begin);
  let n = 0;
  while (at !== -1 && n++ < MAX_ITEMS) {
    const stop = s.indexOf(end, at + begin.length);
    // A block with no end (or an absurdly long one) is still a block: up to the next BEGIN or the bound.
    const next = s.indexOf('-----BEGIN ', at + begin.length);
    const limit = Math.min(s.length, at + MAX_BLOCK);
    if (stop !== -1 && stop < limit && (next === -1 || stop < next)) {
      yield { start: at, end: stop + end.length, body: s.slice(at + begin.length, stop) };
      at = s.indexOf(begin, stop + end.length);
    } else {
      const to = next !== -1 && next < limit ? next : limit;
      yield { start: at, end: to, body: '' };
      at = next !== -1 ? s.indexOf(begin, next) : -1;
    }
  }
}

/** The certificates and keys of a PEM text (a decoded base64 value), reported at one range of the file. */
function blocksInPem(sink: Sink, pem: string, at: { start: number; end: number }, key: string | undefined): void {
  let index = 0;
  for (const b of pemBlocks(pem, 'CERTIFICATE')) addCertificate(sink, b.body ? decodeBase64(base64Body(b.body)) : undefined, at, 'base64-pem', index++, key);
  addKeys(sink, pem, at);
}

/** What a key says of itself (FoundKey without its location). */
type KeyFacts = Omit<FoundKey, keyof Located>;

const ENCRYPTED_PKCS8_NOTE = 'algorithm not visible: PKCS#8 encrypts it with the key';

/** The keys of an OpenSSH container (their public halves); an unreadable one when the container is cut short. */
function openSshKeys(der: Uint8Array): KeyFacts[] {
  const c = parseOpenSshPrivateKey(der);
  if ('error' in c) return c.error.startsWith('not an') ? [] : [{ key: UNKNOWN_KEY, format: 'OpenSSH', error: c.error }];
  const encrypted = c.cipher !== 'none';
  return c.keys.map((k) => ({ ...sshKeyFacts(k), format: 'OpenSSH', ...(encrypted ? { encrypted, encryption: c.cipher } : {}) }));
}

function sshKeyFacts(k: SshPublicKey): KeyFacts {
  return {
    key: k.key, sshFingerprint: k.sshFingerprint,
    ...(k.publicKeyFingerprint ? { publicKeyFingerprint: k.publicKeyFingerprint } : {}), ...(k.note ? { note: k.note } : {}),
  };
}

const LEGACY_FAMILY: Record<string, KeyFamily> = { 'RSA PRIVATE KEY': 'RSA', 'EC PRIVATE KEY': 'EC', 'DSA PRIVATE KEY': 'DSA' };

/** A legacy encrypted PEM key (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: AES-128-CBC,<iv>`): its label names the algorithm, not the size. */
function legacyEncrypted(label: string, body: string): KeyFacts[] {
  const family = LEGACY_FAMILY[label];
  const dek = /DEK-Info:[ \t]*([A-Za-z0-9-]{1,32}),[ \t]*[0-9A-Fa-f]{8,64}/.exec(body);
  if (!family || !dek) return [];
  const ciphertext = decodeBase64(base64Body(body.slice(dek.index + dek[0].length)));
  const ok = ciphertext !== undefined && ciphertext.length >= 32 && ciphertext.length % 8 === 0;
  ciphertext?.fill(0);
  if (!ok) return [];
  return [{ key: { family, name: family }, format: KEY_FORMATS[label === 'RSA PRIVATE KEY' ? 'pkcs1' : label === 'EC PRIVATE KEY' ? 'sec1' : 'dsa'], encrypted: true, encryption: dek[1].toUpperCase(), note: 'size not visible: the key is encrypted' }];
}

/** A PEM private key block's public facts (none when it is not a key we can tell anything about). */
function readPemKey(label: (typeof KEY_LABELS)[number], body: string): KeyFacts[] {
  if (!body) return [];
  const unescaped = body.replace(/\\r/g, '\r').replace(/\\n/g, '\n');
  if (label in LEGACY_FAMILY && /Proc-Type:[ \t]*4,[ \t]*ENCRYPTED/.test(unescaped)) return legacyEncrypted(label, unescaped);
  const der = decodeBase64(base64Body(body));
  if (!der) return [];
  try {
    if (label === 'OPENSSH PRIVATE KEY') return openSshKeys(der);
    if (label === 'ENCRYPTED PRIVATE KEY') {
      const e = encryptedPkcs8(der);
      return e ? [{ key: UNKNOWN_KEY, format: 'PKCS#8', encrypted: true, encryption: e.encryption, note: ENCRYPTED_PKCS8_NOTE }] : [];
    }
    const parsed = parsePrivateKey(der, label);
    const type = label === 'PRIVATE KEY' ? 'pkcs8' : label === 'RSA PRIVATE KEY' ? 'pkcs1' : label === 'EC PRIVATE KEY' ? 'sec1' : 'dsa';
    return parsed ? [{ ...parsed, format: KEY_FORMATS[type] }] : [];
  } finally {
    der.fill(0);
  }
}

/** Private keys in `s`: their public half only. `at`: the range to report (else each block's own). */
function addKeys(sink: Sink, s: string, at?: { start: number; end: number }): void {
  for (const label of KEY_LABELS) {
    for (const b of pemBlocks(s, label)) {
      if (sink.facts.keys.length >= MAX_ITEMS) return;
      const where = located(sink, at?.start ?? b.start, at?.end ?? b.end);
      for (const k of readPemKey(label, b.body)) sink.facts.keys.push({ ...where, ...k });
    }
  }
}

/** OpenSSH public keys, one a line (`.pub` files, `authorized_keys`): inventory only. */
function findSshPublicKeys(sink: Sink): void {
  const { lines } = sink;
  for (let line = 0; line < lines.starts.length && sink.facts.keys.length < MAX_ITEMS; line++) {
    const found = sshPublicKeyOnLine(lines.lineText(line));
    if (!found) continue;
    const start = lines.lineStart(line);
    sink.facts.keys.push({ ...located(sink, start + found.start, start + found.end), ...sshKeyFacts(found.key), format: 'OpenSSH public key', public: true });
  }
}

function findPem(sink: Sink): void {
  const { text } = sink;
  let index = 0;
  let lastEnd = -1;
  for (const b of pemBlocks(text, 'CERTIFICATE')) {
    // Consecutive blocks (a chain) count from 0 in their bundle.
    if (lastEnd === -1 || /[^\s"',+]/.test(text.slice(lastEnd, b.start).replace(/\\[nr]/g, ''))) index = 0;
    const der = b.body ? decodeBase64(base64Body(b.body)) : undefined;
    if (!b.body) {
      addCertificate(sink, undefined, b, 'pem', index++, keyOnLine(text, sink.lines, b.start));
      sink.facts.certificates[sink.facts.certificates.length - 1].error = `no ${END_CERT} line`;
    } else addCertificate(sink, der, b, 'pem', index++, keyOnLine(text, sink.lines, b.start));
    lastEnd = b.end;
  }
  addKeys(sink, text);
}

function findBase64Pem(sink: Sink): void {
  const { text } = sink;
  let at = text.indexOf(B64_BEGIN);
  let n = 0;
  while (at !== -1 && n++ < MAX_ITEMS) {
    let end = at;
    const limit = Math.min(text.length, at + MAX_BLOCK);
    while (end < limit && /[A-Za-z0-9+/=]/.test(text[end])) end++;
    const bytes = decodeBase64(text.slice(at, end));
    const key = keyOnLine(text, sink.lines, at);
    const pem = bytes?.toString('latin1');
    bytes?.fill(0);
    if (pem !== undefined) blocksInPem(sink, pem, { start: at, end }, key);
    else if (text.startsWith(B64_CERT, at)) addCertificate(sink, undefined, { start: at, end }, 'base64-pem', 0, key);
    at = text.indexOf(B64_BEGIN, end);
  }
}

/** `2160h`, `8760h0m0s`, `90m` (Go durations, as cert-manager writes them) -> hours. */
export function goDurationHours(s: unknown): number | undefined {
  if (typeof s !== 'string' || !/^(?:\d+(?:\.\d+)?(?:h|m|s|ms))+$/.test(s.trim())) return undefined;
  let hours = 0;
  for (const m of s.trim().matchAll(/(?<![\d.])(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    const v = Number(m[1]);
    hours += m[2] === 'h' ? v : m[2] === 'm' ? v / 60 : m[2] === 's' ? v / 3600 : v / 3_600_000;
  }
  return hours;
}

function findTerraform(sink: Sink): void {
  const { text } = sink;
  for (const type of ['tls_self_signed_cert', 'tls_locally_signed_cert'] as const) {
    const header = `resource "${type}" "`;
    let at = text.indexOf(header);
    while (at !== -1 && sink.facts.definitions.length < MAX_ITEMS) {
      const nameEnd = text.indexOf('"', at + header.length);
      if (nameEnd === -1 || nameEnd - at > 300) break;
      const name = text.slice(at + header.length, nameEnd);
      // The block: up to the next top-level `resource`/`data`/`module` (or 64 KiB).
      let blockEnd = Math.min(text.length, at + 65536);
      for (const next of ['\nresource ', '\ndata ', '\nmodule ', '\noutput ']) {
        const i = text.indexOf(next, nameEnd);
        if (i !== -1 && i < blockEnd) blockEnd = i;
      }
      const block = text.slice(at, blockEnd);
      const hours = /\bvalidity_period_hours\s*=\s*(\d{1,9})\b/.exec(block);
      const early = /\bearly_renewal_hours\s*=\s*(\d{1,9})\b/.exec(block);
      const cn = /\bcommon_name\s*=\s*"([^"\n]{1,256})"/.exec(block);
      const d: CertificateDefinition = {
        ...located(sink, at, nameEnd + 1), kind: 'terraform', name: `${type}.${name}`,
        ...(hours ? { validityHours: Number(hours[1]) } : {}),
        ...(early ? { renewBeforeHours: Number(early[1]) } : {}),
        ...(cn ? { commonName: cn[1] } : {}),
        selfSigned: type === 'tls_self_signed_cert',
      };
      sink.facts.definitions.push(d);
      at = text.indexOf(header, nameEnd);
    }
  }
}

/** cert-manager's default `duration` when a Certificate sets none: 90 days. */
export const CERT_MANAGER_DEFAULT_HOURS = 2160;

function findCertManager(sink: Sink): void {
  if (!/\bkind:\s*Certificate\b/.test(sink.text)) return;
  let docs;
  try {
    docs = parseAllYamlDocuments(sink.text, { prettyErrors: false });
  } catch {
    return;
  }
  if (!Array.isArray(docs)) return;
  for (const doc of docs) {
    if (sink.facts.definitions.length >= MAX_ITEMS) break;
    let js: unknown;
    try {
      js = doc.toJS({ maxAliasCount: 100 });
    } catch {
      continue;
    }
    if (!js || typeof js !== 'object') continue;
    const o = js as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown }; spec?: Record<string, unknown> };
    if (o.kind !== 'Certificate' || typeof o.apiVersion !== 'string' || !o.apiVersion.startsWith('cert-manager.io/')) continue;
    const spec = o.spec && typeof o.spec === 'object' ? o.spec : {};
    const range = doc.contents?.range ?? [0, 0];
    const issuerRef = spec.issuerRef as { name?: unknown } | undefined;
    const dns = Array.isArray(spec.dnsNames) ? spec.dnsNames.filter((x): x is string => typeof x === 'string') : [];
    const renew = goDurationHours(spec.renewBefore);
    sink.facts.definitions.push({
      ...located(sink, range[0], Math.min(range[1], sink.text.indexOf('\n', range[0]) === -1 ? range[1] : sink.text.indexOf('\n', range[0]))),
      kind: 'cert-manager', name: `Certificate/${typeof o.metadata?.name === 'string' ? o.metadata.name : '(unnamed)'}`,
      validityHours: goDurationHours(spec.duration) ?? CERT_MANAGER_DEFAULT_HOURS,
      ...(renew !== undefined ? { renewBeforeHours: renew } : {}),
      ...(typeof spec.commonName === 'string' ? { commonName: spec.commonName } : {}),
      ...(dns.length ? { dnsNames: dns } : {}),
      ...(typeof issuerRef?.name === 'string' ? { issuer: issuerRef.name } : {}),
    });
  }
}

/** Every certificate, private key and certificate declaration in a text; `marks` as for mayHoldCertificates. */
export function discoverCertificates(text: string, path: string, marks?: Marks): CertificateFacts {
  const facts = emptyFacts();
  const sshPublic = isSshPublicKeyFile(path);
  if (!sshPublic && !mayHoldCertificates(text, marks)) return facts;
  const sink: Sink = { facts, path, text, lines: new LineIndex(text) };
  if (sshPublic) findSshPublicKeys(sink);
  if (mayHold(marks, 'pem') && text.includes(PEM_BEGIN)) findPem(sink);
  if (mayHold(marks, 'pemBase64') && text.includes(B64_BEGIN)) findBase64Pem(sink);
  if (mayHold(marks, 'terraformCert') && (text.includes('tls_self_signed_cert') || text.includes('tls_locally_signed_cert'))) findTerraform(sink);
  if (mayHold(marks, 'certManager') && text.includes(MARKS.certManager)) findCertManager(sink);
  return facts;
}

/** Whether a binary file may be a DER certificate, a DER private key or a PKCS#12 store (by its name). */
export function isDerCandidate(path: string): boolean {
  return hasExtension(path, DER_EXTENSIONS) || hasExtension(path, KEY_EXTENSIONS);
}

/**
 * A private key or a PKCS#12 store in DER, told by its structure (it starts with a SEQUENCE whose first
 * parts are an INTEGER or an algorithm's OID: control characters no text file holds there). Binary even
 * when no NUL byte happens to show it (the decoder's test), so a small key is never read as text.
 */
function holdsDerKey(bytes: Uint8Array): boolean {
  if (bytes[0] !== 0x30) return false;
  const shape = derShape(bytes);
  return shape !== undefined && shape !== 'certificate';
}

/**
 * Whether a file is read for its structure (certificates, keys, stores: discoverDer) rather than as text:
 * named like one, and binary by the decoder's test (`binary`) or a DER key by its shape. Every face asks
 * this one question (a tree's scan, `--staged`, git history, the editor's rescans).
 */
export function readForStructure(bytes: Uint8Array, path: string, binary: boolean): boolean {
  return isDerCandidate(path) && (binary || holdsDerKey(bytes));
}

const WHOLE_FILE = { start: 0, end: 0 };

function addKey(sink: Sink, k: KeyFacts): void {
  if (sink.facts.keys.length < MAX_ITEMS) sink.facts.keys.push({ ...located(sink, 0, 0), ...k });
}

/** A PKCS#12 store: its unencrypted certificates and keys; its encrypted keys and parts as keys of unknown algorithm. */
function addPkcs12(sink: Sink, bytes: Uint8Array): void {
  const p = parsePkcs12(bytes);
  if ('error' in p) return addKey(sink, { key: UNKNOWN_KEY, format: 'PKCS#12', error: p.error });
  p.certificates.forEach((der, i) => addCertificate(sink, Buffer.from(der), WHOLE_FILE, 'pkcs12', i));
  for (const der of p.keys) {
    if (sink.facts.keys.length >= MAX_ITEMS) break;
    const parsed = parsePrivateKeyOf(der, 'pkcs8');
    addKey(sink, parsed ? { ...parsed, format: 'PKCS#12' } : { key: UNKNOWN_KEY, format: 'PKCS#12', error: 'an unreadable key bag' });
  }
  // A store's keys share its password: the first one says whether it is a default one.
  const opened = p.shroudedKeys.length > 0 && pkcs8UnderDefaultPassword(p.shroudedKeys[0].der, p.shroudedKeys[0].iterations);
  for (const s of p.shroudedKeys) {
    addKey(sink, { key: UNKNOWN_KEY, format: 'PKCS#12', encrypted: true, ...(s.encryption ? { encryption: s.encryption } : {}), ...(opened ? { defaultPassword: true } : {}), note: ENCRYPTED_PKCS8_NOTE });
  }
  // Encrypted parts whose bags cannot be seen: the store is listed once, as such.
  if (p.encryptedParts && !p.keys.length && !p.shroudedKeys.length) {
    addKey(sink, { key: UNKNOWN_KEY, format: 'PKCS#12', encrypted: true, ...(p.encryption ? { encryption: p.encryption } : {}), note: 'PKCS#12 store, contents encrypted', unseen: true });
  }
}

/** A Java keystore: its certificates, and its private and secret keys as keys of unknown algorithm (each encrypted under a password). */
function addJavaKeystore(sink: Sink, bytes: Uint8Array): void {
  const k = parseJavaKeystore(bytes);
  if ('error' in k) return addKey(sink, { key: UNKNOWN_KEY, format: 'JKS', error: k.error });
  k.certificates.forEach((der, i) => addCertificate(sink, Buffer.from(der), WHOLE_FILE, 'java-keystore', i));
  const note = `${k.kind} keystore entry: encrypted under a password`;
  const opened = k.privateKeys + k.secretKeys > 0 && javaKeystoreUnderDefaultPassword(bytes);
  for (let i = 0; i < k.privateKeys + k.secretKeys && sink.facts.keys.length < MAX_ITEMS; i++) {
    addKey(sink, { key: UNKNOWN_KEY, format: k.kind, encrypted: true, ...(opened ? { defaultPassword: true } : {}), note });
  }
  // Entries that could not be listed (cut short): whether a key is among them cannot be seen.
  if (!k.privateKeys && !k.secretKeys && k.unlisted) addKey(sink, { key: UNKNOWN_KEY, format: k.kind, encrypted: true, note: `${k.kind} keystore, entries not listed`, unseen: true });
}

/**
 * A binary file named like a certificate, key or PKCS#12 store, told apart by its shape: a DER
 * certificate (an error fact when a `.der`/`.cer`/`.crt` is none), a DER private key (PKCS#8, PKCS#1,
 * SEC1, DSA; encrypted PKCS#8), a PKCS#12 store. Anything else is some other binary file.
 */
export function discoverDer(bytes: Uint8Array, path: string): CertificateFacts {
  const facts = emptyFacts();
  const sink: Sink = { facts, path, text: '', lines: new LineIndex('') };
  if (isJavaKeystore(bytes)) {
    addJavaKeystore(sink, bytes);
    return facts;
  }
  // Every other one starts with a SEQUENCE (0x30).
  if (bytes.length < 16 || bytes[0] !== 0x30) return facts;
  const lower = path.toLowerCase();
  const shape = derShape(bytes);
  const certificateFile = hasExtension(path, DER_EXTENSIONS);
  if (shape === 'pkcs12' || (!shape && (lower.endsWith('.p12') || lower.endsWith('.pfx')))) addPkcs12(sink, bytes);
  else if (shape === 'encrypted-pkcs8') {
    const e = encryptedPkcs8(bytes);
    const opened = pkcs8UnderDefaultPassword(bytes, e?.iterations);
    addKey(sink, { key: UNKNOWN_KEY, format: 'PKCS#8', encrypted: true, ...(e ? { encryption: e.encryption } : {}), ...(opened ? { defaultPassword: true } : {}), note: ENCRYPTED_PKCS8_NOTE });
  } else if (shape === 'pkcs8' || shape === 'pkcs1' || shape === 'sec1' || shape === 'dsa') {
    const parsed = parsePrivateKeyOf(bytes, shape);
    addKey(sink, parsed ? { ...parsed, format: KEY_FORMATS[shape] } : { key: UNKNOWN_KEY, format: KEY_FORMATS[shape], error: `not a readable ${KEY_FORMATS[shape]} private key` });
  } else if (shape === 'certificate' || certificateFile) {
    addCertificate(sink, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), WHOLE_FILE, 'der', 0);
  }
  return facts;
}

export function hasFacts(f: CertificateFacts): boolean {
  return f.certificates.length > 0 || f.keys.length > 0 || f.definitions.length > 0;
}
