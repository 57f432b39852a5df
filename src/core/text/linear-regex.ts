// User-supplied regular expressions (custom rules in `.credential-hygiene.json`) run on RE2 (re2js):
// time linear in the input whatever the pattern, so `acme_(a+)+$` cannot hang a scan. Patterns are
// written in JavaScript syntax; features RE2 cannot run in linear time (backreferences, lookaround)
// are refused when the config loads, with a message that names the feature, never the pattern text
// (someone may have pasted a real secret into it).
//
// JavaScript semantics kept: the flags i, m, s (u changes nothing RE2 needs), capture-group
// numbering and named groups, and JavaScript's line terminators: `.`, `^` and `$` treat \r, \u2028
// and \u2029 as line breaks, as in JavaScript, because the matcher sees them as \n (same length, so
// offsets do not move; captured text is taken from the original). Known differences: `\s` is
// RE2's ASCII whitespace, and a `\r` in a pattern also matches \n.
import type { RE2JS } from 're2js';

/** re2js, loaded when the first custom pattern is compiled: a run without one never evaluates it. */
function re2js(): typeof import('re2js') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (the bundler keeps it lazy)
  return require('re2js') as typeof import('re2js');
}

/** A pattern RE2 cannot run or a syntax error; the message never quotes the pattern. */
export class UnsupportedRegexError extends Error {}

/** Characters that are line terminators in JavaScript regexes but not in RE2. */
const JS_LINE_BREAKS = /[\r\u2028\u2029]/g;

export class LinearRegex {
  readonly source: string;
  readonly flags: string;
  /** Capturing groups, not counting the whole match. */
  readonly groupCount: number;
  private readonly re: RE2JS;

  /** Throws UnsupportedRegexError for a pattern that is not valid JavaScript or that RE2 cannot run. */
  constructor(source: string, flags = '') {
    const bad = flags.replace(/[imsu]/g, '');
    if (bad) throw new UnsupportedRegexError(`flag "${bad[0]}" is not supported (only i, m, s and u)`);
    try {
      new RegExp(source, flags); // validates the JavaScript syntax; never run
    } catch (e) {
      throw new UnsupportedRegexError(`invalid regular expression: ${jsReason((e as Error).message)}`);
    }
    const translated = toRe2Syntax(source, flags.includes('u'));
    let re: RE2JS;
    const { RE2JS } = re2js();
    try {
      re = RE2JS.compile(RE2JS.translateRegExp(translated), (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) |
        (flags.includes('m') ? RE2JS.MULTILINE : 0) | (flags.includes('s') ? RE2JS.DOTALL : 0));
    } catch (e) {
      // re2js puts the offending fragment after the description; keep only the description.
      const description = (e as { getDescription?: () => string }).getDescription?.() ?? 'cannot be compiled';
      throw new UnsupportedRegexError(`not supported by the linear-time regex engine (RE2): ${description}`);
    }
    this.source = source;
    this.flags = flags;
    this.re = re;
    this.groupCount = re.groupCount();
  }

  test(text: string): boolean {
    return this.re.test(text.replace(JS_LINE_BREAKS, '\n'));
  }

  /**
   * Calls `each` with every match in `text[from, to)`, left to right, shaped like a RegExpExecArray
   * with `indices` (relative to `from`). Stops when `each` returns false.
   */
  scan(text: string, from: number, to: number, each: (m: RegExpExecArray) => boolean | void): void {
    const original = from === 0 && to === text.length ? text : text.slice(from, to);
    const m = this.re.matcher(original.replace(JS_LINE_BREAKS, '\n'));
    const n = this.groupCount;
    while (m.find()) {
      const groups: Array<string | undefined> = new Array(n + 1);
      const indices: Array<[number, number] | undefined> = new Array(n + 1);
      for (let g = 0; g <= n; g++) {
        const s = m.start(g);
        if (s < 0) continue;
        const e = m.end(g);
        groups[g] = original.slice(s, e);
        indices[g] = [s, e];
      }
      const match = Object.assign(groups, { index: indices[0]![0], input: original, groups: undefined, indices }) as unknown as RegExpExecArray;
      if (each(match) === false) return;
    }
  }
}

/** The reason part of a V8 "Invalid regular expression: /<pattern>/<flags>: <reason>" message. */
function jsReason(message: string): string {
  const i = message.lastIndexOf(': ');
  return i === -1 ? 'does not compile' : message.slice(i + 2);
}

/** Escaped letters with a meaning in JavaScript; any other escaped letter is the letter itself. */
const JS_LETTER_ESCAPES = new Set('bBdDfnrsStvwWcxukpP');

/**
 * Refuses what RE2 cannot do and rewrites the few escapes whose meaning differs (`\A` is "A" in
 * JavaScript, the start of text in RE2). The rest of the translation (named groups, \u escapes,
 * `[^]`) is re2js's translateRegExp.
 */
function toRe2Syntax(source: string, unicode: boolean): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (!inClass && next >= '1' && next <= '9') throw new UnsupportedRegexError('backreferences (\\1 …) are not supported by the linear-time regex engine');
      if (next === 'k' && source[i + 1] === '<') throw new UnsupportedRegexError('named backreferences (\\k<name>) are not supported by the linear-time regex engine');
      if ((next === 'p' || next === 'P') && !unicode) throw new UnsupportedRegexError('\\p{…} property escapes need the u flag');
      if (next === 'r') out += '\\n'; // the matcher sees every line break as \n
      else if (inClass && next === 'b') out += '\\x08'; // backspace inside a class
      else if (inClass && next === 'B') out += 'B';
      else if (/[A-Za-z]/.test(next) && !JS_LETTER_ESCAPES.has(next)) out += next;
      else out += ch + next;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') {
      inClass = true;
      // `[]` and `[^]` close at once in JavaScript: copy them whole.
      const close = source.startsWith(']', i + 1) ? i + 1 : source.startsWith('^]', i + 1) ? i + 2 : -1;
      if (close !== -1) {
        out += source.slice(i, close + 1);
        i = close;
        inClass = false;
        continue;
      }
    } else if (ch === '(' && source[i + 1] === '?') {
      const kind = source.slice(i + 2, i + 4);
      if (kind[0] === '=' || kind[0] === '!') throw new UnsupportedRegexError('lookahead ((?= …) or (?! …)) is not supported by the linear-time regex engine');
      if (kind === '<=' || kind === '<!') throw new UnsupportedRegexError('lookbehind ((?<= …) or (?<! …)) is not supported by the linear-time regex engine');
    }
    out += ch;
  }
  return out;
}
