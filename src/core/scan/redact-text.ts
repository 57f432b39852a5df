// The one redaction every output goes through. A register field, a suppression reason, a custom rule's
// description, a file name or an error message is free text a person typed, and people paste keys
// into free text. Before any of it is printed or written to a report, `redactText` runs the scanning
// engine's rules over it, plus two shapes the rules leave to context (a password in a URL's userinfo,
// a `password=…`/`token: …` pair), and puts each value's redacted preview (`redact()`) in its place.
// `redactUrl` is the stricter form for URLs we print ourselves (the registry's): userinfo and
// token-like query parameters become `***`.
import { redact } from '../findings';
import { mapStrings } from '../text/redact-text';
import { Engine } from './engine';

export { mapStrings };

let engine: Engine | undefined;

/** Free text gets no path-scoped rule; a neutral name keeps the .env and CSV readers out of it. */
const TEXT_PATH = 'text';

/** `scheme://user:password@host`: the password (any scheme, so `ref+vault://…`, `jdbc:…` and the rest too). */
const URL_USERINFO = /([a-z][a-z0-9+.-]{0,31}:\/\/)([^\s:/?#@'"`<>]{0,256}):([^\s/?#@'"`<>]{1,512})@(?=[^\s@/?#]*[\w\]])/gi;

/**
 * `name=value`, `name: value`, `"name": "value"` (query strings, .env lines, YAML, JSON): the value,
 * quoted or up to whitespace or a separator, when the name ends in a word that holds a secret
 * (`password`, `DB_PASSWORD`, `apiKey`, `client_secret`, `access_token`, `X-Amz-Signature`…).
 */
const KEY_VALUE = /(?<![A-Za-z0-9])([A-Za-z0-9_.-]{0,64})(["']?\s{0,8}[:=]\s{0,8})(?:"([^"\r\n]{1,512})"|'([^'\r\n]{1,512})'|([^\s"'`&;,<>]{1,512}))/g;
const SECRET_WORD = /(passwords?|passwd|passphrase|secrets?|tokens?|api[_.-]?keys?|access[_.-]?keys?|private[_.-]?keys?|secret[_.-]?keys?|credentials?|signature|pass|pwd|sig|auth)$/i;
const PLURAL = /(?:passwords|secrets|tokens|keys|credentials)$/i;
/** Short words (`compass`, `bypass`, `oauth`…) count only as a word of their own: `DB_PASS`, `dbPass`, `sig`. */
const SHORT_WORD = /^(?:pass|pwd|sig|auth)$/i;

function namesASecret(name: string): boolean {
  const m = SECRET_WORD.exec(name);
  if (!m) return false;
  if (!SHORT_WORD.test(m[1]) || m.index === 0) return true;
  const before = name[m.index - 1];
  return /[_.-]/.test(before) || (/[a-z0-9]/.test(before) && /[A-Z]/.test(name[m.index]));
}

/** References and placeholders, not values: `${VAR}`, `$VAR`, `<value>`, `{{ x }}`, `%s`, `***`, a preview, `scheme://…` (a URL's scheme, not a name). */
function placeholder(v: string): boolean {
  return /^(?:[$<{%]|\/\/)/.test(v) || /^\*+[^\w*]*$/.test(v) || v.includes('********');
}

/** `Bearer …` / `Basic …` / `token …` in an Authorization header someone pasted. */
const AUTH_SCHEME = /(?<![A-Za-z0-9])((?:bearer|basic|token)\s{1,8})([A-Za-z0-9._~+/=-]{12,2048})/gi;

/** Values that are no secret even after `password=`: booleans, `none`, numbers (ports, lengths). */
const NOT_A_VALUE = /^(?:true|false|yes|no|on|off|null|nil|none|undefined|required|optional|\d{1,6})$/i;

interface Span {
  start: number;
  end: number;
  /** The engine's own preview (with the provider's public prefix), when the engine found it. */
  preview?: string;
}

/**
 * `s` with every credential in it replaced by its redacted preview (`ghp_******** (40 chars)`). Text
 * with nothing that looks like a credential comes back unchanged; the result never contains a value
 * that was found, so redacting twice changes nothing more.
 */
export function redactText(s: string): string {
  if (!s || s.length < 3) return s;
  const spans: Span[] = [];
  engine ??= new Engine();
  for (const f of engine.scanText(s, TEXT_PATH)) spans.push({ start: f.offset.start, end: f.offset.end, preview: f.preview });
  for (const m of s.matchAll(URL_USERINFO)) {
    if (placeholder(m[3])) continue;
    const start = m.index + m[1].length + m[2].length + 1;
    spans.push({ start, end: start + m[3].length });
  }
  const kv = new RegExp(KEY_VALUE.source, 'g');
  for (let m = kv.exec(s); m; m = kv.exec(s)) {
    // Go on right after the separator: a value may hold pairs of its own (`url=https://h/?token=…`).
    kv.lastIndex = m.index + m[1].length + m[2].length;
    const value = m[3] ?? m[4] ?? m[5];
    if (!namesASecret(m[1]) || NOT_A_VALUE.test(value) || placeholder(value)) continue;
    // Prose ("carries credentials: put the token…") names things in the plural; a `name: value` pair, in the singular.
    if (!m[2].includes('=') && PLURAL.test(m[1])) continue;
    const start = kv.lastIndex + (m[5] === undefined ? 1 : 0);
    spans.push({ start, end: start + value.length });
  }
  for (const m of s.matchAll(AUTH_SCHEME)) {
    if (/\*{8}/.test(m[2]) || /^[A-Za-z_]+$/.test(m[2])) continue; // "the token CREDENTIAL_HYGIENE_REGISTRY_TOKEN": a name, not a value
    const start = m.index + m[1].length;
    spans.push({ start, end: start + m[2].length });
  }
  if (!spans.length) return s;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  let cur: Span | undefined;
  const flush = (span: Span) => {
    out += s.slice(at, span.start) + (span.preview ?? redact(s.slice(span.start, span.end)));
    at = span.end;
  };
  for (const sp of spans) {
    if (cur && sp.start < cur.end) {
      // Overlapping finds: one preview, the engine's when it covers the whole span.
      if (sp.end > cur.end) cur = { start: cur.start, end: sp.end, preview: cur.start === sp.start ? sp.preview : undefined };
    }
    else {
      if (cur) flush(cur);
      cur = { ...sp };
    }
  }
  flush(cur!);
  return out + s.slice(at);
}

/** A copy of a report (or any plain data) with `redactText` applied to every string in it. */
export function redactDeep<T>(v: T): T {
  return mapStrings(v, redactText);
}

/** Query parameters whose value is a credential (`?token=`, `&access_token=`, `X-Amz-Signature=`, `sig=`, `key=`). */
const TOKEN_PARAM = /(?:^|[_.-])(?:token|secret|password|passwd|pwd|pass|key|apikey|sig|signature|auth|credential|credentials|session|code)$|^(?:access_token|api_key|apikey|key|sig|signature|auth|code|x-amz-credential|x-amz-security-token)$/i;

/**
 * A URL as we may print it: the userinfo (a password, or a token used as the user name) becomes
 * `***`, and so does the value of every query parameter named like a token. Not a URL: redactText.
 */
export function redactUrl(url: string): string {
  const out = url
    .replace(/^([a-z][a-z0-9+.-]{0,31}:\/\/)([^/?#]*)@/i, (_m, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      return `${scheme}${colon >= 0 ? `${userinfo.slice(0, colon)}:***` : '***'}@`; // no password: a token as the user name
    })
    .replace(/([?&])([^=&#]*)=([^&#]+)/g, (m, sep: string, name: string) => (TOKEN_PARAM.test(decoded(name)) ? `${sep}${name}=***` : m));
  return redactText(out);
}

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Whether a URL carries credentials in its userinfo (`https://user:pw@host`, `https://token@host`). */
export function urlHasCredentials(url: string): boolean {
  try {
    const u = new URL(url);
    return Boolean(u.username || u.password);
  } catch {
    return /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]*@/i.test(url);
  }
}
