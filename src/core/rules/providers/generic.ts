// Rules with no provider prefix: JWTs, and values assigned to credential-like names. These carry the
// most false-positive risk, so they demand entropy, mixed character classes and a name that really
// means "credential" (`secretKeyRef`, `tokenizer` and `passwordPrompt` do not).
import { shannonEntropy } from '../../text/entropy';
import { validGithubStyleToken } from '../checksum';
import type { Rule } from '../types';

/** Words an identifier is split into: `DB_PASSWORD` -> db, password; `apiKey` -> api, key. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const PASSWORD_WORDS = new Set(['password', 'passwd', 'passphrase', 'pwd', 'pass', 'dbpass', 'dbpassword', 'identified']);
const SECRET_WORDS = new Set([
  'secret', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'clientsecret', 'accesskey', 'secretkey',
  'authtoken', 'accesstoken', 'refreshtoken', 'bearer',
]);
/** `<word> key` pairs that name a secret. */
// Not `app`: Pusher's and Algolia's app keys are public identifiers.
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'signing', 'encryption', 'master', 'session', 'auth', 'client', 'license', 'service', 'hmac', 'jwt', 'validation', 'decryption', 'machine']);
/** A final word that makes the name about a credential rather than the credential itself. */
const NOT_THE_VALUE = new Set([
  'name', 'names', 'ref', 'path', 'file', 'url', 'uri', 'endpoint', 'id', 'type', 'length', 'len', 'field', 'label', 'prompt',
  'hint', 'policy', 'env', 'var', 'header', 'prefix', 'format', 'regex', 'pattern', 'expiry', 'expires', 'expiration', 'ttl',
  'count', 'max', 'min', 'enabled', 'required', 'reset', 'placeholder', 'template', 'location', 'dir', 'provider', 'store',
  'manager', 'version', 'rotation', 'mode', 'strategy', 'selector', 'mount', 'arn', 'scope', 'scopes', 'audience', 'issuer',
  'algorithm', 'alg', 'input', 'validator', 'validation', 'strength', 'hash', 'hashed', 'salt', 'at', 'key', 'keys', 'size',
  'timeout', 'cache', 'class', 'service', 'source', 'kind', 'option', 'options', 'config', 'policy', 'usage', 'error', 'message',
  'text', 'title', 'description', 'label', 'button', 'icon', 'dialog', 'form', 'confirm', 'confirmation', 'question',
  'sha', 'sha1', 'sha256', 'sha512', 'md5', 'digest', 'checksum', 'fingerprint', 'last4', 'suffix', 'hint',
]);

export type CredentialNameKind = 'password' | 'secret' | undefined;

/** Whether an identifier names a password, another secret, or neither. */
export function credentialName(name: string): CredentialNameKind {
  const words = identifierWords(name);
  if (words.length === 0) return undefined;
  const last = words[words.length - 1];
  const keyPair = words.some((w, i) => w === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1]));
  if (NOT_THE_VALUE.has(last) && !(last === 'key' && keyPair)) return undefined;
  if (words.some((w) => PASSWORD_WORDS.has(w) || /password|passwd|passphrase|requirepass/.test(w))) return 'password';
  if (keyPair || words.some((w) => SECRET_WORDS.has(w) || /secret|(?:token|apikey)s?$/.test(w))) return 'secret';
  return undefined;
}

/** A GitHub/npm-shaped token whose checksum fails is a look-alike (a test fixture), not a secret. */
function failsKnownChecksum(value: string): boolean {
  return /^(?:gh[pousr]|npm)_[A-Za-z0-9]{36}$/.test(value) && !validGithubStyleToken(value);
}

function charClasses(s: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(s)).length;
}

/** An unquoted value that reads like code (`config.apiKey`, `getToken`, `None`) is not a literal. */
function looksLikeExpression(value: string): boolean {
  if (/^[A-Za-z_$][A-Za-z_$]*$/.test(value)) return value.length < 24 || shannonEntropy(value) < 4; // a word, unless random letters
  return /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value) || // member access: config.apiKey
    /^[A-Z][A-Za-z]+-[A-Z][A-Za-z]+$/.test(value) || // a PowerShell command: Read-Host
    /^[!&*@]|^\/\//.test(value); // YAML tags and anchors; the rest of a URL
}

// A value stops at `=` except for base64 padding, so `password=password=…` cannot grow one long value.
const VALUE = `([^\\s"'\`;,<>(){}[\\]\\\\=]{6,200}={0,2})`;
// The name, then one of the forms people assign credentials in; every repetition is bounded, and
// the engine anchors the match at the identifier around a keyword, so the cost stays linear.
const ASSIGNMENT = new RegExp(
  `(?<![\\w.:/+])([A-Za-z_][\\w.-]{0,59})(?:` +
    // NAME = value, NAME: "value", NAME := value, "NAME" => 'value', config["NAME"] = "value"
    `["'\\]]{0,2}[ \\t]{0,32}(?::=|=>|=|:)[ \\t]{0,4}([bfru@$]?["'\`])?${VALUE}(?=["'\`]|\\s|$|[;,)}\\]<])` +
    // SQL and CLIs: PASSWORD 'value', IDENTIFIED BY 'value', --requirepass "value" (quotes required)
    `|(?:\\s{1,4}BY)?\\s{1,4}(["'])${VALUE}(?=["'])` +
    // define('NAME', 'value'), dict.get("NAME", "value")
    `|["']\\s{0,2},\\s{0,4}(["'])${VALUE}(?=["'])` +
    // <add key="NAME" value="value" />
    `|["']\\s{1,4}value\\s{0,2}=\\s{0,2}(["'])${VALUE}(?=["'])` +
    // <NAME>value</NAME>
    `|>${VALUE}(?=<\\/)` +
    // Kubernetes env: - name: NAME \\n value: value
    `|["']?[ \\t]{0,4}\\r?\\n[ \\t]{0,40}value:[ \\t]{0,4}(["'])?${VALUE}(?=["']|\\s|$)` +
  `)`,
);
/** Where each form keeps its opening quote and its value. */
const QUOTE_GROUPS = [2, 4, 6, 8, -1, 11];
const VALUE_GROUPS = [3, 5, 7, 9, 10, 12];

/** `/agent-inject/db/creds`, `secret/data/app`: a path names where a secret lives. */
function looksLikePath(value: string): boolean {
  return /^\/?[a-z0-9_.-]{1,64}(?:\/[a-z0-9_.-]{1,64}){1,16}\/?$/.test(value);
}

const assignment = (kind: 'password' | 'secret') => (secret: string, m: RegExpExecArray): boolean => {
  if (credentialName(m[1]) !== kind) return false;
  const form = VALUE_GROUPS.findIndex((g) => m[g] !== undefined);
  const quoted = QUOTE_GROUPS[form] === -1 || Boolean(m[QUOTE_GROUPS[form]]);
  if (!quoted && looksLikeExpression(secret)) return false;
  if (looksLikePath(secret) || failsKnownChecksum(secret)) return false;
  if (kind === 'password') return secret.length >= 6 && charClasses(secret) >= 2 && shannonEntropy(secret) >= 2.5;
  return secret.length >= 12 && charClasses(secret) >= 2 && shannonEntropy(secret) >= 3.2;
};

export const rules: Rule[] = [
  {
    id: 'jwt',
    description: 'JSON Web Token (signed bearer credential)',
    provider: 'JWT',
    kind: 'token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['eyj'],
    regex: /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{12,400}\.eyJ[A-Za-z0-9_-]{12,4000}\.[A-Za-z0-9_-]{16,1000})(?![A-Za-z0-9_-])/,
    envName: 'JWT_TOKEN',
    samples: {
      secret: (g) => g.jwt({ role: 'service' }),
      falsePositives: (g) => [
        `header = "eyJhbGciOiJIUzI1NiJ9"`, // a lone header segment
        `const part = "eyJ${g.base64url(20)}"`,
        'token: "eyJ...your.jwt.here"',
      ],
    },
  },
  {
    id: 'generic-password',
    description: 'Password assigned to a credential-like name',
    provider: 'Generic',
    kind: 'password',
    severity: 'high',
    confidence: 'low',
    keywords: ['pass', 'pwd', 'identified'],
    regex: ASSIGNMENT,
    secretGroup: VALUE_GROUPS,
    anchorAtIdentifier: true,
    validate: assignment('password'),
    envName: 'APP_PASSWORD',
    samples: {
      secret: (g) => g.password(14),
      falsePositives: (g) => [
        'password = "changeme"',
        'db_password: ${DB_PASSWORD}',
        'const password = process.env.DB_PASSWORD;',
        `passwordField = "${g.password(12)}"`,
        'password: must be at least 8 characters',
        'if (password.length < minPasswordLength) return;',
        "self.password = password",
        'PASSWORD_MIN_LENGTH=12',
        'password: "********"',
        'password = getPassword()',
        'compass = "North2West"',
      ],
    },
  },
  {
    id: 'powershell-plaintext-securestring',
    description: 'Password turned into a SecureString from plain text in a script',
    provider: 'Generic',
    kind: 'password',
    severity: 'high',
    confidence: 'medium',
    keywords: ['convertto-securestring'],
    regex: /ConvertTo-SecureString\s{1,4}(?:-String\s{1,4})?(["'])([^"'\s]{6,256})\1\s{1,4}-AsPlainText/i,
    secretGroup: 2,
    envName: 'SERVICE_PASSWORD',
    samples: {
      truePositives: (g) => [`$pw = ConvertTo-SecureString "${g.password(14)}" -AsPlainText -Force`],
      falsePositives: () => [
        '$pw = ConvertTo-SecureString $env:SERVICE_PASSWORD -AsPlainText -Force',
        '$pw = Read-Host -AsSecureString',
      ],
    },
  },
  {
    id: 'generic-secret',
    description: 'High-entropy secret assigned to a credential-like name',
    provider: 'Generic',
    kind: 'api_key',
    severity: 'high',
    confidence: 'low',
    keywords: ['secret', 'token', 'api_key', 'apikey', 'api-key', 'access_key', 'accesskey', 'private_key', 'privatekey', 'credential',
      'signing_key', 'signingkey', 'encryption_key', 'encryptionkey', 'master_key', 'masterkey', 'session_key', 'hmac_key', 'bearer',
      'validationkey', 'decryptionkey'],
    regex: ASSIGNMENT,
    secretGroup: VALUE_GROUPS,
    anchorAtIdentifier: true,
    validate: assignment('secret'),
    envName: 'API_SECRET',
    samples: {
      secret: (g) => g.alnum(32),
      falsePositives: (g) => [
        `secretKeyRef: "${g.lowerAlnum(16)}-creds"`,
        `tokenizer = "${g.alnum(24)}"`,
        `api_key_hash = "${g.hex(64)}"`,
        `integrity: "sha512-${g.base64(86)}=="`,
        `client_id_token_url = "https://auth.example.com/oauth/token"`,
        `secret_name = "payments-prod-db"`,
        `api_key = "${g.uuid()}"`,
        'token = ref+vault://secret/data/app#/token',
        'api_key: ENC[AES256_GCM,data:Tm90IGEgc2VjcmV0,iv:abc,tag:def,type:str]',
        "secret_key = os.environ['SECRET_KEY']",
        'apiKey: "{{ .Values.apiKey }}"',
        'token: "@Microsoft.KeyVault(SecretUri=https://myvault.vault.azure.net/secrets/api-token/)"',
        'api_key = "your-api-key-here"',
        'const token = req.headers.authorization;',
        `secret = "${'ab'.repeat(12)}"`,
      ],
    },
  },
];
