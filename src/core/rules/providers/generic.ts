// Rules with no provider prefix: JWTs, and values assigned to credential-like names. These carry the
// most false-positive risk, so they demand entropy, mixed character classes and a name that really
// means "credential" (`secretKeyRef`, `tokenizer` and `passwordPrompt` do not).
import { shannonEntropy } from '../../text/entropy';
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

const PASSWORD_WORDS = new Set(['password', 'passwd', 'passphrase', 'pwd', 'pass', 'dbpass', 'dbpassword']);
const SECRET_WORDS = new Set([
  'secret', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'clientsecret', 'accesskey', 'secretkey',
  'authtoken', 'accesstoken', 'refreshtoken', 'bearer',
]);
/** `<word> key` pairs that name a secret. */
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'signing', 'encryption', 'master', 'session', 'auth', 'client', 'app', 'license', 'service', 'hmac', 'jwt']);
/** A final word that makes the name about a credential rather than the credential itself. */
const NOT_THE_VALUE = new Set([
  'name', 'names', 'ref', 'path', 'file', 'url', 'uri', 'endpoint', 'id', 'type', 'length', 'len', 'field', 'label', 'prompt',
  'hint', 'policy', 'env', 'var', 'header', 'prefix', 'format', 'regex', 'pattern', 'expiry', 'expires', 'expiration', 'ttl',
  'count', 'max', 'min', 'enabled', 'required', 'reset', 'placeholder', 'template', 'location', 'dir', 'provider', 'store',
  'manager', 'version', 'rotation', 'mode', 'strategy', 'selector', 'mount', 'arn', 'scope', 'scopes', 'audience', 'issuer',
  'algorithm', 'alg', 'input', 'validator', 'validation', 'strength', 'hash', 'hashed', 'salt', 'at', 'key', 'keys', 'size',
  'timeout', 'cache', 'class', 'service', 'source', 'kind', 'option', 'options', 'config', 'policy', 'usage', 'error', 'message',
  'text', 'title', 'description', 'label', 'button', 'icon', 'dialog', 'form', 'confirm', 'confirmation', 'question',
]);

export type CredentialNameKind = 'password' | 'secret' | undefined;

/** Whether an identifier names a password, another secret, or neither. */
export function credentialName(name: string): CredentialNameKind {
  const words = identifierWords(name);
  if (words.length === 0) return undefined;
  const last = words[words.length - 1];
  const keyPair = words.some((w, i) => w === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1]));
  if (NOT_THE_VALUE.has(last) && !(last === 'key' && keyPair)) return undefined;
  if (words.some((w) => PASSWORD_WORDS.has(w))) return 'password';
  if (keyPair || words.some((w) => SECRET_WORDS.has(w))) return 'secret';
  return undefined;
}

function charClasses(s: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(s)).length;
}

/** An unquoted value that reads like code (`config.apiKey`, `getToken`, `None`) is not a literal. */
function looksLikeExpression(value: string): boolean {
  return /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value) || /^[A-Za-z_$][A-Za-z_$]*$/.test(value) ||
    /^[!&*@]/.test(value);
}

// name ["']? (:|=|:=|=>) ["']? value — every repetition bounded, so it stays linear on long lines.
const ASSIGNMENT =
  /(?<![\w.-])([A-Za-z_][\w.-]{0,59})["'\]]?\s{0,4}(?::=|=>|=|:)\s{0,4}([bfru@$]?["'`])?([^\s"'`;,<>(){}[\]\\]{6,256})(?=["'`]|\s|$|[;,)}\]<])/;

const assignment = (kind: 'password' | 'secret') => (secret: string, m: RegExpExecArray): boolean => {
  if (credentialName(m[1]) !== kind) return false;
  const quoted = Boolean(m[2]);
  if (!quoted && looksLikeExpression(secret)) return false;
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
    keywords: ['pass', 'pwd'],
    regex: ASSIGNMENT,
    secretGroup: 3,
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
    id: 'generic-secret',
    description: 'High-entropy secret assigned to a credential-like name',
    provider: 'Generic',
    kind: 'api_key',
    severity: 'high',
    confidence: 'low',
    keywords: ['secret', 'token', 'api_key', 'apikey', 'api-key', 'access_key', 'accesskey', 'private_key', 'privatekey', 'credential',
      'signing_key', 'signingkey', 'encryption_key', 'encryptionkey', 'master_key', 'masterkey', 'session_key', 'hmac_key', 'bearer'],
    regex: ASSIGNMENT,
    secretGroup: 3,
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
