// Offset <-> line/character conversion, built once per text so long lines never cost a rescan.

import type { Position } from '../types/range';

export type { Position } from '../types/range';

/** Line starts of the text being indexed, reused by the next index (kept up to this many lines). */
const SCRATCH_MAX = 1 << 20;
let scratch = new Int32Array(1024);

export class LineIndex {
  /** Offset at which each line starts. */
  readonly starts: Int32Array;

  constructor(readonly text: string) {
    // One pass into a scratch array that lives on, then one exact copy: the editor rescans on every
    // pause in typing, and what each scan allocates decides how often the collector stops it.
    let n = 1;
    let into = scratch;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      if (n === into.length) {
        const grown = new Int32Array(into.length * 2);
        grown.set(into);
        into = grown;
        if (grown.length <= SCRATCH_MAX) scratch = grown;
      }
      into[n++] = i + 1;
    }
    this.starts = into.slice(0, n);
  }

  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): Position {
    const line = this.lineOf(offset);
    return { line, character: offset - this.starts[line] };
  }

  lineStart(line: number): number {
    return this.starts[line];
  }

  /** Offset of the line's end, before its `\n` (and `\r`). */
  lineEnd(line: number): number {
    let end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}
