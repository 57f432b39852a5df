// Inline suppressions: ours (`credential-hygiene:allow <reason>`) and the markers people already use
// with other scanners, on the finding's line or on a comment-only line right above it.
import { LineIndex } from '../text/lines';
import { MARKS, mayHold, type Marks } from '../text/marks';
import type { Range } from '../types/range';

const MARKERS: Array<{ re: RegExp; name: string }> = [
  { re: /credential-hygiene:allow\b[ \t:]*([^\n]*)/, name: 'credential-hygiene:allow' },
  { re: /gitleaks:allow/, name: 'gitleaks:allow' },
  { re: /pragma: ?allowlist (?:nextline )?secret/, name: 'pragma: allowlist secret' },
  { re: /trufflehog:ignore/, name: 'trufflehog:ignore' },
  { re: /secretlint-disable-line/, name: 'secretlint-disable-line' },
];

/** Comment syntaxes a suppression line may start with. */
const COMMENT_ONLY = /^\s*(?:\/\/|#|\/\*|\*|<!--|--|;|%|'|REM\b|\{\{!?--|@\*)/i;

/** The reason a finding on `line` is suppressed inline, or undefined. */
export function inlineSuppression(lines: LineIndex, line: number): string | undefined {
  const own = markerIn(lines.lineText(line));
  if (own !== undefined) return own;
  if (line > 0) {
    const prev = lines.lineText(line - 1);
    if (COMMENT_ONLY.test(prev)) return markerIn(prev);
  }
  return undefined;
}

// A reason without its comment's closing (star-slash, `-->`, `--%>`, `#>`) and the spaces around it: no
// regex, so a line of spaces costs its length once.
function withoutCommentEnd(reason: string): string {
  const r = reason.trimEnd();
  const end = ['*/', '--%>', '-->', '#>'].find((e) => r.endsWith(e));
  return (end ? r.slice(0, -end.length) : r).trim();
}

function markerIn(text: string): string | undefined {
  if (text.length > 4096) text = text.slice(-4096); // markers sit in a trailing comment
  for (const { re, name } of MARKERS) {
    const m = re.exec(text);
    if (!m) continue;
    const reason = m[1] === undefined ? undefined : withoutCommentEnd(m[1]);
    return reason ? reason : `${name} (no reason given)`;
  }
  return undefined;
}

const OWN_MARKER = MARKS.allow;

/** A `credential-hygiene:allow` comment: where it is, and the lines it allows (its own; the next one too when it is a comment-only line). */
export interface AllowMarker {
  range: Range;
  lines: number[];
}

/**
 * Every `credential-hygiene:allow` marker in `text` (the other scanners' markers are theirs to judge).
 * `marks`: what the text's scan met (text/marks.ts); the text is not searched when it met no marker.
 */
export function allowMarkers(text: string, marks?: Marks): AllowMarker[] {
  const out: AllowMarker[] = [];
  if (!mayHold(marks, 'allow') || !text.includes(OWN_MARKER)) return out;
  const lines = new LineIndex(text);
  for (let at = text.indexOf(OWN_MARKER); at >= 0; at = text.indexOf(OWN_MARKER, at + OWN_MARKER.length)) {
    const line = lines.lineOf(at);
    if (out.length && out[out.length - 1].range.start.line === line) continue;
    // As inlineSuppression reads it: the line's last 4096 characters.
    if (lines.lineEnd(line) - at > 4096) continue;
    out.push({
      range: { start: lines.position(at), end: lines.position(at + OWN_MARKER.length) },
      lines: COMMENT_ONLY.test(lines.lineText(line)) ? [line, line + 1] : [line],
    });
  }
  return out;
}

/** The markers no finding or reference on their lines needs. */
export function unusedAllowMarkers(markers: readonly AllowMarker[], usedLines: ReadonlySet<number>): AllowMarker[] {
  return markers.filter((m) => !m.lines.some((l) => usedLines.has(l)));
}
