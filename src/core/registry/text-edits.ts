// Text edits into one text, by offset (and line/character, for editors): what a sync changes in
// credentials.yaml, so the CLI can write the result and the editor can apply it as one undoable edit.
// Pure functions.

export interface Position {
  line: number;
  character: number;
}

export interface TextEdit {
  /** Offsets into the original text (UTF-16 code units, as String indexes and VS Code count them). */
  start: number;
  end: number;
  /** The same span as line and character. */
  range: { start: Position; end: Position };
  newText: string;
}

interface Span {
  start: number;
  end: number;
  newText: string;
}

/** The one span that takes `before` to `after` (common prefix and suffix left out); undefined when equal. */
export function spanBetween(before: string, after: string): Span | undefined {
  if (before === after) return undefined;
  let p = 0;
  const max = Math.min(before.length, after.length);
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  return { start: p, end: before.length - s, newText: after.slice(p, after.length - s) };
}

/**
 * Records successive changes to a text as non-overlapping edits of the ORIGINAL text: each `step`
 * gives the text after one more change; changes that touch merge into one edit.
 */
export class EditRecorder {
  private spans: Span[] = [];
  private current: string;

  constructor(private readonly original: string) {
    this.current = original;
  }

  get text(): string {
    return this.current;
  }

  step(next: string): void {
    const span = spanBetween(this.current, next);
    this.current = next;
    if (!span) return;
    // Where each recorded edit stands in the text before this step.
    let delta = 0;
    const placed = this.spans.map((e) => {
      const cs = e.start + delta;
      delta += e.newText.length - (e.end - e.start);
      return { e, cs, ce: cs + e.newText.length, delta };
    });
    const before = placed.filter((p) => p.ce < span.start);
    const after = placed.filter((p) => p.cs > span.end);
    const touching = placed.filter((p) => p.ce >= span.start && p.cs <= span.end);
    const shiftBefore = before.length ? before[before.length - 1].delta : 0;
    const shiftThrough = touching.length ? touching[touching.length - 1].delta : shiftBefore;
    const first = touching[0];
    const last = touching[touching.length - 1];
    const curStart = first && first.cs < span.start ? first.cs : span.start;
    const curEnd = last && last.ce > span.end ? last.ce : span.end;
    const merged: Span = {
      start: first && first.cs <= span.start ? first.e.start : span.start - shiftBefore,
      end: last && last.ce >= span.end ? last.e.end : span.end - shiftThrough,
      newText: next.slice(curStart, curEnd + span.newText.length - (span.end - span.start)),
    };
    this.spans = [...before.map((p) => p.e), merged, ...after.map((p) => p.e)];
  }

  /** The edits, in order, with their line/character ranges in the original text. */
  edits(): TextEdit[] {
    return this.spans.map((s) => ({ ...s, range: { start: positionAt(this.original, s.start), end: positionAt(this.original, s.end) } }));
  }
}

export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** `text` with the edits (non-overlapping, offsets into `text`) applied. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    if (e.start < at) throw new Error('overlapping text edits');
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}
