// The workspace report's "Leaked in history" section: secrets git history holds (from a history scan),
// the ones removed from the code but never rotated first, since those still work for anyone with a
// clone and nobody is looking at them any more. Redacted previews, commits and dates only.
import type { Finding, FindingHistory } from '../findings';
import type { Severity } from '../types/kinds';
import { mdCode, mdText } from '../text/escape';

export interface HistoryRow {
  status: FindingHistory['status'];
  rotation: FindingHistory['rotation'];
  severity: Severity;
  ruleId: string;
  provider: string;
  /** Where the first commit put it (1-based line). */
  path: string;
  line: number;
  /** The redacted preview. */
  detail: string;
  firstCommit: string;
  firstDate: string;
  commits: number;
  identityId?: string;
  lastRotated?: string;
  fingerprint: string;
}

export interface LeakedInHistory {
  /** Commits read, and whether the clone was shallow (then history is incomplete). */
  commits: number;
  shallow: boolean;
  counts: { removedNotRotated: number; removedUnknown: number; removedRotated: number; inHead: number };
  rows: HistoryRow[];
}

/** Most urgent first: removed and not rotated, removed and unknown, removed and rotated, then what HEAD still holds. */
export function historyUrgency(h: Pick<FindingHistory, 'status' | 'rotation'>): number {
  return (h.status === 'removed' ? 0 : 3) + (h.rotation === 'not-rotated' ? 0 : h.rotation === 'unknown' ? 1 : 2);
}

export function leakedInHistory(findings: readonly Finding[], info: { commits: number; shallow: boolean }): LeakedInHistory {
  const rows: HistoryRow[] = findings.filter((f) => f.history && !f.suppressed).map((f) => {
    const h = f.history!;
    return {
      status: h.status, rotation: h.rotation, severity: f.severity, ruleId: f.ruleId, provider: f.provider,
      path: f.path, line: f.range.start.line + 1, detail: f.preview, firstCommit: h.firstCommit, firstDate: h.firstDate, commits: h.commits,
      ...(h.identity ? { identityId: h.identity } : {}), ...(h.lastRotated ? { lastRotated: h.lastRotated } : {}), fingerprint: f.fingerprint,
    };
  }).sort((a, b) => historyUrgency(a) - historyUrgency(b) || (a.firstDate < b.firstDate ? -1 : a.firstDate > b.firstDate ? 1 : 0));
  const count = (status: HistoryRow['status'], rotation?: HistoryRow['rotation']) => rows.filter((r) => r.status === status && (!rotation || r.rotation === rotation)).length;
  return {
    commits: info.commits, shallow: info.shallow, rows,
    counts: { removedNotRotated: count('removed', 'not-rotated'), removedUnknown: count('removed', 'unknown'), removedRotated: count('removed', 'rotated'), inHead: count('in-head') },
  };
}

const LABEL = (r: HistoryRow) => `${r.status === 'removed' ? 'removed' : 'in HEAD'}, ${r.rotation === 'not-rotated' ? 'NOT rotated' : r.rotation === 'rotated' ? 'rotated' : 'rotation unknown'}`;

export function historyMarkdown(s: LeakedInHistory, limit = 50): string[] {
  const c = s.counts;
  const out = ['### Leaked in history', ''];
  out.push(`${s.rows.length} secret${s.rows.length === 1 ? '' : 's'} in ${s.commits} commit${s.commits === 1 ? '' : 's'}: **${c.removedNotRotated} removed but not rotated** (rotate these first), ${c.removedUnknown} removed with no register identity, ${c.removedRotated} removed and rotated, ${c.inHead} still in HEAD.${s.shallow ? ' History is incomplete (shallow clone).' : ''}`, '');
  if (s.rows.length) {
    out.push('| Status | First added | Location | Rule | Detail |', '|---|---|---|---|---|');
    for (const r of s.rows.slice(0, limit)) {
      out.push(`| ${LABEL(r)} | ${mdCode(r.firstCommit.slice(0, 12))} ${r.firstDate.slice(0, 10)} (${r.commits} commit${r.commits === 1 ? '' : 's'}) | ${mdCode(`${r.path}:${r.line}`)} | ${mdCode(r.ruleId)} | ${mdCode(r.detail)}${r.identityId ? ` ${mdText(r.identityId)}` : ''} |`);
    }
    if (s.rows.length > limit) out.push('', `…and ${s.rows.length - limit} more.`);
    out.push('');
  }
  return out;
}

export function historyHtml(s: LeakedInHistory, esc: (v: string | number | undefined) => string): string {
  const c = s.counts;
  const rows = s.rows.map((r) => `<tr class="${r.status === 'removed' && r.rotation === 'not-rotated' ? 'urgent' : ''}"><td>${esc(LABEL(r))}</td><td><code>${esc(r.firstCommit.slice(0, 12))}</code> ${esc(r.firstDate.slice(0, 10))} (${r.commits})</td><td><code>${esc(`${r.path}:${r.line}`)}</code></td><td><code>${esc(r.ruleId)}</code></td><td><code>${esc(r.detail)}</code>${r.identityId ? ` ${esc(r.identityId)}${r.lastRotated ? ` (rotated ${esc(r.lastRotated)})` : ''}` : ''}</td></tr>`).join('\n');
  return `<section class="card" id="history" aria-labelledby="history-t"><h2 id="history-t">Leaked in history</h2>
<p class="card-sub">${s.rows.length} secret${s.rows.length === 1 ? '' : 's'} in ${s.commits} commit${s.commits === 1 ? '' : 's'}: <b>${c.removedNotRotated} removed but not rotated</b> (rotate these first), ${c.removedUnknown} removed with no register identity, ${c.removedRotated} removed and rotated, ${c.inHead} still in HEAD.${s.shallow ? ' History is incomplete (shallow clone).' : ''}</p>
${s.rows.length ? `<div class="scroll"><table class="data compact" aria-labelledby="history-t"><thead><tr><th scope="col">Status</th><th scope="col">First added (commits)</th><th scope="col">Location</th><th scope="col">Rule</th><th scope="col">Detail</th></tr></thead><tbody>
${rows}
</tbody></table></div>` : ''}
</section>`;
}

/** CSV rows in the workspace table's columns (`record` = history). */
export function historyCsvRows(s: LeakedInHistory): Array<Array<string | number | undefined>> {
  return s.rows.map((r) => ['history', r.severity, `${r.status} ${r.rotation}`, 'secret', r.ruleId, r.provider, r.path, r.line, '', '', '', '', '', '',
    `${r.detail}; first ${r.firstCommit} ${r.firstDate}; ${r.commits} commit(s)${r.identityId ? `; identity ${r.identityId}${r.lastRotated ? ` rotated ${r.lastRotated}` : ''}` : ''}`, '', r.fingerprint]);
}

/** `scan --history --format markdown`: the section, with what was skipped and the notes. */
export function historyScanMarkdown(report: { findings: readonly Finding[]; skipped: ReadonlyArray<{ path: string; reason: string; detail: string }>; notes: readonly string[]; history?: { commits: number; shallow: boolean } }, limit = 200): string {
  const out = ['## Credential Hygiene history scan', ''];
  out.push(...historyMarkdown(leakedInHistory(report.findings, { commits: report.history?.commits ?? 0, shallow: report.history?.shallow ?? false }), limit));
  const large = report.skipped.filter((k) => k.reason === 'too-large');
  if (large.length) {
    out.push('<details><summary>Blobs too large to scan</summary>', '');
    for (const k of large.slice(0, limit)) out.push(`- ${mdCode(k.path)}: ${mdText(k.detail)}`);
    out.push('', '</details>', '');
  }
  for (const n of report.notes) out.push(`> ⚠️ ${mdText(n)}`, '');
  return out.join('\n') + '\n';
}
