// What the engine needs from a rule's pattern: every match in a window, or one match anchored at a
// position. Built-in rules (vetted for linear time, see test/unit/regex-safety.test.ts) run on V8's
// RegExp; custom rules from config run on RE2 (LinearRegex), under a time budget.
import { LinearRegex } from '../text/linear-regex';

export interface Matcher {
  /** User-supplied pattern: the engine meters its time. */
  readonly user: boolean;
  /**
   * Calls `each` with every match in `text[from, to)`, left to right; `indices` are relative to
   * `from`. Stops when `each` returns false.
   */
  scan(text: string, from: number, to: number, each: (m: RegExpExecArray) => boolean | void): void;
  /** The match starting exactly at `at` (sticky), if the matcher can anchor; undefined if it cannot. */
  readonly matchAt?: (text: string, at: number) => RegExpExecArray | null;
}

class V8Matcher implements Matcher {
  readonly user = false;
  private readonly re: RegExp;
  readonly matchAt?: (text: string, at: number) => RegExpExecArray | null;

  constructor(regex: RegExp, anchored: boolean) {
    const flags = new Set(regex.flags.replace(/[gyd]/g, ''));
    flags.add('g');
    flags.add('d');
    this.re = new RegExp(regex.source, [...flags].join(''));
    if (anchored) {
      const sticky = new RegExp(regex.source, [...flags].join('').replace('g', 'y'));
      this.matchAt = (text, at) => {
        sticky.lastIndex = at;
        return sticky.exec(text);
      };
    }
  }

  scan(text: string, from: number, to: number, each: (m: RegExpExecArray) => boolean | void): void {
    const sub = from === 0 && to === text.length ? text : text.slice(from, to);
    const re = this.re;
    re.lastIndex = 0;
    for (let m = re.exec(sub); m; m = re.exec(sub)) {
      if (m[0].length === 0) re.lastIndex++;
      if (each(m) === false) return;
    }
  }
}

class LinearMatcher implements Matcher {
  readonly user = true;
  constructor(private readonly re: LinearRegex) {}
  scan(text: string, from: number, to: number, each: (m: RegExpExecArray) => boolean | void): void {
    this.re.scan(text, from, to, each);
  }
}

/** `anchored`: the rule wants one sticky attempt per keyword hit (V8 patterns only). */
export function matcherFor(regex: RegExp | LinearRegex, anchored = false): Matcher {
  return regex instanceof LinearRegex ? new LinearMatcher(regex) : new V8Matcher(regex, anchored);
}
