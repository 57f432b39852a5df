// Values that stand in for a secret and are none: placeholders (`changeme`, `<your-key>`), template
// and environment lookups, secret-manager references, ciphertexts, vendors' documented examples.
// Pure tests on one value: the rules use them (a rule's own checks) and so do the scan's filters.

const PLACEHOLDER_WORDS =
  /changeme|change[_-]?(?:me|this)|your[_-]?(?:api[_-]?)?(?:key|token|secret|password|pass)|\byour[_-][a-z]|placeholder|redacted|dummy|example|sample|fake|insert[_-]?here|replace[_-]?me|replace[_-]?with|[_-]here$|^(?:enter|put|paste|add|insert)[_-]?your|todo|fixme|notreal|not[_-]a[_-]real|secret[_-]?here|xxxx|\*\*\*\*|\.\.\.|<[^>]{0,40}>|^\[[^\]]*\]$/i;
const LITERAL_NON_VALUES = new Set([
  'password', 'passwd', 'secret', 'token', 'null', 'none', 'nil', 'true', 'false', 'undefined', 'string', 'required',
  'optional', 'empty', 'test', 'testing', 'admin', 'root', 'default', 'value', 'apikey', 'api_key', 'secretkey', 'guest',
]);

/** `changeme`, `<your-key>`, `xxxxxxxx`, `********`, a run of one character, `123456`, `abcdef…`. */
export function isPlaceholder(secret: string): boolean {
  if (PLACEHOLDER_WORDS.test(secret)) return true;
  // `user:password)` in prose: the closing punctuation is not part of the word.
  const word = secret.replace(/[)\]}>.,;:!?'"]+$/, '');
  if (LITERAL_NON_VALUES.has(word.toLowerCase())) return true;
  // `db_password`, `app_secret_key`, `invalid_client_credential`: the name of a value, not a value.
  if (/^[a-z_.-]*(?:password|passwd|secret|token|apikey|api_key|credential)[a-z_.-]*\d{0,4}$/i.test(word)) return true;
  if (/^(.)\1+$/.test(secret)) return true;
  if (/(.)\1{5,}/.test(secret) && new Set(secret).size <= 6) return true;
  return isSequential(secret);
}

/**
 * A value that asks to be filled in (`changeme`, `<password>`, `your_password`, `********`, `*`), and
 * nothing weaker: in a tool's credential file a dictionary word or `123456` is the password itself.
 */
export function isFillIn(secret: string): boolean {
  return PLACEHOLDER_WORDS.test(secret) || /^[*xX#?._-]+$/.test(secret);
}

const ALGORITHM_NAME =
  /^(?:bcrypt(?:[_-]?sha256)?|argon2(?:id|i|d)?|scrypt|pbkdf2(?:[_-]?sha(?:1|256|512))?|sha-?(?:1|224|256|384|512)(?:[_-]?crypt)?|md5(?:[_-]?crypt)?|crypt|(?:hs|rs|es|ps)(?:256|384|512)|eddsa|hmac[_-]?sha-?(?:1|256|384|512)|aes-?(?:128|192|256)(?:-?(?:gcm|cbc|ctr))?|plain(?:text)?|clear(?:text)?|none|noop|nop|disabled|native|legacy|auto)$/i;

/** `bcrypt`, `argon2id`, `sha256`, `plain`, `none`: the name of an algorithm or a mode, what a `PASSWORD_ENCODER` holds. */
export function isAlgorithmName(secret: string): boolean {
  return ALGORITHM_NAME.test(secret);
}

/** A run along the digits, the alphabet or a keyboard row (`abc`, `1234`, `qwerty`): a stand-in, whatever its length. */
function isSequential(s: string): boolean {
  if (s.length < 3) return false;
  const lower = s.toLowerCase();
  return '0123456789012345678901234567890'.includes(lower) || 'abcdefghijklmnopqrstuvwxyz'.includes(lower) ||
    'qwertyuiopasdfghjklzxcvbnm'.includes(lower);
}

const TEMPLATE =
  /\$\{[^}]{0,200}\}|\{\{[^}]{0,200}\}\}|\$\([^)]{0,200}\)|%\([\w.]{1,80}\)s|%\{[\w.]{1,80}\}|#\{[^}]{0,200}\}|<%=?[^%]{0,200}%>|^\$[A-Za-z_][A-Za-z0-9_]{0,80}$|^%[A-Za-z_][A-Za-z0-9_]{0,80}%$|process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv\(|System\.getenv|Environment\.GetEnvironmentVariable|ENV\[|env\(|secrets\.[A-Za-z_]|\bvars\.[A-Za-z_]|^@\{|^\{\{|^\{\s*\w+\s*\}$|^\$env:[A-Za-z_]/i;

/** `${VAR}`, `{{ .Values.x }}`, `process.env.X`, `os.environ[...]`, `%(name)s`, `$VAR`, ERB/JSP tags. */
export function isTemplateOrLookup(secret: string): boolean {
  return TEMPLATE.test(secret);
}

const REFERENCE =
  /^(?:secret)?ref\+[a-z0-9]{2,20}:\/\/|^op:\/\/|@Microsoft\.KeyVault\(|\{\{resolve:(?:secretsmanager|ssm|ssm-secure):|^arn:aws[\w-]{0,20}:|^projects\/[^/]{1,100}\/secrets\/|\$\{sm[@:]|^sm:\/\/|^vault:|^(?:awssecrets|awsssm|gcpsecrets|azurekeyvault|doppler|infisical|k8s|sops):\/\/|^https:\/\/[\w-]{1,60}\.vault\.azure\.net\/secrets\//;

/** Vault and secret-manager references: where a secret lives, not the secret. */
export function isReference(secret: string): boolean {
  return REFERENCE.test(secret);
}

/** SOPS `ENC[...]`, dotenvx `encrypted:...`, Ansible vault, sealed secrets' `Ag...` long ciphertexts stay findable by name only. */
export function isEncrypted(secret: string): boolean {
  return /^ENC\[|^encrypted:|\$ANSIBLE_VAULT;|^AgB[A-Za-z0-9+/]{200,}/.test(secret);
}

/** AWS's documented key pair and similar vendor examples end in `EXAMPLE`. */
export function isDocumentedExample(secret: string): boolean {
  return /EXAMPLE(?:KEY)?$/.test(secret);
}
