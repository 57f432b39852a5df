// Inline suppressions: ours (`credential-hygiene:allow <reason>`) and the markers people already use
// with other scanners, on the finding's line or on a comment-only line right above it.
import type { LineIndex } from '../text/lines';

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

function markerIn(text: string): string | undefined {
  if (text.length > 4096) text = text.slice(-4096); // markers sit in a trailing comment
  for (const { re, name } of MARKERS) {
    const m = re.exec(text);
    if (!m) continue;
    const reason = m[1]?.replace(/\s*(?:\*\/|-->|--%>|#>)\s*$/, '').trim();
    return reason ? reason : `${name} (no reason given)`;
  }
  return undefined;
}
