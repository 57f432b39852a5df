// The labelled corpus (test/corpus) is a tree of templates: real-looking files in which every secret
// is a marker filled at run time, so this repository never holds a token-shaped string.
//
//   ⟦pos:KIND⟧   a secret the scanner must report (replaced by a fresh POSITIVE_KINDS[KIND] value)
//   ⟦neg:KIND⟧   a generated look-alike it must not report (NEGATIVE_KINDS[KIND])
//   ⟦lit:TEXT⟧   a hand-written hard negative (placeholder, env lookup, vault reference, ...): TEXT is
//                kept verbatim; the marker only lets the test count and locate it
//
// A template whose name ends in `.tmpl` is scanned under its name without that suffix (so `.js`/`.ts`
// templates are not picked up by tsc or eslint).
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ALPHABET, type SampleGen } from '../../../src/core/rules/sample-gen';

export type KindGen = (g: SampleGen) => string;

const BASE32_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const CRYPT64 = './' + ALPHABET.digits + ALPHABET.upper + ALPHABET.lower;
/** Joins parts, so no vendor's documented example value is written out in one piece. */
const join = (...parts: string[]) => parts.join('');

/** A token whose last checksum character is changed: the right shape, but not a real one. */
function breakChecksum(token: string): string {
  const last = token[token.length - 1];
  return token.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}

function pemJson(g: SampleGen, label: string): string {
  return g.pem(label, 8).replace(/\n/g, '\\n');
}

/** Secrets, by kind. Each is a value the built-in rules are meant to report. */
export const POSITIVE_KINDS: Readonly<Record<string, KindGen>> = {
  // GitHub and npm (CRC32-checksummed)
  'github-pat': (g) => g.checksummedToken('ghp_'),
  'github-oauth': (g) => g.checksummedToken('gho_'),
  'github-app-token': (g) => g.checksummedToken('ghs_'),
  'github-user-token': (g) => g.checksummedToken('ghu_'),
  'github-refresh': (g) => g.checksummedToken('ghr_'),
  'github-fine-grained': (g) => `github_pat_${g.alnum(22)}_${g.alnum(59)}`,
  'npm-token': (g) => g.checksummedToken('npm_'),
  // Cloud
  'aws-key-id': (g) => 'AKIA' + g.chars(BASE32_UPPER, 16),
  'aws-session-key-id': (g) => 'ASIA' + g.chars(BASE32_UPPER, 16),
  'aws-secret': (g) => g.chars(ALPHABET.alnum + '/+', 40),
  'gcp-api-key': (g) => 'AIza' + g.base64url(35),
  'gcp-private-key-json': (g) => pemJson(g, 'PRIVATE KEY'),
  'azure-storage-key': (g) => g.base64Bytes(64),
  'azure-sas-sig': (g) => encodeURIComponent(g.base64Bytes(32)),
  'digitalocean': (g) => 'dop_v1_' + g.hex(64),
  'vault-token': (g) => 'hvs.' + g.base64url(90),
  // SaaS
  'stripe-live': (g) => 'sk_' + 'live_' + g.alnum(24),
  'stripe-test': (g) => 'sk_' + 'test_' + g.alnum(24),
  'stripe-restricted': (g) => 'rk_' + 'live_' + g.alnum(24),
  'stripe-webhook': (g) => 'whsec_' + g.alnum(32),
  'slack-bot': (g) => `xoxb-${g.digits(12)}-${g.digits(13)}-${g.alnum(24)}`,
  'slack-user': (g) => `xoxp-${g.digits(12)}-${g.digits(12)}-${g.digits(13)}-${g.hex(32)}`,
  'slack-webhook': (g) => `https://hooks.slack.com/services/T${g.upperAlnum(8)}/B${g.upperAlnum(10)}/${g.alnum(24)}`,
  'sendgrid': (g) => `SG.${g.base64url(22)}.${g.base64url(43)}`,
  'openai': (g) => `sk-proj-${g.base64url(74)}T3BlbkFJ${g.base64url(74)}`,
  'anthropic': (g) => `sk-ant-api03-${g.base64url(93)}AA`,
  'twilio-api-key': (g) => 'SK' + g.hex(32),
  'twilio-auth-token': (g) => g.hex(32),
  'mailgun': (g) => 'key-' + g.hex(32),
  'shopify': (g) => 'shpat_' + g.hex(32),
  'gitlab-pat': (g) => 'glpat-' + g.base64url(20),
  'docker-pat': (g) => 'dckr_pat_' + g.base64url(27),
  'pypi': (g) => 'pypi-AgEIcHlwaS5vcmc' + g.base64url(70),
  'huggingface': (g) => 'hf_' + g.chars(ALPHABET.upper + ALPHABET.lower, 34),
  'telegram-bot': (g) => `${g.digits(10)}:AA${g.base64url(33)}`,
  'discord-webhook': (g) => `https://discord.com/api/webhooks/${g.digits(18)}/${g.base64url(68)}`,
  'datadog-api-key': (g) => g.hex(32),
  'datadog-app-key': (g) => g.hex(40),
  'newrelic-license': (g) => g.hex(36) + 'NRAL',
  'age-secret': (g) => 'AGE-SECRET-KEY-1' + g.chars(BECH32, 58).toUpperCase(),
  // Structured
  'jwt': (g) => g.jwt({ role: 'service' }),
  'pem-rsa': (g) => g.pem('RSA PRIVATE KEY'),
  'pem-openssh': (g) => g.pem('OPENSSH PRIVATE KEY', 6),
  'pem-ec': (g) => g.pem('EC PRIVATE KEY', 3),
  'pem-pkcs8': (g) => g.pem('PRIVATE KEY', 10),
  'base64-key32': (g) => g.base64Bytes(32),
  'base64-session-token': (g) => 'IQoJb3JpZ2luX2VjE' + g.base64(340),
  'base64-pem-key': (g) => Buffer.from(g.pem('RSA PRIVATE KEY', 6) + '\n').toString('base64'),
  'basic-auth': (g) => Buffer.from(`deploy:${g.alnum(20)}`).toString('base64'),
  // Passwords and generic secrets
  'url-password': (g) => g.alnum(18),
  'generic-password': (g) => g.password(16),
  'generic-secret': (g) => g.alnum(32),
  'hex-secret': (g) => g.hex(64),
  'django-secret': (g) => g.chars(ALPHABET.lowerAlnum + '!#%^&*-_=+', 50),
  // A dictionary password in a tool's credential file: weak, and still a leaked credential.
  'weak-password': (g) => g.weakPassword(),
  'weak-basic-auth': (g) => Buffer.from(`ci:${g.weakPassword()}`).toString('base64'),
  'weak-password-b64': (g) => Buffer.from(g.weakPassword()).toString('base64'),
  // Secrets in escaped and encoded contexts, and secrets of providers that issue UUIDs.
  'url-encoded-password': (g) => encodeURIComponent(g.password(16)),
  'uuid-secret': (g) => g.uuid(),
  'aws-key-id-repeated': (g) => 'AKIA' + g.chars('QZ7R', 16),
  'bearer-opaque': (g) => g.alnum(38) + g.digits(2),
  'bcrypt-hash': (g) => '$2y$10$' + g.chars(CRYPT64, 53),
};

/** Look-alikes that are not secrets, by kind. */
export const NEGATIVE_KINDS: Readonly<Record<string, KindGen>> = {
  'github-pat-badcrc': (g) => breakChecksum(g.checksummedToken('ghp_')),
  'npm-token-badcrc': (g) => breakChecksum(g.checksummedToken('npm_')),
  // Placeholders in the exact shape of a token, built here so no file holds one verbatim.
  'github-pat-placeholder': () => 'ghp_' + 'x'.repeat(36),
  'slack-bot-placeholder': () => join('xoxb-', 'your-bot-token'),
  'uuid': (g) => g.uuid(),
  /** A random string where no name/value syntax pairs it with a credential name (a list, a type). */
  'random-alnum': (g) => g.alnum(32),
  'git-sha': (g) => g.hex(40),
  'short-sha': (g) => g.hex(7),
  'sha256': (g) => g.hex(64),
  'md5': (g) => g.hex(32),
  'sha1': (g) => g.hex(40),
  'sri-sha512': (g) => 'sha512-' + g.base64Bytes(64),
  'sri-sha1': (g) => 'sha1-' + g.base64Bytes(20),
  'docker-digest': (g) => 'sha256:' + g.hex(64),
  'ssh-rsa-pub': (g) => `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ${g.base64(360)} deploy@build-01`,
  'ssh-ed25519-pub': (g) => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${g.base64(43)} ops@laptop`,
  'pem-public': (g) => g.pem('PUBLIC KEY', 6),
  'pem-cert': (g) => g.pem('CERTIFICATE', 14),
  'stripe-publishable': (g) => 'pk_' + 'live_' + g.alnum(24),
  'aws-example-key-id': () => join('AKIA', 'IOSFODNN7', 'EXAMPLE'),
  'aws-example-secret': () => join('wJalrXUtnFEMI', '/K7MDENG/', 'bPxRfiCY', 'EXAMPLEKEY'),
  'sops-enc': (g) => `ENC[AES256_GCM,data:${g.base64Bytes(24)},iv:${g.base64Bytes(32)},tag:${g.base64Bytes(16)},type:str]`,
  'dotenvx-enc': (g) => 'encrypted:' + g.base64Bytes(96),
  'sealed-secret': (g) => 'AgB' + g.base64(420),
  'google-client-id': (g) => `${g.digits(12)}-${g.lowerAlnum(32)}.apps.googleusercontent.com`,
  'jwt-header-only': () => Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url'),
  'build-hash': (g) => g.hex(20),
  'base64-blob': (g) => g.base64Bytes(48),
  'base64-sha256': (g) => g.base64Bytes(32),
  'base64-cert': (g) => Buffer.from(g.pem('CERTIFICATE', 10) + '\n').toString('base64'),
  'request-id': (g) => g.lowerAlnum(26),
  'twilio-account-sid': (g) => 'AC' + g.hex(32),
  'k8s-resource-version': (g) => g.digits(9),
  /** A hash of a machine account's random key (not a crackable password). */
  'bcrypt-hash': (g) => '$2b$12$' + g.chars(CRYPT64, 53),
};

export interface Planted {
  polarity: 'pos' | 'neg' | 'lit';
  /** The kind, or `lit`. */
  kind: string;
  start: number;
  end: number;
}

export interface FilledTemplate {
  text: string;
  planted: Planted[];
}

const MARKER = /⟦(pos|neg):([a-z0-9-]+)⟧|⟦lit:([^⟧\n]*)⟧/g;

/** Replaces every marker, recording where each planted value ends up in the filled text. */
export function fillTemplate(template: string, g: SampleGen): FilledTemplate {
  const planted: Planted[] = [];
  let text = '';
  let last = 0;
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(template); m; m = MARKER.exec(template)) {
    text += template.slice(last, m.index);
    last = m.index + m[0].length;
    let value: string;
    let polarity: Planted['polarity'];
    let kind: string;
    if (m[3] !== undefined) {
      polarity = 'lit';
      kind = 'lit';
      value = m[3];
    } else {
      polarity = m[1] as 'pos' | 'neg';
      kind = m[2];
      const gen = (polarity === 'pos' ? POSITIVE_KINDS : NEGATIVE_KINDS)[kind];
      if (!gen) throw new Error(`unknown ${polarity} kind: ${kind}`);
      value = gen(g);
      // A multi-line value (a PEM block) placed on an indented line keeps that indentation (YAML `|`).
      const before = text.slice(text.lastIndexOf('\n') + 1);
      if (/^[ \t]+$/.test(before)) value = value.replace(/\n/g, '\n' + before);
    }
    planted.push({ polarity, kind, start: text.length, end: text.length + value.length });
    text += value;
  }
  text += template.slice(last);
  if (/⟦|⟧/.test(text)) throw new Error('malformed marker left in template');
  return { text, planted };
}

/** Every file under `root`, as sorted POSIX paths relative to it. */
export function listTemplates(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** The path a template is scanned under: its own, less a trailing `.tmpl`. */
export function scannedPath(templatePath: string): string {
  return templatePath.replace(/\.tmpl$/, '');
}
