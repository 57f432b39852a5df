// The public prefix of a rule's secrets: the literal text its secret group always starts with
// (`ghp_`, `AKIA`, `xoxb-`), read from the regex. It is the same for every match of the rule, so a
// preview may show it without telling anything about one secret.
import type { Rule } from './types';

/** Per secret group: the literals the group may start with (none when it starts with a class, ...). */
export function publicPrefixes(rule: Pick<Rule, 'regex' | 'secretGroup' | 'prefix'>): Map<number, readonly string[]> {
  const sg = rule.secretGroup ?? 1;
  const groups = typeof sg === 'number' ? [sg] : [...sg];
  const out = new Map<number, readonly string[]>();
  for (const g of groups) {
    const p = rule.prefix !== undefined ? [rule.prefix] : literalStarts(rule.regex.source, g);
    if (p.length) out.set(g, p);
  }
  return out;
}

/**
 * The literals capture group `group` of `source` starts with: one (`ghp_`), or one per branch of a
 * leading alternation (`(?:AKIA|ASIA)`, `(sk_live_...|rk_live_...)`), or none. Conservative: a
 * literal stops at the first class, escape class, group, anchor or quantifier, and when one branch
 * has no literal start, no branch gets one (its secrets could start with another branch's literal).
 */
export function literalStarts(source: string, group: number): string[] {
  const open = groupStart(source, group);
  if (open < 0) return [];
  const end = groupEnd(source, open);
  const branches = splitTopLevel(source.slice(open, end));
  if (branches.length === 1 && branches[0].startsWith('(?:')) {
    // A leading non-capturing alternation of plain literals: `(?:AKIA|ASIA)[A-Z2-7]{16}`.
    const close = groupEnd(branches[0], 3);
    const after = branches[0][close + 1];
    if (after === '?' || after === '*' || after === '{') return [];
    const alts = splitTopLevel(branches[0].slice(3, close)).map((b) => [b, literalStart(b)]);
    return alts.every(([b, l]) => l && l.length === unescapedLength(b)) ? alts.map(([, l]) => l) : [];
  }
  const lits = branches.map(literalStart);
  return lits.every((l) => l) ? [...new Set(lits)] : [];
}

/** The literal text `source` starts with. */
export function literalStart(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    let lit: string;
    let len = 1;
    if (c === '\\') {
      const n = source[i + 1];
      if (n === undefined || /[0-9A-Za-z]/.test(n)) break; // \d, \b, \x41, \1, ...: not a plain literal
      lit = n;
      len = 2;
    } else if ('[](){}|^$.*+?'.includes(c)) break;
    else lit = c;
    const next = source[i + len];
    if (next === '?' || next === '*' || (next === '{' && /^\{0[,}]/.test(source.slice(i + len)))) break; // optional
    out += lit;
    if (next === '+' || next === '{') break; // repeated: the next character is not known
    i += len;
  }
  return out;
}

function unescapedLength(s: string): number {
  return s.replace(/\\(.)/g, '$1').length;
}

/** Splits a group body at its own `|`s. */
function splitTopLevel(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(body.slice(from, i));
      from = i + 1;
    }
  }
  out.push(body.slice(from));
  return out;
}

/** Index of the `)` closing the group whose body starts at `from`. */
function groupEnd(source: string, from: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return source.length;
}

/** Index just after the `(` (or `(?<name>`) of capture group `group`, or -1. */
function groupStart(source: string, group: number): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') {
      if (source[i + 1] !== '?') {
        if (++n === group) return i + 1;
      } else if (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!') {
        if (++n === group) return source.indexOf('>', i) + 1;
      }
    }
  }
  return -1;
}
