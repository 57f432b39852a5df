// The workspace report as Markdown (a pull-request comment or a CI job summary), JSON and CSV: the
// same model as the HTML report, redacted previews only.
import { CERTIFICATES_CHECKED, OWNERSHIP_OFF } from '../vocabulary';
import { SEVERITIES } from '../types/kinds';
import { mdCode, mdText, safeJson } from '../text/escape';
import { historyCsvRows, historyMarkdown } from './history-section';
import { STATUS_ICON, csvCell } from './inventory';
import type { ReportSummary, SeriesPoint, WorkspaceReport } from './workspace-report';

const ICON = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵', info: '⚪' } as const;

function pct(p: number | null): string {
  return p === null ? '—' : `${p}%`;
}

const SPARK = '▁▂▃▄▅▆▇█';

/** A one-line sparkline of values (empty for fewer than two). */
export function sparkline(values: readonly number[]): string {
  if (values.length < 2) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values.map((v) => SPARK[max === min ? 0 : Math.round(((v - min) / (max - min)) * (SPARK.length - 1))]).join('');
}

function top(points: readonly SeriesPoint[], n = 5): string {
  return points.slice(0, n).map((p) => `${mdText(p.label)} (${p.value})`).join(', ') || '—';
}

export function toWorkspaceMarkdown(r: WorkspaceReport, limit = 50): string {
  const t = r.tiles;
  const out: string[] = [`## Credential Hygiene report: ${mdText(r.workspace)}`, ''];
  const sev = SEVERITIES.filter((s) => t.findings.bySeverity[s]).map((s) => `${ICON[s]} ${t.findings.bySeverity[s]} ${s}`).join(' · ');
  out.push(`**${t.findings.total} open finding${t.findings.total === 1 ? '' : 's'}**${sev ? `: ${sev}` : ''} (${t.findings.secrets} hard-coded secret${t.findings.secrets === 1 ? '' : 's'}, ${t.findings.ownership} ownership${t.findings.certificates ? `, ${t.findings.certificates} certificate` : ''})`, '');
  if (r.ownership.enabled) {
    out.push('| Ownership coverage | Identities | Expired | Expiring | Rotation overdue | No owner | Suppressed |', '|---|---|---|---|---|---|---|');
    out.push(`| ${pct(t.coverage.percent)} (${t.coverage.owned}/${t.coverage.references} refs) | ${t.identities} | ${t.expired} | ${t.expiring} | ${t.overdue} | ${t.noOwner} | ${t.suppressed.total} |`, '');
  } else out.push(`${OWNERSHIP_OFF} Expiry, rotation and owners are unknown, not fine.${r.certificates ? ` ${CERTIFICATES_CHECKED}` : ''} Suppressed: ${t.suppressed.total}.`, '');
  if (r.trend.length > 1) {
    const totals = r.trend.map((x: ReportSummary) => x.findings + x.ownershipFindings);
    const d = totals[totals.length - 1] - totals[totals.length - 2];
    out.push(`**Trend** (last ${r.trend.length} scans): open findings ${sparkline(totals)} ${d === 0 ? 'unchanged' : d < 0 ? `${-d} fewer` : `${d} more`} since the previous scan; coverage ${pct(r.trend[r.trend.length - 2].coverage)} → ${pct(t.coverage.percent)}`, '');
  }
  if (t.findings.total) {
    out.push(`**Where:** by provider ${top(r.series.byProvider)} · by folder ${top(r.series.byFolder)}`, '');
    // The OWASP NHI Top 10 (2025) risks of the open findings, as the HTML report charts them.
    const risks = (r.series.byNhi ?? []).filter((p) => p.value > 0).sort((a, b) => b.value - a.value);
    if (risks.length) out.push(`**OWASP NHI risks:** ${top(risks, 10)}`, '');
  }
  if (r.leakedInHistory) out.push(...historyMarkdown(r.leakedInHistory));
  const q = r.cryptoReadiness;
  if (q) {
    out.push(`**Cryptographic readiness:** ${q.certificates.quantumVulnerable}/${q.certificates.total} certificates and ${q.keys.quantumVulnerable}/${q.keys.total} private keys use quantum-vulnerable algorithms; ${q.certificates.weak + q.keys.weak} weak, ${q.certificates.expired} expired, ${q.certificates.expiring} expiring. By owner: ${q.byOwner.slice(0, 5).map((o) => `${mdText(o.owner)} (${o.quantumVulnerable})`).join(', ') || '—'}`, '');
  }
  const open = r.findings.filter((f) => f.state === 'open');
  if (open.length) {
    out.push('<details open><summary>Open findings</summary>', '', '| Severity | Location | Rule | Detail |', '|---|---|---|---|');
    for (const f of open.slice(0, limit)) {
      const detail = f.type === 'secret' ? `${mdCode(f.detail)} ${mdText(f.description)}` : mdText(f.detail);
      out.push(`| ${ICON[f.severity]} ${f.severity} | ${mdCode(`${f.path}:${f.line}`)} | ${mdCode(f.ruleId)} | ${detail} |`);
    }
    if (open.length > limit) out.push('', `…and ${open.length - limit} more.`);
    out.push('', '</details>', '');
  }
  const attention = r.identities.filter((e) => e.status !== 'ok');
  if (attention.length) {
    out.push('<details><summary>Credentials needing attention</summary>', '', '| Status | Credential | Owner | Expiry / rotation | Issues |', '|---|---|---|---|---|');
    for (const e of attention.slice(0, limit)) {
      const when = [e.expires ? `expires ${e.expires}` : '', e.nextRotation ? `rotate by ${e.nextRotation}` : ''].filter(Boolean).join(' · ');
      out.push(`| ${STATUS_ICON[e.status]} ${e.status} | ${mdCode(e.id)} | ${mdText(e.technicalOwner ?? e.businessOwner ?? '—')} | ${mdText(when)} | ${mdText([...e.problems, ...e.missing.map((m) => `missing ${m}`)].join(', '))} |`);
    }
    if (attention.length > limit) out.push('', `…and ${attention.length - limit} more.`);
    out.push('', '</details>', '');
  }
  if (t.suppressed.byReason.length) {
    out.push('<details><summary>Suppressed, with reasons</summary>', '', '| Reason | How | Findings |', '|---|---|---|');
    for (const x of t.suppressed.byReason) out.push(`| ${mdText(x.reason)} | ${mdText(x.by)} | ${x.count} |`);
    out.push('', '</details>', '');
  }
  for (const n of r.notes) out.push(`> ⚠️ ${mdText(n)}`, '');
  out.push(`<sub>${mdText(r.tool)} ${mdText(r.version)} · ${mdText(r.generatedAt)} · previews are redacted</sub>`);
  return out.join('\n') + '\n';
}

export function toWorkspaceJson(r: WorkspaceReport): string {
  return safeJson(r) + '\n';
}

export const WORKSPACE_CSV_COLUMNS = [
  'record', 'severity_or_status', 'state', 'type', 'rule_or_id', 'provider', 'path', 'line', 'column', 'folder', 'owner', 'environments',
  'expires', 'next_rotation', 'detail', 'suppressed_reason', 'fingerprint',
] as const;

/** One table: a row per finding (`record` finding) and per credential (`record` identity). */
export function toWorkspaceCsv(r: WorkspaceReport): string {
  const rows: Array<Array<string | number | undefined>> = [];
  for (const f of r.findings) {
    rows.push(['finding', f.severity, f.state, f.type, f.ruleId, f.provider, f.path, f.line, f.column, f.folder, '', '', '', '',
      f.detail, f.suppressedReason, f.fingerprint]);
  }
  if (r.leakedInHistory) rows.push(...historyCsvRows(r.leakedInHistory));
  for (const e of r.identities) {
    rows.push(['identity', e.status, e.status === 'ok' ? 'ok' : 'attention', e.source, e.id, e.provider, e.path, e.line, '', '',
      e.technicalOwner ?? e.businessOwner, e.environments.join(' '), e.expires, e.nextRotation,
      [...e.problems, ...e.missing.map((m) => `missing ${m}`)].join('; '), '', '']);
  }
  return [WORKSPACE_CSV_COLUMNS.join(','), ...rows.map((row) => row.map((v) => csvCell(v === undefined ? undefined : String(v))).join(','))].join('\r\n') + '\r\n';
}
