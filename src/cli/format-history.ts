// The human-readable history scan: secrets grouped by what to do, the most urgent first (gone from
// the code but never rotated: whoever has a clone still has a working credential).
import { humanSize } from '../core/files/read';
import type { Finding, FindingHistory } from '../core/findings';
import type { ScanReport } from '../core/report/scan-report';
import { escapeTerminal } from '../core/text/escape';
import { mapStrings } from '../core/text/redact-text';
import type { Style } from './terminal';
import { rotationIssuer } from '../core/rules/issuer';

type Paint = (style: Style | Style[], s: string) => string;

interface Group {
  title: string;
  style: Style[];
  test(h: FindingHistory): boolean;
  todo(f: Finding): string;
}

const at = (f: Finding) => {
  const issuer = rotationIssuer(f.provider);
  return issuer ? `at ${issuer}` : 'where it was issued';
};

export const HISTORY_GROUPS: Group[] = [
  {
    title: 'Removed from the code but NOT rotated: still usable by anyone with a clone',
    style: ['red', 'bold'], test: (h) => h.status === 'removed' && h.rotation === 'not-rotated',
    todo: (f) => `rotate it ${at(f)} now, then set lastRotated in the register`,
  },
  {
    title: 'Removed from the code, rotation unknown (no register identity matches)',
    style: ['red'], test: (h) => h.status === 'removed' && h.rotation === 'unknown',
    todo: (f) => `rotate it ${at(f)} unless it already was, and register its owner with lastRotated`,
  },
  {
    title: 'Still in HEAD, not rotated since it was committed',
    style: ['red'], test: (h) => h.status === 'in-head' && h.rotation === 'not-rotated',
    todo: (f) => `rotate it ${at(f)}, then move the new value out of the code (Ctrl+. in the editor)`,
  },
  {
    title: 'Still in HEAD, rotation unknown (no register identity matches)',
    style: ['yellow'], test: (h) => h.status === 'in-head' && h.rotation === 'unknown',
    todo: (f) => `rotate it ${at(f)}, move it out of the code, and register its owner`,
  },
  {
    title: 'Still in HEAD, rotated since it was committed',
    style: ['yellow'], test: (h) => h.status === 'in-head' && h.rotation === 'rotated',
    todo: () => 'the committed value is dead, but the code still holds a literal: move it out of the code',
  },
  {
    title: 'Removed from the code and rotated since',
    style: ['green'], test: (h) => h.status === 'removed' && h.rotation === 'rotated',
    todo: () => 'nothing to do: the value in history no longer works',
  },
];

export function toHistoryText(scanned: ScanReport, paint: Paint, showSuppressed = false): string {
  const report = mapStrings(scanned, escapeTerminal);
  const out: string[] = [];
  const list = showSuppressed ? [...report.findings, ...report.suppressed] : report.findings;
  for (const g of HISTORY_GROUPS) {
    const mine = list.filter((f) => f.history && g.test(f.history));
    if (!mine.length) continue;
    out.push(paint(g.style, `${g.title} (${mine.length})`));
    for (const f of mine) {
      const h = f.history!;
      const where = `${f.path}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
      const since = `first in ${h.firstCommit.slice(0, 12)} on ${h.firstDate.slice(0, 10)}${h.author !== undefined ? ` by ${h.author}` : ''}, ${h.commits} commit${h.commits === 1 ? '' : 's'}`;
      const owner = h.identity ? ` · ${h.identity}${h.lastRotated ? ` last rotated ${h.lastRotated}` : ' (no lastRotated)'}` : '';
      const tail = f.suppressed ? paint('gray', `  (suppressed: ${f.suppressed.reason})`) : '';
      out.push(`  ${paint('bold', where)}  ${f.description}  ${paint('cyan', f.preview)}  ${paint('gray', `${f.ruleId} · ${since}${owner}`)}${tail}`);
      out.push(`      → ${g.todo(f)}`);
    }
    out.push('');
  }
  const byReason = new Map<string, number>();
  for (const k of report.skipped) {
    if (k.reason === 'too-large') out.push(paint('gray', `skipped ${k.path}: ${k.reason} (${k.detail})`));
    else byReason.set(k.reason, (byReason.get(k.reason) ?? 0) + 1);
  }
  if (byReason.size) out.push(paint('gray', `skipped ${[...byReason].map(([r, n]) => `${n} ${r}`).join(', ')} blob(s); --format json lists them`));
  for (const n of report.notes) out.push(paint('yellow', `note: ${n}`));
  const s = report.summary;
  const h = report.history;
  const urgent = report.findings.filter((f) => f.history && HISTORY_GROUPS[0].test(f.history)).length;
  const head = s.cancelled && !s.findings
    ? paint(['yellow', 'bold'], '… history scan cancelled before it finished: nothing can be said yet')
    : s.findings
    ? paint(['red', 'bold'], `✖ ${s.findings} secret${s.findings === 1 ? '' : 's'} in git history`) + (urgent ? paint(['red', 'bold'], ` (${urgent} removed but not rotated)`) : '')
    : paint(['green', 'bold'], h?.noCommits ? '✔ no commits yet: nothing in history' : '✔ no hard-coded credentials in git history');
  const tail = [
    h ? `${h.commits} commit${h.commits === 1 ? '' : 's'}${h.allBranches ? ' on every branch' : ''}${h.since ? ` since ${h.since}` : ''}` : '',
    `${s.files} blobs scanned (${humanSize(s.bytes)}) in ${(s.durationMs / 1000).toFixed(2)} s`,
    s.suppressed ? `${s.suppressed} suppressed` : '',
    s.belowConfidence?.findings ? `${s.belowConfidence.findings} below ${s.belowConfidence.minConfidence} confidence not shown` : '',
    s.skipped ? `${s.skipped} skipped` : '',
    h?.shallow ? paint('yellow', 'shallow clone: history incomplete') : '',
    s.cancelled ? paint('yellow', 'cancelled: results are partial') : '',
  ].filter(Boolean).join(' · ');
  out.push(`${head} · ${paint('dim', tail)}`);
  return out.join('\n') + '\n';
}
