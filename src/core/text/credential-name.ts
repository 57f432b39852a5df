// Picks the environment-variable name a moved secret goes under: the name the code already gave it
// when that says something (`stripeSecretKey` -> STRIPE_SECRET_KEY), else the rule's suggestion; never
// a name that `.env` already uses for another value.

/** How far before a value the name that labels it may be (characters). */
const NEARBY = 300;

const NAME_SIDE = /([A-Za-z_][\w.-]{0,60})["'\]]{0,2}\s*(?::=|=|:)$/;
const VALUE_SIDE = /^\s*[@$bfru]?["'`]?[^"'`=:]*$/;
const VALUE_SIDE_ARROW = /^>?\s*[@$bfru]?["'`]?[^"'`=:]*$/;

const TOO_VAGUE = new Set(['KEY', 'TOKEN', 'SECRET', 'PASSWORD', 'VALUE', 'PASS', 'PWD', 'AUTH', 'API_KEY', 'APIKEY', 'CREDENTIALS', 'X', 'S']);

export function toEnvName(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1_') // `APIKey` -> `API_Key`, one step per letter (`([A-Z]+)([A-Z][a-z])` backtracks over a run of capitals)
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase()
    .replace(/^(\d)/, '_$1');
}

/** `identifier` as an environment-variable name, when it says something specific (`API_KEY` does not). */
export function specificEnvName(identifier: string): string | undefined {
  const name = toEnvName(identifier);
  return name && !TOO_VAGUE.has(name) && name.length <= 64 && /^[A-Z_][A-Z0-9_]*$/.test(name) ? name : undefined;
}

/** The identifier a literal at `start` is assigned to on its line, if any (`name = "…"`, `name: …`). */
export function assignedIdentifier(lineBefore: string): string | undefined {
  // As /([A-Za-z_][\w.-]{0,60})["'\]]{0,2}\s*(?::=|=>|=|:)\s*[@$bfru]?["'`]?[^"'`=:]*$/ finds it, in
  // linear time: nothing after the operator may be "=" or ":", so the operator ends at the last of
  // them; the value's side is checked once, then the name's side. (That one regex retries the value's
  // side for every start and every name length: a few milliseconds per finding on a long line.)
  const at = Math.max(lineBefore.lastIndexOf('='), lineBefore.lastIndexOf(':'));
  if (at < 0) return undefined;
  const arrow = lineBefore[at] === '=' && lineBefore[at - 1] !== ':'; // `=>` is possible
  if (!(arrow ? VALUE_SIDE_ARROW : VALUE_SIDE).test(lineBefore.slice(at + 1))) return undefined;
  // The name ends within 63 characters (two quotes at most) of the blanks before the operator: only
  // that tail can hold the match (what the regex would find in the whole line), and it costs no
  // more than its length however long the line is.
  let j = lineBefore[at] === '=' && lineBefore[at - 1] === ':' ? at - 1 : at;
  while (j > 0 && /\s/.test(lineBefore[j - 1])) j--;
  const m = NAME_SIDE.exec(lineBefore.slice(Math.max(0, j - 64), at + 1));
  if (!m) return undefined;
  const last = m[1].split('.').pop()!;
  return last;
}

/**
 * A name for the secret: from the identifier it is assigned to if that is specific, else `fallback`
 * (the rule's), made unique against `existing` (name -> value in .env): a name that already holds
 * the same value is reused, one that holds another value gets a numeric suffix.
 */
export function chooseEnvName(options: { identifier?: string; fallback: string; value: string; existing: ReadonlyMap<string, string> }): { name: string; reuse: boolean } {
  const fromCode = options.identifier ? toEnvName(options.identifier) : '';
  const base = fromCode && !TOO_VAGUE.has(fromCode) && fromCode.length <= 64 ? fromCode : options.fallback;
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}_${i}`;
    const held = options.existing.get(name);
    if (held === undefined) return { name, reuse: false };
    if (held === options.value) return { name, reuse: true };
  }
}

/**
 * The secret at `start` follows a user name, not a name for itself: a URL's or a DSN's userinfo
 * (`postgres://shop:…@db`, `root:…@tcp(db)`), `curl -u ops:…`. The word before the colon is the user.
 */
function afterUserName(text: string, start: number, lineBefore: string): boolean {
  if (text[start - 1] !== ':') return false;
  return /^[^\s"'`]{1,256}@/.test(text.slice(start, start + 257)) || CURL_USER.test(lineBefore.slice(-160));
}

const CURL_USER = /(?:^|\s)(?:-[A-Za-z]{0,8}u|--user)(?:[ \t]{1,4}|=)["']?[^\s:"']{1,128}:$/;

/**
 * The identifier for a literal at `start` in `text`: the one it is assigned to on its line, or, for
 * a Kubernetes-style `- name: X` / `value: …` pair, the name on the line above.
 */
export function identifierAt(text: string, start: number): string | undefined {
  // Only nearby text decides: bounded windows keep this linear on minified one-line files.
  const from = Math.max(0, start - NEARBY);
  const before = text.slice(from, start);
  const nl = before.lastIndexOf('\n');
  if (afterUserName(text, start, before.slice(nl + 1))) return undefined;
  const own = assignedIdentifier(before.slice(nl + 1));
  if (own && !TOO_VAGUE.has(toEnvName(own)) && !/^value$/i.test(own)) return own;
  if (nl < 0) return own; // the line is longer than the window: no line above to look at
  const above = before.slice(0, nl);
  const prevLine = above.slice(above.lastIndexOf('\n') + 1);
  const prev = /^\s*(?:-\s*)?name:\s*["']?([A-Za-z_][\w.-]{0,80})["']?\s*$/.exec(prevLine);
  return prev?.[1] ?? own;
}

/**
 * The one name a credential goes by in every face (hover, menu, fix, report, inventory, register
 * flow): the identifier the code assigns the value to when that says something specific, else the
 * rule's name for the provider's credential.
 */
export function nameForCredential(text: string, start: number, fallback: string): string {
  const id = identifierAt(text, start);
  const fromCode = id ? toEnvName(id) : '';
  return fromCode && !TOO_VAGUE.has(fromCode) && fromCode.length <= 64 && /^[A-Z_][A-Z0-9_]*$/.test(fromCode) ? fromCode : fallback;
}
