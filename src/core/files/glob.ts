// Globs from a workspace (config include/exclude, editor settings, ownership `match` patterns) are
// matched here, in time linear in the pattern times the path: no regular expression, no backtracking.
// minimatch compiles `*` and extglobs to backtracking regexes, so a pattern such as `+(a|a)b` or
// `*a*a*a*a*a*a*b` against a long file name could freeze the process.
//
// Supported, as minimatch with `dot: true`: `*`, `?`, `[...]` classes (`[!...]`/`[^...]` negated,
// ranges), `**` as a whole path segment (any number of folders; a trailing `/**` needs at least one),
// `{a,b}` and `{1..3}` braces, `\` escapes, a leading `!` (negation, when allowed), and `matchBase`
// (a pattern without `/` matches the base name). Extglobs (`+(…)`, `*(…)`, `@(…)`, `!(…)`, `?(…)`) are
// refused with a message, or taken literally when `extglob: 'literal'`.

export const MAX_GLOB_LENGTH = 1000;
const MAX_ALTERNATIVES = 256;

export class GlobError extends Error {
  constructor(readonly pattern: string, readonly why: string) {
    super(`glob ${JSON.stringify(pattern.length > 80 ? `${pattern.slice(0, 80)}…` : pattern)} ${why}`);
    this.name = 'GlobError';
  }
}

export interface GlobOptions {
  /** A pattern without `/` matches a path's last segment. */
  matchBase?: boolean;
  /** A leading `!` negates (default true). */
  negate?: boolean;
  /** Extglob syntax: refuse it (default), or take `+(` etc. as plain characters. */
  extglob?: 'refuse' | 'literal';
}

type Token = { t: 'char'; c: string } | { t: 'any' } | { t: 'star' } | { t: 'class'; negate: boolean; ranges: Array<[number, number]> };
type Segment = { globstar: true } | { globstar: false; tokens: Token[]; literal?: string };

export interface Glob {
  readonly pattern: string;
  match(path: string): boolean;
  /** `match` of a path already split at `/` (a caller trying many globs on one path splits it once). */
  matchParts(parts: readonly string[]): boolean;
}

const EXTGLOB = /(^|[^\\])[?*+@!]\(/;

/** Throws GlobError when the pattern is refused. */
export function compileGlob(pattern: string, options: GlobOptions = {}): Glob {
  if (pattern.length > MAX_GLOB_LENGTH) throw new GlobError(pattern, `is ${pattern.length} characters long; the limit is ${MAX_GLOB_LENGTH}`);
  if (options.extglob !== 'literal' && EXTGLOB.test(pattern)) {
    throw new GlobError(pattern, 'uses extglob syntax (+(…), *(…), @(…), !(…), ?(…)), which is not supported: it can take exponential time to match');
  }
  let body = pattern;
  let negated = false;
  if (options.negate !== false) {
    while (body.startsWith('!')) {
      negated = !negated;
      body = body.slice(1);
    }
  }
  const alternatives = expandBraces(body, pattern).map((alt) => {
    const segments = alt.split('/').map(parseSegment);
    const base = Boolean(options.matchBase) && !alt.includes('/');
    return { segments, base };
  });
  const matchParts = (parts: readonly string[]): boolean => {
    const hit = alternatives.some(({ segments, base }) => (base ? matchSegments(segments, [parts[parts.length - 1]]) : matchSegments(segments, parts)));
    return hit !== negated;
  };
  return { pattern, match: (p: string) => matchParts(p.split('/')), matchParts };
}

/** Validates without keeping the result: the message, or undefined when the pattern is fine. */
export function globProblem(pattern: string, options: GlobOptions = {}): string | undefined {
  try {
    compileGlob(pattern, options);
    return undefined;
  } catch (e) {
    if (e instanceof GlobError) return e.message;
    throw e;
  }
}

function expandBraces(s: string, original: string): string[] {
  let out = [s];
  // Expand the first expandable brace of every string until none is left.
  for (let guard = 0; guard < 64; guard++) {
    let changed = false;
    const next: string[] = [];
    for (const str of out) {
      const parts = expandFirst(str, original);
      if (parts) changed = true;
      next.push(...(parts ?? [str]));
      if (next.length > MAX_ALTERNATIVES) throw new GlobError(original, `expands to more than ${MAX_ALTERNATIVES} alternatives`);
    }
    out = next;
    if (!changed) return out;
  }
  throw new GlobError(original, 'nests braces too deeply');
}

/** The alternatives from the first `{…}` with a top-level comma or a `..` range; undefined if none. */
function expandFirst(s: string, original: string): string[] | undefined {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s[i] !== '{') continue;
    let depth = 0;
    const commas: number[] = [];
    let end = -1;
    for (let j = i; j < s.length; j++) {
      const c = s[j];
      if (c === '\\') {
        j++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        end = j;
        break;
      } else if (c === ',' && depth === 1) commas.push(j);
    }
    if (end === -1) return undefined;
    const pre = s.slice(0, i);
    const post = s.slice(end + 1);
    const inner = s.slice(i + 1, end);
    if (commas.length) {
      const items: string[] = [];
      let from = i + 1;
      for (const c of [...commas, end]) {
        items.push(s.slice(from, c));
        from = c + 1;
      }
      return items.map((it) => pre + it + post);
    }
    const range = /^(-?\d+)\.\.(-?\d+)$|^([A-Za-z])\.\.([A-Za-z])$/.exec(inner);
    if (range) {
      const [a, b] = range[1] !== undefined ? [Number(range[1]), Number(range[2])] : [range[3].charCodeAt(0), range[4].charCodeAt(0)];
      if (Math.abs(b - a) + 1 > MAX_ALTERNATIVES) throw new GlobError(original, `has a range {${inner}} of more than ${MAX_ALTERNATIVES} values`);
      const step = a <= b ? 1 : -1;
      const items: string[] = [];
      for (let v = a; ; v += step) {
        items.push(range[1] !== undefined ? String(v) : String.fromCharCode(v));
        if (v === b) break;
      }
      return items.map((it) => pre + it + post);
    }
    // `{x}` without a comma or range is literal; look for a later brace.
    const rest = expandFirst(s.slice(i + 1), original);
    return rest?.map((r) => s.slice(0, i + 1) + r);
  }
  return undefined;
}

function parseSegment(seg: string): Segment {
  if (seg === '**') return { globstar: true };
  const tokens: Token[] = [];
  let plain = true;
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '\\' && i + 1 < seg.length) {
      tokens.push({ t: 'char', c: seg[++i] });
    } else if (c === '*') {
      plain = false;
      if (tokens[tokens.length - 1]?.t !== 'star') tokens.push({ t: 'star' });
    } else if (c === '?') {
      plain = false;
      tokens.push({ t: 'any' });
    } else if (c === '[') {
      const parsed = parseClass(seg, i);
      if (parsed) {
        plain = false;
        tokens.push(parsed.token);
        i = parsed.end;
      } else tokens.push({ t: 'char', c });
    } else tokens.push({ t: 'char', c });
  }
  return { globstar: false, tokens, literal: plain ? tokens.map((t) => (t as { c: string }).c).join('') : undefined };
}

function parseClass(seg: string, start: number): { token: Token; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (seg[i] === '!' || seg[i] === '^') {
    negate = true;
    i++;
  }
  const ranges: Array<[number, number]> = [];
  let first = true;
  for (; i < seg.length; i++) {
    let c = seg[i];
    if (c === ']' && !first) return { token: { t: 'class', negate, ranges }, end: i };
    first = false;
    if (c === '\\' && i + 1 < seg.length) c = seg[++i];
    let lo = c.codePointAt(0)!;
    let hi = lo;
    if (seg[i + 1] === '-' && i + 2 < seg.length && seg[i + 2] !== ']') {
      let d = seg[i + 2];
      i += 2;
      if (d === '\\' && i + 1 < seg.length) d = seg[++i];
      hi = d.codePointAt(0)!;
      if (hi < lo) [lo, hi] = [hi, lo];
    }
    ranges.push([lo, hi]);
  }
  return undefined; // no closing bracket: `[` is literal
}

function tokenAccepts(tok: Token, c: string): boolean {
  switch (tok.t) {
    case 'char':
      return tok.c === c;
    case 'any':
    case 'star':
      return true;
    case 'class': {
      const code = c.codePointAt(0)!;
      return tok.ranges.some(([lo, hi]) => code >= lo && code <= hi) !== tok.negate;
    }
  }
}

/** One path segment against one pattern segment: a set-of-states simulation, O(name × pattern). */
function matchSegment(seg: Extract<Segment, { globstar: false }>, name: string): boolean {
  if (seg.literal !== undefined) return seg.literal === name;
  const { tokens } = seg;
  const m = tokens.length;
  let states: Uint8Array = new Uint8Array(m + 1);
  const close = (s: Uint8Array): Uint8Array => {
    for (let i = 0; i < m; i++) if (s[i] && tokens[i].t === 'star') s[i + 1] = 1;
    return s;
  };
  states[0] = 1;
  close(states);
  for (const c of name) {
    const next = new Uint8Array(m + 1);
    let any = false;
    for (let i = 0; i < m; i++) {
      if (!states[i] || !tokenAccepts(tokens[i], c)) continue;
      if (tokens[i].t === 'star') next[i] = 1;
      else next[i + 1] = 1;
      any = true;
    }
    if (!any) return false;
    states = close(next);
  }
  return states[m] === 1;
}

/** Path segments against pattern segments, `**` matching any number of them: O(path × pattern). */
function matchSegments(pattern: Segment[], parts: readonly string[]): boolean {
  const k = pattern.length;
  let states: Uint8Array = new Uint8Array(k + 1);
  // A trailing `**` needs at least one segment (`dist/**` does not match `dist` itself), as in minimatch.
  const close = (s: Uint8Array): Uint8Array => {
    for (let i = 0; i < k; i++) if (s[i] && pattern[i].globstar && i + 1 < k) s[i + 1] = 1;
    return s;
  };
  states[0] = 1;
  close(states);
  for (const part of parts) {
    const next = new Uint8Array(k + 1);
    let any = false;
    for (let i = 0; i < k; i++) {
      if (!states[i]) continue;
      const seg = pattern[i];
      if (seg.globstar) {
        next[i] = 1;
        if (i + 1 === k) next[k] = 1;
        any = true;
      } else if (matchSegment(seg, part)) {
        next[i + 1] = 1;
        any = true;
      }
    }
    if (!any) return false;
    states = close(next);
  }
  return states[k] === 1;
}
