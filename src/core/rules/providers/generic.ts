// Rules with no provider prefix: JWTs, and values assigned to credential-like names. These carry the
// most false-positive risk, so they demand entropy, mixed character classes and a name that really
// means "credential" (`secretKeyRef`, `tokenizer` and `passwordPrompt` do not).
import { charClasses, shannonEntropy } from '../../text/entropy';
import { failsGithubStyleChecksum } from '../checksum';
import { syntaxFamily } from '../../text/syntax';
import type { Confidence, Rule } from '../types';

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
  // A secret key's short name (Duo's `skey`, beside the `ikey` that identifies the integration).
  'skey',
]);
/** `<word> key` pairs that name a secret. */
// Not `app`: Pusher's and Algolia's app keys are public identifiers.
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'signing', 'encryption', 'master', 'session', 'auth', 'client', 'license', 'service', 'hmac', 'jwt', 'validation', 'decryption', 'machine']);
/**
 * `<word> key` pairs that name something other than a secret: a public or client-side key (Stripe's
 * publishable, reCAPTCHA's site, Algolia's search, Pusher's app key), a database or data-structure key,
 * a cache, lookup, translation or routing key. Any other word before a final `key` (not one of
 * KEY_QUALIFIERS, which name a secret already) names a vendor's key: see vendorKey.
 */
const NOT_SECRET_KEY_QUALIFIERS = new Set([
  'public', 'publishable', 'pub', 'site', 'search', 'app', 'browser', 'frontend', 'web',
  'partition', 'sort', 'range', 'hash', 'primary', 'foreign', 'unique', 'composite', 'natural', 'surrogate', 'row', 'column', 'col',
  'index', 'idx', 'group', 'order', 'join', 'lookup', 'map', 'dict', 'object', 'item', 'list', 'entry', 'field', 'attr', 'prop', 'property',
  'cache', 'redis', 'storage', 'store', 'state', 'local', 'cookie', 'query', 'idempotency', 'dedup', 'dedupe', 'lock', 'mutex',
  'i18n', 'translation', 'locale', 'lang', 'message', 'msg', 'label', 'text', 'string', 'config', 'setting', 'settings', 'env', 'var',
  'routing', 'route', 'event', 'queue', 'topic', 'stream', 'shard', 'bucket', 's3', 'path', 'file', 'folder', 'dir', 'prefix', 'suffix',
  'hot', 'short', 'shortcut', 'keyboard', 'press', 'modifier', 'react', 'vue', 'component', 'ssh', 'gpg', 'pgp', 'kms',
  'customer', 'user', 'account', 'tenant', 'org', 'project', 'product', 'resource', 'record', 'entity', 'model', 'table', 'db', 'schema',
  'next', 'prev', 'previous', 'current', 'last', 'first', 'old', 'new', 'default', 'fallback', 'my', 'the', 'this', 'your',
]);
/** A final word that makes the name about a credential rather than the credential itself. */
const NOT_THE_VALUE = new Set([
  'name', 'names', 'ref', 'path', 'file', 'url', 'uri', 'endpoint', 'id', 'type', 'length', 'len', 'field', 'label', 'prompt',
  'hint', 'policy', 'env', 'var', 'header', 'prefix', 'format', 'regex', 'pattern', 'expiry', 'expires', 'expiration', 'ttl',
  'count', 'max', 'min', 'enabled', 'required', 'reset', 'placeholder', 'template', 'location', 'dir', 'provider', 'store',
  'manager', 'version', 'rotation', 'mode', 'strategy', 'selector', 'mount', 'namespace', 'arn', 'scope', 'scopes', 'audience', 'issuer',
  'algorithm', 'alg', 'input', 'validator', 'validation', 'strength', 'hash', 'hashed', 'salt', 'at', 'key', 'keys', 'size',
  'timeout', 'cache', 'class', 'service', 'source', 'kind', 'option', 'options', 'config', 'policy', 'usage', 'error', 'message',
  'text', 'title', 'description', 'label', 'button', 'icon', 'dialog', 'form', 'confirm', 'confirmation', 'question',
  'sha', 'sha1', 'sha256', 'sha512', 'md5', 'digest', 'checksum', 'fingerprint', 'last4', 'suffix', 'hint',
  // How a credential is kept: `PASSWORD_ENCODER=bcrypt`, `PASSWORD_HASHER=argon2`, `SECRET_BACKEND=vault`.
  'encoder', 'encoders', 'hasher', 'hashers', 'hashing', 'cipher', 'scheme', 'backend', 'driver', 'method', 'encoding',
]);

export type CredentialNameKind = 'password' | 'secret' | undefined;

/**
 * A vendor's key: `AZURE_OPENAI_KEY`, `mailgun_key` (snake), `stripeKey` (camel: the generic rule then
 * asks more of the value, since code names many non-secret keys so). Not one the name calls public
 * (`NEXT_PUBLIC_STRIPE_KEY`), nor a data, cache or UI key.
 */
export function vendorKey(name: string, words = identifierWords(name).filter((w) => !/^\d+$/.test(w)).map((w) => w.replace(/(?<=[a-z])\d{1,3}$/, ''))): 'snake' | 'camel' | undefined {
  if (words.length < 2 || words[words.length - 1] !== 'key') return undefined;
  const before = words[words.length - 2];
  if (NOT_SECRET_KEY_QUALIFIERS.has(before) || KEY_QUALIFIERS.has(before) || /^\d+$/.test(before) || before.length < 3) return undefined;
  if (words.some((w) => w === 'public' || w === 'publishable')) return undefined;
  return /[_.-]/.test(name) ? 'snake' : 'camel';
}

/** What a name says, worked out once per name (ASCII identifiers up to this long). */
const NAME_CACHE_MAX_LENGTH = 128;
const NAME_CACHE_SIZE = 4096;
interface NameFacts {
  kind: CredentialNameKind;
  vendor: ReturnType<typeof vendorKey>;
}
const nameFacts = new Map<string, NameFacts>();

/**
 * What a name says: the same names come back in every file and on every keystroke (`password`, `apiKey`,
 * `DB_PASSWORD`), and splitting one into words allocates. Names only: never a value.
 */
function factsOf(name: string): NameFacts {
  let facts = nameFacts.get(name);
  if (facts) return facts;
  facts = { kind: nameKind(name), vendor: vendorKey(name) };
  if (name.length <= NAME_CACHE_MAX_LENGTH) {
    if (nameFacts.size >= NAME_CACHE_SIZE) nameFacts.clear();
    nameFacts.set(ownCopy(name), facts);
  }
  return facts;
}

/**
 * A string that holds its own characters. A name cut from a file's text by a match is a slice that
 * keeps the whole text alive: kept as a key, 4,096 of them held about 40 MiB of files on a large tree.
 * Prefixing makes a new string (a concatenation), and slicing that copies it flat, without the file.
 */
function ownCopy(s: string): string {
  return (' ' + s).slice(1);
}

/** Whether an identifier names a password, another secret, or neither. */
export function credentialName(name: string): CredentialNameKind {
  return factsOf(name).kind;
}

function nameKind(name: string): CredentialNameKind {
  // A numbered name is the same name: `access_token1`, `api_key_2`, `secret2` (but `sha256` stays a hash).
  const numbered = identifierWords(name).filter((w) => !/^\d+$/.test(w));
  if (numbered.length === 0) return undefined;
  const words = numbered.map((w) => w.replace(/(?<=[a-z])\d{1,3}$/, ''));
  const last = words[words.length - 1];
  const keyPair = words.some((w, i) => w === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1])) || vendorKey(name, words) !== undefined;
  const notTheValue = NOT_THE_VALUE.has(last) || NOT_THE_VALUE.has(numbered[numbered.length - 1]);
  if (notTheValue && !(last === 'key' && keyPair)) return undefined;
  // A hashed password is the hash, not the password (`hashedPassword`, `HASHED_ADMIN_PASSWORD`), as `password_hash` is.
  if (words.includes('hashed')) return undefined;
  // An anti-forgery token (`csrf_token`, Rails' `authenticity_token`, Django's `csrfmiddlewaretoken`, ASP.NET's
  // `__RequestVerificationToken`, `X-XSRF-TOKEN`): a form's or a session's value, good only beside that
  // session's cookie, which saved pages and tests hold. The secret that signs them (`CSRF_SECRET`) is one.
  if (/tokens?$/.test(last) && /csrf|xsrf|authenticity|antiforgery|requestverification/.test(words.join(''))) return undefined;
  if (words.some((w) => PASSWORD_WORDS.has(w) || /password|passwd|passphrase|requirepass/.test(w))) return 'password';
  // `clientsecret`, `secretkeybase`, `jwtsecret`, but not `secretlint` or `secretary`.
  if (keyPair || words.some((w) => SECRET_WORDS.has(w) || /secrets?$|^secret(?:s|key|keys|keybase|access|accesskey|token|value)?$|(?:token|apikey)s?$/.test(w))) return 'secret';
  return undefined;
}

/**
 * A name that is only `key` (`KEY`, `Key`, `key2`, a log's `Using adobe KEY=…`): a secret's name as often
 * as a map's, a cache's or a UI element's, so the value must be what no identifier is (strongRandom).
 */
export function bareKey(name: string): boolean {
  return /^[\W_]{0,4}key[\W_\d]{0,4}$/i.test(name);
}

/**
 * Random beyond doubt: at least 20 characters of a mixed alphabet near its full entropy, or at least 32
 * hex digits (a hex key: not 40, a SHA-1, a commit or a key fingerprint).
 */
function strongRandom(value: string): boolean {
  if (value.length < 20 || looksLikeWords(value)) return false;
  if (/^[0-9a-f]+$/i.test(value)) return value.length >= 32 && value.length !== 40 && /[a-f]/i.test(value) && /\d/.test(value) && shannonEntropy(value) >= 3.5;
  return charClasses(value) >= 2 && shannonEntropy(value) >= 4;
}

/**
 * A value that names a credential rather than holding one: the name itself (an enum's
 * `CLIENT_SECRET = 'CLIENT_SECRET'`), or an UPPER_SNAKE identifier with a credential word among its
 * parts (`token: 'GITHUB_TOKEN'`, a setting's or a variable's name).
 */
function namesACredential(name: string, value: string): boolean {
  const flat = (t: string) => t.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (flat(value) === flat(name)) return true;
  // The name, qualified: a Go context key (`ProviderKey = "regionalaccessboundary.ProviderKey"`), an
  // Android extra's or a Java constant's full name.
  const last = /[.#:/]([^.#:/]{3,64})$/.exec(value);
  if (last && flat(last[1]) === flat(name) && /^[\w.#:/-]+$/.test(value)) return true;
  return /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value) &&
    value.split('_').some((w) => /^(?:SECRETS?|TOKENS?|KEYS?|PASSWORDS?|PASSWD|PASS|PWD|CREDENTIALS?|AUTH|APIKEY)$/.test(w));
}

/**
 * The JWTs every tutorial and test copies: jwt.io's example (`"sub": "1234567890"`, `"name": "John
 * Doe"`) and RFC 7519's (`"iss": "joe"`, `"exp": 1300819380`). Whatever signs them, they are known to all.
 * So are the Supabase CLI's local demo keys (`"iss": "supabase-demo"`, anon and service_role): every
 * local stack has the same ones, signed with the stack's published default JWT secret.
 */
export function documentationJwt(token: string): boolean {
  const payload = Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('latin1');
  return (/"sub"\s*:\s*"1234567890"/.test(payload) && /"name"\s*:\s*"John Doe"/.test(payload)) ||
    (/"iss"\s*:\s*"joe"/.test(payload) && /"exp"\s*:\s*1300819380\b/.test(payload)) ||
    /"iss"\s*:\s*"supabase-demo"/.test(payload);
}

/** A signed JWT's shape: a header and a payload that are JSON objects (`eyJ` is `{"` encoded), and a signature. */
const JWT_SHAPE = String.raw`eyJ[A-Za-z0-9_-]{12,400}\.eyJ[A-Za-z0-9_-]{12,4000}\.[A-Za-z0-9_-]{16,1000}`;
const SIGNED_JWT = new RegExp(`^${JWT_SHAPE}\\s{0,2}$`);

/** The signed JWT a base64 text decodes to, if it is one (a trailing line break allowed: `echo … | base64`). */
function decodedJwt(b64: string): string | undefined {
  const text = Buffer.from(b64, 'base64').toString('latin1');
  return SIGNED_JWT.test(text) ? text.trim() : undefined;
}

/**
 * A piece no one names a variable or a field: 16 or more characters of both cases and digits, near their
 * alphabet's entropy, not words (`ZC9Ecf4M5g9o34Q6RkzGsj0z`, unlike `GOOGLE_MAPS_API_KEY` or `apiKeyV2`).
 */
function randomPiece(piece: string): boolean {
  return piece.length >= 16 && /[a-z]/.test(piece) && /[A-Z]/.test(piece) && /\d/.test(piece) && shannonEntropy(piece) >= 3.8 && !looksLikeWords(piece);
}

/** An unquoted value that reads like code (`config.apiKey`, `getToken`, `None`) is not a literal. */
function looksLikeExpression(value: string): boolean {
  if (/^[A-Za-z_$][A-Za-z_$]*$/.test(value)) return value.length < 24 || shannonEntropy(value) < 4; // a word, unless random letters
  // Member access (`config.apiKey`), unless a piece is random: a token with a dotted prefix (`s.ZC9E…`, Vault's legacy form).
  return (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value) && !value.split('.').some(randomPiece)) ||
    /^[A-Z][A-Za-z]+-[A-Z][A-Za-z]+$/.test(value) || // a PowerShell command: Read-Host
    /^[!&*@]|^\/\//.test(value); // YAML tags and anchors; the rest of a URL
}

// A value stops at `=` except for base64 padding, so `password=password=…` cannot grow one long value.
const VALUE = `([^\\s"'\`;,<>(){}[\\]\\\\=]{6,200}={0,2})`;
// A quoted value ends only at its quote: it may hold any punctuation but quotes and backslashes. Long
// ones are tokens too (OAuth access tokens, SAS signatures, signed blobs of several hundred characters).
const QUOTED_VALUE = `([^\\s"'\`\\\\]{6,1000})`;
// After the name, up to the value: a declared type may sit between (Go `var apiToken string = …`, TS
// `const apiToken: string = …`, Python `api_token: str = …`, Rust `const API_TOKEN: &str = …`, Kotlin
// `val apiToken: String = …`), then the operator. A value in a query string ends at `&`
// (`?user=ci&password=…&next=1`). YAML's core tags `!!str` and `!!binary` keep a scalar literal; any
// other tag (`!secret name`, `!vault …`) names something else.
const ASSIGN_HEAD = String.raw`["'\]]{0,2}(?:[ \t]{0,4}:?[ \t]{1,4}(?:string|String|str|&(?:'static[ \t])?str))?` +
  String.raw`[ \t]{0,32}(?:[!=]==?|:{1,3}=|\?\?=|\|\|=|\?=|\.=|\+=|=>|=|:)[ \t]{0,4}(?:!!(?:str|binary)[ \t]{1,4})?`;
// After a name (or the end of its lookup: `")`, `']`), a fallback operator, the value perhaps on the next line.
const FALLBACK_HEAD = String.raw`["'\x60]?\]?\)?[ \t]{0,4}(?:\|\||\?\?|\?:|[ \t]or)[ \t]{0,4}(?:\r?\n[ \t]{0,40})?`;
// The name, then one of the forms people assign credentials in; every repetition is bounded, and
// the engine anchors the match at the identifier around a keyword, so the cost stays linear.
const ASSIGNMENT = new RegExp(
  `(?<![\\w.:/+])([A-Za-z_][\\w.-]{0,59})(?:` +
    // First, a quoted value, which ends only at its own quote: it may hold the punctuation generated
    // passwords and keys hold (`(`, `)`, `=`, `;`, `,`, `<`, `>`, `&`, brackets, braces). It may start
    // the next line: a formatter (Prettier, clang-format, Black) breaks a long assignment after `=`.
    // In notes, a dash may stand for the operator: `staging token - 'value'` (quotes required). A
    // fallback is a hard-coded value too: `process.env.API_KEY || "…"`, `os.environ.get("API_KEY") or "…"`,
    // `ENV['API_KEY'] ?? '…'`, Kotlin's `?:`.
    `(?:${ASSIGN_HEAD}(?:\\r?\\n[ \\t]{0,40})?|[ \\t]{1,4}-[ \\t]{1,4}|${FALLBACK_HEAD})[bfru@$]?(["'\`])(?:(?:Bearer|Basic|Token|Bot)[ \\t]{1,4})?${QUOTED_VALUE}(?=\\2)` +
    // Else (a value that is not quoted, or a quoted one with a space or a quote in it):
    // NAME = value, NAME: "value", NAME := value, "NAME" => 'value', config["NAME"] = "value",
    // Makefile NAME ?= value, NAME ::= value and NAME += value (appended to an empty variable), PHP $name .= 'value', defaults NAME ??= 'value' and NAME ||= 'value',
    // and a comparison with a literal, a credential checked against a hard-coded value: NAME == "value", NAME !== 'value'
    // It ends where a quote, space or separator does, or at an escaped line break: an env file inside a
    // string (`"config": "API_TOKEN=…\nDEBUG=true"`, a container's environment, cloud-init user data).
    `|${ASSIGN_HEAD}([bfru@$]?["'\`])?(?:(?:Bearer|Basic|Token|Bot)[ \\t]{1,4})?${VALUE}(?=["'\`]|\\s|$|[;,)}\\]<&]|\\\\[nrt])` +
    // SQL and CLIs: PASSWORD 'value', IDENTIFIED BY 'value', --requirepass "value" (quotes required)
    `|(?:\\s{1,4}BY)?\\s{1,4}(["'])${QUOTED_VALUE}(?=\\6)` +
    // define('NAME', 'value'), dict.get("NAME", "value")
    `|["']\\s{0,2},\\s{0,4}(["'])${QUOTED_VALUE}(?=\\8)` +
    // <add key="NAME" value="value" />
    `|["']\\s{1,4}value\\s{0,2}=\\s{0,2}(["'])${QUOTED_VALUE}(?=\\10)` +
    // <NAME>value</NAME>, also with the value on a line of its own (pretty-printed XML)
    `|>(?:[ \\t]{0,40}\\r?\\n[ \\t]{0,80})?${VALUE}(?=<\\/|[ \\t]{0,40}\\r?\\n[ \\t]{0,80}<\\/)` +
    // Kubernetes env: - name: NAME \\n value: value
    `|["']?[ \\t]{0,4}\\r?\\n[ \\t]{0,40}value:[ \\t]{0,4}(["'])?${VALUE}(?=["']|\\s|$)` +
    // The same in JSON (ECS task definitions, CloudFormation, ARM): {"name": "NAME", "value": "value"}
    `|["'][ \\t]{0,4},[ \\t]{0,4}(?:\\r?\\n[ \\t]{0,40})?["'][Vv]alue["'][ \\t]{0,4}:[ \\t]{0,4}(["'])${QUOTED_VALUE}(?=\\15)` +
    // A YAML block scalar of one line: NAME: | \\n  value
    `|:[ \\t]{0,4}[|>][-+]?[1-9]?[ \\t]{0,4}\\r?\\n[ \\t]{1,40}${VALUE}(?=[ \\t]{0,40}(?:\\r?\\n|$))` +
  `)`,
);
/** Where each form keeps its opening quote and its value. */
const QUOTE_GROUPS = [2, 4, 6, 8, 10, -1, 13, 15, -1];
const VALUE_GROUPS = [3, 5, 7, 9, 11, 12, 14, 16, 17];

/** `npm:^1.0.0`, `~2.3.1`, `>=1.2.0-rc.1`: a dependency's version range (a lockfile's `parse-passwd: "npm:^1.0.0"`). */
function looksLikeVersion(value: string): boolean {
  return /^(?:[a-z]{2,10}:)?[~^<>=v]{0,3}\d{1,6}(?:\.(?:\d{1,6}|[x*])){1,3}(?:[-+][\w.]{1,40})?$/i.test(value);
}

/**
 * A library's coordinates after its group (`io.jsonwebtoken:jjwt-jackson:0.11.2`, `…:jjwt-api-0.12.6`): the
 * name is a package (lower-case dotted words: JJWT's group ends in `token`), the value an artifact and its version.
 */
function looksLikeCoordinates(name: string, value: string): boolean {
  return /^[a-z][a-z0-9_-]{0,30}(?:\.[a-z][a-z0-9_-]{0,30}){1,6}$/.test(name) &&
    /^[A-Za-z][\w.-]{0,80}[:-]v?\d{1,6}(?:\.\d{1,6}){1,3}(?:[.-][\w.]{1,30})?$/.test(value);
}

/** `/agent-inject/db/creds`, `secret/data/app`: a path names where a secret lives. */
function looksLikePath(value: string): boolean {
  // `/Users/me/project` (`PWD`, the working directory), `~/.config/app`, `source/**/*` (a glob)
  if (/^\/?[a-z0-9_.-]{1,64}(?:\/[a-z0-9_.-]{1,64}){1,16}\/?$/.test(value)) return true;
  const rooted = /^(?:~|\.{1,2})?\//.test(value) || /\*/.test(value);
  return rooted && /^(?:~|\.{1,2})?\/?[\w.*-]{1,64}(?:\/[\w.*-]{1,64}){1,16}\/?$/.test(value);
}

/**
 * The value reads as words, not as a random string: `msal:acquireTokenStart`, `invalid_client_credential`,
 * `Access-Control-Allow-Headers`, `token_sha256_to_refresh`. An identifier, event name or message key.
 */
/** Acronyms of four or more letters with no vowel, common in identifiers. */
const ACRONYMS = /^(?:https?|x?html|s?ftps?|smtps?|grpcs?|mqtts?|xmpp|nntp|pkcs|ntlm|scss|wsdl|xslt)$/;
/**
 * Where qualified names put `#` and `@`: a shape or member id after a dotted namespace
 * (`smithy.api#httpBearerAuth`), an npm scope (`@acme/api-key`), an address (`alerts@corp.example`).
 * Elsewhere they are a typed secret's symbols (`my@secret#phrase`).
 */
const QUALIFIED_NAME = /^(?:[\w-]+(?:\.[\w-]+)+#\w+|@[\w.-]+\/[\w./-]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)$/;

export function looksLikeWords(value: string): boolean {
  // Separators of qualified names too: a Smithy shape id (`smithy.api#httpBearerAuth`), an npm scoped
  // package (`@acme/api-key`), an address (`alerts@corp.example`).
  if (/[^A-Za-z0-9_.:/ #@-]/.test(value)) return false;
  if (/[#@]/.test(value) && !QUALIFIED_NAME.test(value)) return false;
  const words = identifierWords(value);
  if (words.length === 0) return false;
  let letters = 0;
  // Numeronyms only in a lower-case value (`k8s-ingress-tls`): in a mixed-case one, `Ab1c` may be a
  // random string's camel-case piece.
  const numeronyms = !/[A-Z]/.test(value);
  for (const w of words) {
    // A word, perhaps numbered (`oauth2`), or a numeronym (`k8s`, `k3d`, `i18n`, `a11y`, `e2e`).
    const m = /^([a-z]+)(\d{0,3})$/.exec(w) ?? (numeronyms && /^[a-z]{1,2}\d{1,2}[a-z]{1,2}$/.test(w) ? [w, w.replace(/\d/g, '')] : null);
    if (!m || m[1].length > 20) return false;
    // Pronounceable: a word of four or more letters has a vowel, and not too few of them; or it is a
    // protocol's or a format's acronym (`httpBearerAuth`, `smtpPassword`, `pkcs12`).
    if (m[1].length >= 4 && (m[1].match(/[aeiouy]/g)?.length ?? 0) * 5 < m[1].length && !ACRONYMS.test(m[1])) return false;
    letters += m[1].length;
  }
  return letters / words.length >= 3.5;
}

/** What the generic rules learn about a match from the file's syntax: is the value a literal? */
export interface AssignmentContext {
  path: string;
}

/** The forms of ASSIGNMENT, in VALUE_GROUPS order. */
const FORM = { quoted: 0, assign: 1, spaced: 2, pair: 3, attribute: 4, element: 5, k8s: 6, nameValue: 7, block: 8 } as const;

/**
 * Whether the match is a name paired with a literal value in the file's syntax. In code and JSON a
 * value is a whole quoted string (`password?.rule`, `result.groups?.password`, `password: string`, a
 * call or a template with interpolation is not a literal); `"a", "b"` pairs a name with a value only
 * as the arguments of a call (`define('NAME', 'value')`), not in a list; CSS holds no credentials.
 */
function literalInSyntax(m: RegExpExecArray, form: number, quote: string | undefined, ctx: AssignmentContext | undefined): boolean {
  const family = ctx ? syntaxFamily(ctx.path) : 'other';
  if (family === 'style') return false;
  const text = m.input;
  const valueGroup = VALUE_GROUPS[form];
  const end = m.indices ? m.indices[valueGroup]![1] : -1;
  if (form === FORM.pair && text[m.index - 1] !== '-') {
    // The character before the name's opening quote, past spaces, must open a call's arguments
    // (or the name is a command-line flag: `["redis-server", "--requirepass", "…"]`).
    let i = m.index - 2;
    const stop = m.index - 66; // bounded: a run of spaces cannot make each match walk far
    while (i >= 0 && i > stop && (text[i] === ' ' || text[i] === '\t')) i--;
    if (i < 0 || text[i] !== '(') return false;
  }
  if (family === 'other') return true;
  if (form === FORM.element || form === FORM.attribute) return true;
  if (form === FORM.k8s || form === FORM.block) return false;
  // Code and JSON: a quoted literal, closed by its own quote right after the value.
  if (!quote) return false;
  const q = quote[quote.length - 1];
  if (end < 0 || text[end] !== q) return false;
  // `PASSWORD 'x'`, `IDENTIFIED BY 'x'`, `--password "x"`: SQL or a command line inside code, not prose.
  if (form === FORM.spaced && !(/^[A-Z_]+$/.test(m[1]) || text[m.index - 1] === '-' || /\sBY\s/i.test(m[0]))) return false;
  return true;
}

/** Where the form's opening quote is kept: the group, or -1 for forms that are always delimited. */
function formOf(m: RegExpExecArray): { form: number; quote: string | undefined; quoted: boolean } {
  const form = VALUE_GROUPS.findIndex((g) => m[g] !== undefined);
  const quote = QUOTE_GROUPS[form] === -1 ? undefined : m[QUOTE_GROUPS[form]];
  return { form, quote, quoted: QUOTE_GROUPS[form] === -1 || Boolean(quote) };
}

/**
 * A quoted value that reads as a pattern or as code, not a credential: a regex (`^(?=.*[A-Z]).{8,}$`,
 * `[a-z0-9]{32}`), a call (`getPassword()`), an interpolation (`{user}:{password}` in an f-string), a
 * format string, a list of options, or code after a string that closed (`` `token: `+makeSecret( `` took the closing quote for an opening one).
 */
function looksLikePattern(value: string): boolean {
  if (/^[+.,;:)\]}(|&]|[A-Za-z_]{3,}\($|\)\{|\}\)|\(\{/.test(value)) return true;
  // A format string (`client=%s&user=%s`) or a list of options (`bytes,1,opt,name=key,proto3`: a Go struct tag).
  if (/%[sdvq](?![A-Za-z0-9])/.test(value) || /^[\w.=-]{1,40}(?:,[\w.=-]{1,40}){2,}$/.test(value)) return true;
  // An interpolation closes its brace (`${name}`, `#{name}`, `{self.password}`, `{0}`, `{}`), or a
  // quote inside it ends the value (`'…${'x'.repeat(50)}'`): a random password may hold `${` or `{a#}` as well.
  return /\(\?|\.[*+]|\[[^\]]{0,40}-[^\]]{0,40}\]|\{\d{1,3}(?:,\d{0,3})?\}|^\^.*\$$|[$#%]\{(?:[^{}]{0,64}\}|$)|\{[\w.[\]'"!:-]{0,64}\}/.test(value) || /^[\w.$]{1,64}\([^()]{0,64}\)$/.test(value);
}

const assignment = (kind: 'password' | 'secret') => (secret: string, m: RegExpExecArray, ctx?: AssignmentContext): boolean => {
  const bare = kind === 'secret' && bareKey(m[1]);
  if (!bare && credentialName(m[1]) !== kind) return false;
  const { form, quote, quoted } = formOf(m);
  if (!quoted && looksLikeExpression(secret)) return false;
  if (namesACredential(m[1], secret)) return false;
  // Punctuation only a quoted value may hold (`(`, `;`, `,`, brackets, an `=` that is no padding): not a pattern or code.
  if (quote && /[;,<>(){}[\]]|=(?!=*$)/.test(secret) && looksLikePattern(secret)) return false;
  if (!literalInSyntax(m, form, quote, ctx)) return false;
  if (looksLikePath(secret) || looksLikeVersion(secret) || failsGithubStyleChecksum(secret)) return false;
  if (looksLikeCoordinates(m[1], secret)) return false;
  if (kind === 'password') {
    // A namespaced identifier (`app.password.reset`, `auth:password-changed`) is a key, not a password.
    if (/[.:]/.test(secret) && looksLikeWords(secret)) return false;
    // A camelCase identifier (`allPass: 'overEvery'`) names a function or a field.
    if (/^[a-z]{2,}(?:[A-Z][a-z]{2,}){1,6}$/.test(secret) && looksLikeWords(secret)) return false;
    return secret.length >= 6 && charClasses(secret) >= 2 && shannonEntropy(secret) >= 2.5;
  }
  if (looksLikeWords(secret)) return false;
  if (bare) return strongRandom(secret);
  // `stripeKey = "…"`: code names many keys that are no secret (`cacheKey`, `rowKey`): a random value only.
  if (factsOf(m[1]).vendor === 'camel' && !(secret.length >= 20 && charClasses(secret) >= 3 && shannonEntropy(secret) >= 3.8)) return false;
  return secret.length >= 12 && charClasses(secret) >= 2 && shannonEntropy(secret) >= 3.2;
};

/**
 * Words and a run counting along the digits (`acme-auth-secret-12345678901234567890`, `my_app_key_123456789`):
 * typed, not generated. A library's default or a stand-in; a weak secret if someone keeps it, so still
 * reported, but not as random as its length and alphabet make it look.
 */
function wordsAndCount(value: string): boolean {
  const parts = value.split(/[-_.:/ ]+/).filter(Boolean);
  const words = parts.filter((p) => !(/^\d{4,}$/.test(p) && '01234567890123456789012345678901234567890'.includes(p)));
  return words.length > 0 && words.length < parts.length && looksLikeWords(words.join('-'));
}

/**
 * How sure a generic match is: medium when the value looks like what it claims to be (a random
 * string of some length for a secret; a mixed, non-trivial password), low otherwise.
 */
export const assignmentConfidence = (kind: 'password' | 'secret') => (secret: string, m?: RegExpExecArray): Confidence => {
  // A bare `key`: medium only for a long value of a wide alphabet (not a hex digest's), and not one
  // shaped as reCAPTCHA's keys (`6L…`), whose public site key a page's code holds as often as the secret.
  if (kind === 'secret' && m && bareKey(m[1])) {
    return secret.length >= 24 && charClasses(secret) >= 2 && shannonEntropy(secret) >= 4.2 && !/^6L[\w-]{38}$/.test(secret) ? 'medium' : 'low';
  }
  if (kind === 'secret') return secret.length >= 16 && shannonEntropy(secret) >= 3.5 && charClasses(secret) >= 2 && !wordsAndCount(secret) ? 'medium' : 'low';
  return secret.length >= 8 && charClasses(secret) >= 3 && shannonEntropy(secret) >= 2.75 ? 'medium' : 'low';
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
    regex: new RegExp(`(?<![A-Za-z0-9_-])(${JWT_SHAPE})(?![A-Za-z0-9_-])`),
    // jwt.io's and RFC 7519's examples are low: known to all, copied into every test and tutorial.
    confidenceOf: (s) => (documentationJwt(s) ? 'low' : 'medium'),
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
    // A JWT kept base64-encoded (a Kubernetes Secret's `data`, a Helm value, a CI variable): `ZXlK` is
    // `eyJ` encoded. Reported only when the decoded text is a signed JWT, whole.
    id: 'jwt-base64',
    description: 'JSON Web Token, base64-encoded',
    provider: 'JWT',
    kind: 'token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['zxlk'],
    regex: /(?<![A-Za-z0-9+/])(ZXlK[A-Za-z0-9+/]{48,8000}={0,2})(?![A-Za-z0-9+/=])/,
    validate: (s) => decodedJwt(s) !== undefined,
    confidenceOf: (s) => (documentationJwt(decodedJwt(s) ?? '') ? 'low' : 'medium'),
    envName: 'JWT_TOKEN',
    samples: {
      secret: (g) => Buffer.from(g.jwt({ role: 'service' })).toString('base64'),
      truePositives: (g) => [{ path: 'deploy/secret.yaml', text: `apiVersion: v1\nkind: ConfigMap\ndata:\n  token: ${Buffer.from(`${g.jwt({ sub: 'ci' })}\n`).toString('base64')}\n` }],
      falsePositives: (g) => [
        `blob = "${Buffer.from(`eyJ${g.base64url(60)}`).toString('base64')}"`, // no JWT once decoded
        `header = "${Buffer.from('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0').toString('base64')}"`, // unsigned
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
    confidenceOf: assignmentConfidence('password'),
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
        // Comparisons with what is not a literal credential.
        'if (password == null || password === "") return;',
        { path: 'src/form.ts', text: 'if (passwordField.type === "password") show();\nif (password !== confirmPassword) fail();\nif (password.length == 8) warn();' },
        { path: 'app/views.py', text: 'if request.POST["password"] == "":\n    raise ValueError("password required")' },
        "self.password = password",
        'PASSWORD_MIN_LENGTH=12',
        'password: "********"',
        'password = getPassword()',
        'compass = "North2West"',
        { path: 'src/types.ts', text: 'let password: string = getPassword();' },
        { path: 'src/a.go', text: 'var dbPassword string = os.Getenv("DB_PASSWORD")' },
        // Code: a literal is a whole quoted string, never an expression, a member, a call or a type.
        { path: 'src/parse.ts', text: 'const password = result.groups?.password;' },
        { path: 'src/rules.ts', text: 'const rule = {\n  password: password?.rule,\n};' },
        { path: 'src/types.d.ts', text: 'export interface Login {\n  password: string;\n  passwordHint?: Hint;\n}' },
        { path: 'src/login.ts', text: 'export declare function login(user: string, password: Secret): void;' },
        { path: 'src/form.js', text: 'const password = buildPassword(length, Charset.Alnum);' },
        { path: 'src/form.ts', text: `const password = \`\${prefix}${g.password(10)}\`;` },
        { path: 'src/form.py', text: 'password = form.cleaned_data["password"]' },
        { path: 'src/app.go', text: 'password := strings.TrimSpace(input)' },
        { path: 'src/app.ts', text: 'const pass = "North2West with spaces";' },
        // Function names, paths and CSS.
        { path: 'lodash/fp/_mapping.js', text: "  'allPass': 'overEvery',\n  'anyPass': 'overSome'," },
        { path: 'types/process.d.ts', text: "  PWD: '/Users/maciej/projects/app'," },
        { path: 'mocha.css', text: '  --mocha-test-pass-color: #007f6a;' },
        { path: 'src/events.ts', text: 'export const PASSWORD_CHANGED = "auth:passwordChanged2";' },
        // A password's hash under a name that says so (a dummy hash compared against to keep timing even).
        { path: 'web/handler.go', text: `var hashedPassword = "$2y$10$${g.base64(53)}"\nconst HASHED_ADMIN_PASSWORD = "$argon2id$v=19$m=65536,t=3,p=4$${g.base64(22)}$${g.base64(43)}"` },
        // A dependency's version range under a package named for passwords.
        { path: 'yarn.lock', text: '  dependencies:\n    parse-passwd: "npm:^1.0.0"\n    passport-local: ~1.0.0\n' },
        // Algorithm and mode names a password setting holds, in .env and on a line.
        { path: '.env', text: 'PASSWORD_ENCODER="bcrypt"\nPASSWORD_HASHER=argon2id\nADMIN_PASSWORD="sha256"\nDB_PASSWORD=none\nSMTP_PASSWORD=plain\n' },
        { path: '.env', text: 'PASSWORD_HASHER=django.contrib.auth.hashers.Argon2PasswordHasher\n' },
        { path: 'config/app.yaml', text: 'password_encoder: bcrypt\nadmin_password: "argon2"' },
        // Placeholders that ask for the real value.
        { path: '.env', text: 'DB_PASSWORD=REPLACE_WITH_REAL_PASSWORD\nSMTP_PASSWORD=INSERT_PASSWORD_HERE\nADMIN_PASSWORD=<REPLACE_ME>\nPOSTGRES_PASSWORD=changethis\n' },
        // A YAML tag that is not a core one refers to a value kept elsewhere (Home Assistant's secrets.yaml).
        { path: 'configuration.yaml', text: 'mqtt:\n  password: !secret mqtt_password\n  db_password: !env_var DB_PASSWORD' },
        // Quoted values that are patterns or code, whatever punctuation they hold.
        { path: 'src/validate.py', text: 'PASSWORD_REGEX = "^(?=.*[a-z])(?=.*[A-Z]).{8,}$"\npassword_pattern = "[A-Za-z0-9!@#]{12,64}"' },
        { path: 'app/db.py', text: 'url = f"{user}:{password}@db"\npassword = f"{prefix}-{suffix}"' },
        { path: 'pkg/rules/gen.go', text: 'tps := []string{\n\t`db_password: `+newPlausibleSecret(`[a-z]{30}`),\n}' },
        { path: 'pkg/client/client.go', text: 'req.Header.Add("X", fmt.Sprintf(`access_password="user=%s&pass=%s"`, u, p))' },
        { path: 'dist/bundle.js', text: 'falsePositives:()=>["self._auth = handler","_password="]}}),rule({id:"yarnrc-npm-auth"' },
        { path: 'pkg/pb/types.pb.go', text: 'Password string `protobuf:"bytes,3,opt,name=password,proto3" json:"password,omitempty" db_password:"bytes,4,opt,name=pw"`' },
      ],
      truePositives: (g) => [
        { path: 'config/app.yaml', text: `db_password: !!str "${g.password(16)}"` },
        { path: 'deploy/taskdef.json', text: `{"environment": [{"name": "DB_PASSWORD", "value": "${g.password(16)}"}]}` },
        { path: 'config/app.yaml', text: `smtp_password: >-\n  ${g.password(16)}\nsmtp_port: 587` },
        // Checked against a hard-coded value: a backdoor as much as a leak.
        { path: 'app/auth.py', text: `def check(password):\n    return password == "${g.password(14)}"` },
        { path: 'internal/auth/auth.go', text: `if dbPass != "${g.password(14)}" {\n\treturn errDenied\n}` },
        { path: 'internal/db/db.go', text: `const dbPassword string = "${g.password(16)}"` },
        { path: 'src/db.ts', text: `const dbPassword: string = "${g.password(16)}";` },
        // Braces that open no interpolation: a generated password may hold `${` or `{a#}`.
        { path: 'app/settings.py', text: `DB_PASSWORD = "${g.alnum(6)}\${${g.alnum(6)}]x(q"` },
        { path: 'app/db.py', text: `db_password: str = '${g.password(16)}'` },
        // Makefile and PHP forms, numbered and dotted names.
        { path: 'Makefile', text: `DB_PASSWORD ?= ${g.password(16)}` },
        { path: 'Makefile', text: `DB_PASSWORD += ${g.password(16)}` },
        { path: 'GNUmakefile', text: `ADMIN_PASSWORD ::= ${g.password(16)}` },
        { path: 'src/db.php', text: `$password .= '${g.password(16)}';` },
        { path: 'app/db.py', text: `db_password2 = "${g.password(16)}"` },
        { path: 'src/main/resources/application.properties', text: `spring.datasource.password=${g.password(16)}` },
        // Generated passwords hold any punctuation: a quoted one ends only at its quote.
        { path: 'group_vars/db.yml', text: `mysql_root_password: "Cx6(vB8n${g.alnum(6)})M0qW"` },
        { path: 'src/db.ts', text: `const dbPassword = 'Tz(${g.alnum(8)})9;q=[${g.digits(3)}],&x';` },
        { path: 'db.sql', text: `CREATE USER app IDENTIFIED BY 'Tk(${g.alnum(8)})9;';` },
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
    // `key` covers every key name (`api_key`, `apiKey`, `jwt.signing.key`, a vendor's `AZURE_OPENAI_KEY`,
    // Duo's `skey`): the name decides (credentialName), the keyword only says where to look.
    keywords: ['secret', 'token', 'credential', 'bearer', 'key'],
    regex: ASSIGNMENT,
    secretGroup: VALUE_GROUPS,
    anchorAtIdentifier: true,
    validate: assignment('secret'),
    confidenceOf: assignmentConfidence('secret'),
    envName: 'API_SECRET',
    samples: {
      secret: (g) => g.alnum(32),
      falsePositives: (g) => [
        `secretKeyRef: "${g.lowerAlnum(16)}-creds"`,
        `tokenizer = "${g.alnum(24)}"`,
        `api_key_hash = "${g.hex(64)}"`,
        `integrity: "sha512-${g.base64(86)}=="`,
        `client_id_token_url = "https://auth.example.com/oauth/token"`,
        // An address is no secret: a URL with no userinfo, query or long path segment.
        '"credentialHygiene.vault.address": "http://127.0.0.1:8200"',
        'credential_service = "https://credentials.internal.example.com:8443/v2/"',
        // Keys that are public or not credentials at all: by their name, or by a public prefix.
        { path: '.env', text: `NEXT_PUBLIC_STRIPE_KEY=${g.alnum(32)}\nSTRIPE_KEY=pk_live_${g.alnum(24)}\nRECAPTCHA_SITE_KEY=${g.alnum(40)}\nALGOLIA_SEARCH_KEY=${g.alnum(32)}` },
        { path: 'app/models.py', text: `CACHE_KEY = "${g.alnum(32)}"\npartition_key = "${g.alnum(24)}"\nidempotency_key = "${g.alnum(32)}"` },
        { path: 'src/app.ts', text: `const cacheKey = "${g.alnum(32)}";\nconst translationKey = "${g.alnum(24)}";\nconst sortKey = "createdAt";` },
        // A camelCase vendor key asks for a random value: a short or plain one is an identifier.
        { path: 'src/app.ts', text: `const widgetKey = "widget-${g.lower(8)}";\nconst featureKey = "${g.lower(24)}";` },
        // Fallbacks that are no secret: empty, words, another lookup.
        { path: 'src/env.ts', text: 'const token = process.env.API_TOKEN || "";\nconst who = req.headers.token || "anonymous-user";\nconst secret = process.env.SECRET ?? process.env.LEGACY_SECRET;' },
        // References and templates in the same forms.
        { path: 'deploy/taskdef.json', text: '{"environment": [{"name": "API_TOKEN", "value": "${API_TOKEN}"}], "secrets": [{"name": "SIGNING_SECRET", "valueFrom": "arn:aws:ssm:eu-west-1:123456789012:parameter/app/signing"}]}' },
        { path: 'config/app.yaml', text: 'api_token: |\n  ${API_TOKEN}\nsecret_script: |\n  echo "$API_TOKEN" > token.txt\n' },
        { path: 'conf/settings.xml', text: '<apiToken>\n  ${env.API_TOKEN}\n</apiToken>' },
        { path: 'data/messages.json', text: '{"help": "Set TIMEOUT=30\\nthen retry", "token_help": "Pass --token=YOUR_TOKEN\\nor set it"}' },
        // A URL with a login: the URL rules judge its password (here the user name again, not a secret).
        'MONGO_CREDENTIALS = "mongodb://mongodb:mongodb@localhost:27017/database"',
        `secret_name = "payments-prod-db"`,
        // A library's coordinates (JJWT's group ends in `token`), in notes and version catalogs.
        { path: 'docs/dependencies.txt', text: 'notes = "Maven - io.jsonwebtoken:jjwt-jackson-0.11.2"\nlibs = "io.jsonwebtoken:jjwt-jackson:0.11.2"' },
        { path: 'gradle/libs.versions.toml', text: '[libraries]\njjwt-api = "io.jsonwebtoken:jjwt-api:0.11.5"' },
        `api_key = "${g.uuid()}"`,
        'token = ref+vault://secret/data/app#/token',
        'api_key: ENC[AES256_GCM,data:Tm90IGEgc2VjcmV0,iv:abc,tag:def,type:str]',
        "secret_key = os.environ['SECRET_KEY']",
        'apiKey: "{{ .Values.apiKey }}"',
        'token: "@Microsoft.KeyVault(SecretUri=https://myvault.vault.azure.net/secrets/api-token/)"',
        'api_key = "your-api-key-here"',
        'const token = req.headers.authorization;',
        `secret = "${'ab'.repeat(12)}"`,
        // Code: identifiers, members, calls, types and lists are not values.
        { path: 'src/config.ts', text: `const apiToken = config.${g.alnum(20)};` },
        // Anti-forgery tokens: a saved page's form fields and meta tags, a test's request headers.
        { path: 'test/fixtures/login.html', text: `<input type="hidden" name="authenticity_token" value="${g.base64url(86)}" autocomplete="off" />\n<input type="hidden" name="csrfmiddlewaretoken" value="${g.alnum(64)}">` },
        { path: 'test/api.test.js', text: `const csrfToken = "${g.alnum(32)}";\nheaders['X-XSRF-TOKEN'] = "${g.alnum(40)}";` },
        // Unquoted member access in a data file: names of words, however long (a reference to another setting).
        { path: 'config/app.yaml', text: 'auth:\n  token: secrets.githubActionsDeployToken2\n  api_key: settings.GOOGLE_MAPS_API_KEY_V3' },
        { path: 'src/auth.ts', text: `const clientSecret = readSecret("${g.alnum(20)}" + suffix);` },
        { path: 'src/auth.d.ts', text: 'export type ClientCredential = OAuth2TokenCredential | string;' },
        { path: 'src/tokens.d.ts', text: 'type SemicolonToken = SemicolonTokenType;' },
        { path: 'src/list.ts', text: `export const NAMES = ['CLIENT_SECRET', '${g.alnum(32)}'];` },
        { path: 'dist/app.js.map', text: `{"names":["CustomAuthApiErrorCode.REFRESH_TOKEN_MISSING","${g.alnum(32)}"]}` },
        { path: 'src/a.ts', text: `const token = \`\${base}${g.alnum(24)}\`;` },
        // Words: event names, cache keys, header names, message ids.
        { path: 'src/events.mjs', text: '    ACQUIRE_TOKEN_START: "msal:acquireTokenStart",' },
        { path: 'src/cache.mjs', text: 'const ENCRYPTION_KEY = "msal.cache.encryption";' },
        { path: 'src/errors.d.ts', text: 'export declare const invalidClientCredential = "invalid_client_credential";' },
        { path: 'src/constants.mjs', text: '    SHA256_TOKEN_TO_REFRESH: "token_sha256_to_refresh",' },
        { path: 'lib/core/constants.js', text: "const corsHeaderNames = ['Access-Control-Allow-Credentials', 'Access-Control-Allow-Headers']" },
        // A context key or a constant named after itself, qualified by its package.
        { path: 'internal/auth/keys.go', text: 'const ProviderKey = "regionalaccessboundary.ProviderKey"\nconst WebhookKey = "notificationdeliveryservice.WebhookKey"' },
        { path: 'diagnosticMessages.generated.json', text: '  "Unexpected_token_1012": "Nieoczekiwany token.",' },
        // Qualified identifiers: a Smithy shape id, an npm scoped package, a Kubernetes object named with
        // a numeronym (k8s, k3d, i18n).
        { path: 'auth/scheme_id.go', text: 'const (\n\tSchemeIDHTTPBearer = "smithy.api#httpBearerAuth"\n\tSchemeIDHTTPAPIKey = "smithy.api#httpApiKeyAuth"\n)' },
        { path: 'scripts/labels.ts', text: 'const AREAS = {\n  "oauth-token": "@acme-platform/oauth-token",\n  stripeSecret: "@acme-platform/payments",\n};' },
        { path: 'deploy/values.yaml', text: 'ingress:\n  tlsSecret: k8s-ingress-tls\n  secretNamespace: k3d-helm-cluster\nwebhookSecret: i18n-sync-hooks' },
        { path: 'README.md', text: '      $ secretlint "source/**/*"' },
        { path: 'theme.css', text: `  --token-chip-shadow: ${g.alnum(20)};` },
        // A numbered name is still what it names: a hash, a count, a suffix.
        `api_key_sha256 = "${g.hex(64)}"`,
        `token_last4 = "${g.alnum(4)}"`,
        { path: 'src/main/resources/application.properties', text: 'api.key.header = X-Api-Key-Header-Name\nsigning.key.path = /etc/keys/signing.pem' },
        // GitHub-shaped values whose checksum fails are look-alikes, whatever the name and the file.
        { path: '.env', text: `GITHUB_TOKEN=${g.badChecksumToken('ghp_')}\nGH_TOKEN="${g.badChecksumToken('gho_')}"\nNPM_TOKEN=${g.badChecksumToken('npm_')}\n` },
        { path: 'config/app.yaml', text: `github_token: ${g.badChecksumToken('ghp_')}` },
        { path: 'src/a.ts', text: `const token = "${g.badChecksumToken('ghs_')}";` },
        // Placeholders that ask for the real value.
        { path: '.env', text: 'API_KEY=REPLACE_WITH_REAL_KEY\nAPI_TOKEN=YOUR_API_KEY_HERE\nAUTH_TOKEN=INSERT_TOKEN_HERE\nAPI_SECRET=<REPLACE_ME>\n' },
        { path: 'config/app.yaml', text: 'api_secret: REPLACE_WITH_REAL_SECRET\nsigning_key: PASTE_YOUR_SIGNING_KEY' },
        'api_key = "REPLACE_WITH_YOUR_KEY"',
        // A YAML tag that is not a core one refers to a value kept elsewhere (Home Assistant's secrets.yaml).
        { path: 'configuration.yaml', text: `api_key: !secret ${g.lower(12)}_api_key\nclient_secret: !vault ${g.lower(8)}` },
        { path: '.env', text: 'JWT_SECRET_ALGORITHM=HS256\nSECRET_BACKEND=vault\n' },
        // A bare `key` is a map's, a cache's or a list item's as often: only a value random beyond doubt counts.
        { path: 'src/list.tsx', text: `<Row key="row-${g.lower(8)}" />\nconst key = "user-profile-settings";\nconst entry = { key: "ArrowUp", code: 38 };` },
        { path: 'src/cache.ts', text: `const key = "${g.alnum(16)}";\nconst key2 = "${g.lower(28)}";` },
        // A SHA-1 (a commit, a key fingerprint) under a bare `key`.
        { path: 'debian/keys.yaml', text: `key: ${g.upperHex(40)}` },
        { path: 'build/cache.yaml', text: `key: ${g.hex(40)}` },
        // A value that names a credential: an enum member's own name, a setting's name.
        { path: 'src/types/InfraConfig.ts', text: "export enum InfraConfigEnum {\n  MAILER_SMTP_OAUTH2_CLIENT_SECRET = 'MAILER_SMTP_OAUTH2_CLIENT_SECRET',\n  GITHUB_CLIENT_SECRET = 'GITHUB_CLIENT_SECRET',\n}" },
        { path: 'config/ci.yaml', text: 'token: GITHUB_ACTIONS_DEPLOY_TOKEN\nsecret_name: PROD_DB_PASSWORD_V2' },
        // A public key (DER SubjectPublicKeyInfo) under a key's or a secret's name.
        { path: 'src/verify.ts', text: `const key = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA${g.base64(40)}';\nconst signingSecret = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE${g.base64(40)}";` },
      ],
      truePositives: (g) => [
        // A secret typed as words and symbols (`#` and `@` where no qualified name puts them).
        { path: 'app/settings.py', text: `SECRET_KEY = "${g.pick(['acme', 'prod', 'deploy'])}-insecure@${g.pick(['kettle', 'harbor', 'meadow'])}#release"` },
        // Typed declarations.
        { path: 'cmd/main.go', text: `var apiToken string = "${g.alnum(32)}"` },
        { path: 'src/config.ts', text: `export const apiToken: string = '${g.alnum(32)}';` },
        // A long assignment a formatter broke after its operator.
        { path: 'src/signing.ts', text: `export const WEBHOOK_SIGNING_SECRET =\n  "${g.base64(43)}=";` },
        // A hard-coded fallback for an environment variable, on the same line or the next.
        { path: 'src/env.ts', text: `const apiKey = process.env.PAYMENTS_API_KEY ?? "${g.alnum(32)}";` },
        { path: 'src/storage.ts', text: `export const key =\n  process.env.STORAGE_ACCESS_TOKEN ||\n  "${g.alnum(40)}";` },
        { path: 'app/settings.py', text: `API_TOKEN = os.environ.get("API_TOKEN") or "${g.alnum(32)}"` },
        { path: 'config/initializers/app.rb', text: `SIGNING_SECRET = ENV['SIGNING_SECRET'] || '${g.alnum(32)}'` },
        { path: 'src/Config.java', text: `private static final String CLIENT_SECRET =\n        "${g.alnum(40)}";` },
        { path: 'app/settings.py', text: `API_TOKEN: str = "${g.alnum(32)}"` },
        { path: 'src/main.rs', text: `const API_TOKEN: &str = "${g.alnum(32)}";` },
        { path: 'src/main.rs', text: `static CLIENT_SECRET: &'static str = "${g.alnum(32)}";` },
        { path: 'app/src/Config.kt', text: `val clientSecret: String = "${g.alnum(32)}"` },
        { path: 'src/a.ts', text: `define('API_SECRET', '${g.alnum(32)}');` },
        { path: 'src/b.ts', text: `const auth = { clientSecret: '${g.alnum(32)}' };` },
        { path: 'config/app.yaml', text: `api_token: ${g.alnum(32)}` },
        // Makefile assignments, numbered names, dotted names, license keys.
        { path: 'Makefile', text: `API_TOKEN ?= ${g.alnum(32)}\nSIGNING_SECRET ::= ${g.alnum(32)}` },
        { path: 'Makefile', text: `API_TOKEN += ${g.alnum(32)}` },
        { path: 'build/vars.mk', text: `override SIGNING_SECRET += ${g.alnum(32)}` },
        { path: 'build/rules.mk', text: `DEPLOY_TOKEN := ${g.alnum(32)}` },
        { path: 'app/settings.py', text: `access_token1 = "${g.alnum(32)}"\napi_key_2 = "${g.alnum(32)}"` },
        { path: 'src/config.ts', text: `const clientSecret2 = '${g.alnum(32)}';` },
        { path: 'src/main/resources/application.properties', text: `api.key = ${g.alnum(32)}\njwt.signing.key=${g.alnum(40)}` },
        { path: 'config/app.yaml', text: `signing.key: ${g.alnum(32)}` },
        // An unquoted token with a dotted prefix (Vault's legacy `s.` tokens): a random piece is no member's name.
        { path: 'config/vault.yaml', text: `vault:\n  token: s.${g.lower(2).toUpperCase()}${g.digits(2)}${g.lower(8)}${g.upperAlnum(6)}${g.alnum(6)}` },
        // Pretty-printed XML, a YAML block scalar, JSON name/value pairs (ECS, CloudFormation), defaults.
        { path: 'conf/settings.xml', text: `<settings>\n  <apiToken>\n    ${g.alnum(32)}\n  </apiToken>\n</settings>` },
        { path: 'config/app.yaml', text: `api_token: |\n  ${g.alnum(32)}\nregion: eu-west-1` },
        { path: 'deploy/taskdef.json', text: `{"containerDefinitions": [{"environment": [{"name": "API_TOKEN", "value": "${g.alnum(32)}"}]}]}` },
        // An env file inside a string, its lines joined by escaped line breaks.
        { path: 'deploy/files.json', text: `{"config.env": "API_TOKEN=${g.alnum(32)}\\nDEBUG=true"}` },
        { path: 'deploy/service.json', text: `{\n  "environment": [\n    {\n      "name": "SIGNING_SECRET",\n      "value": "${g.alnum(40)}"\n    }\n  ]\n}` },
        { path: 'deploy/stack.template.json', text: `"Environment": [{ "Name": "API_TOKEN", "Value": "${g.alnum(32)}" }]` },
        { path: 'src/config.php', text: `<?php\n$apiToken ??= '${g.alnum(32)}';` },
        { path: 'src/config.js', text: `options.apiToken ||= "${g.alnum(32)}";` },
        // A config file's lines inside a JSON string.
        { path: 'deploy/files.json', text: `{"config.ini": "API_TOKEN=${g.alnum(32)}\\nBACKUP_ENABLED=true"}` },
        // The secret that signs anti-forgery tokens is one.
        { path: 'src/server.js', text: `const CSRF_SECRET = "${g.alnum(40)}";` },
        // A secret key's short name.
        { path: 'config/duo.json', text: `{"duo": {"host": "api-${g.lowerAlnum(8)}.duosecurity.com", "ikey": "DI${g.upperAlnum(18)}", "skey": "${g.alnum(40)}"}}` },
        // A vendor's key in a snake_case or env-style name.
        { path: '.env', text: `AZURE_OPENAI_KEY=${g.alnum(32)}\nALGOLIA_ADMIN_KEY=${g.alnum(32)}` },
        { path: 'config/app.yaml', text: `mailgun_key: ${g.alnum(40)}` },
        { path: 'local.settings.json', text: `{"Values": {"SENDGRID_KEY": "${g.alnum(40)}"}}` },
        { path: 'cmd/billing/main.go', text: `stripeKey := "Xa9${g.alnum(29)}"` },
        // Checked against a hard-coded value.
        { path: 'src/auth.js', text: `if (req.headers.apiToken === '${g.alnum(32)}') next();` },
        // The value of an Authorization header, scheme included.
        { path: 'cmd/client.go', text: `bannerBearToken := "Bearer ${g.alnum(32)}"\nreq.Header.Set("Authorization", bannerBearToken)` },
        { path: 'src/api.py', text: `AUTH_TOKEN = "Basic ${g.base64(32)}"` },
        // A webhook URL's random path segment, whatever words the URL holds around it.
        { path: 'src/hooks.ts', text: `const token = 'https://hooks.acme-automation.io/hooks/catch/${g.digits(6)}/xb1cQ${g.alnum(12)}/';` },
        // A token as a URL's user name.
        `git_credentials = "https://${g.alnum(40)}@git.internal.corp/team/app.git"`,
        // YAML core tags before a literal scalar.
        { path: 'config/app.yaml', text: `api_secret: !!str "${g.alnum(32)}"\nclient_secret: !!binary ${g.base64(44)}` },
        { path: 'config/app.ini', text: `license_key=${g.alnum(32)}` },
        { path: 'src/license.py', text: `LICENSE_KEY = "${g.alnum(32)}"` },
        // A bare `key` with a value random beyond doubt: in code, a config and a debug log.
        { path: 'src/client.js', text: `const key = "${g.alnum(32)}";` },
        { path: 'scripts/fetch.py', text: `KEY = '${g.lowerAlnum(32)}'` },
        { path: 'config/weather.yaml', text: `provider: openweather\nkey: ${g.hex(64)}` },
        { path: 'logs/debug.log', text: `[DEBUG] Using adzuna KEY=${g.lowerAlnum(32)}\n[DEBUG] Using adzuna ID=${g.lowerAlnum(8)}` },
      ],
    },
  },
];
