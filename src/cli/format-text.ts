// The human-readable scan output: findings grouped by file, then a one-line summary.
import { humanSize } from '../core/files/read';
import { UNUSED_SUPPRESSION, type CertificateFindingsSection, type OwnershipSection, type ScanReport } from '../core/report/scan-report';
import { SEVERITIES, type Confidence, type Severity } from '../core/rules/types';
import { escapeTerminal } from '../core/text/escape';
import { mapStrings } from '../core/text/redact-text';
import type { Style } from './terminal';

type Paint = (style: Style | Style[], s: string) => string;
const SEVERITY_STYLE: Record<Severity, Style[]> = { critical: ['red', 'bold'], high: ['red'], medium: ['yellow'], low: ['blue'], info: ['gray'] };
/** How a finding shows follows its confidence, as in the editor and SARIF: high is an error, medium a warning, low a hint. */
const CONFIDENCE_LEVEL: Record<Confidence, { label: string; style: Style[] }> = {
  high: { label: 'error', style: ['red', 'bold'] },
  medium: { label: 'warning', style: ['yellow'] },
  low: { label: 'hint', style: ['blue'] },
};

export function toText(scanned: ScanReport, paint: Paint, showSuppressed = false): string {
  // File names, descriptions and reasons come from the workspace: no control character reaches the terminal.
  const report = mapStrings(scanned, escapeTerminal);
  const out: string[] = [];
  const list = showSuppressed ? [...report.findings, ...report.suppressed] : report.findings;
  let current = '';
  for (const f of list) {
    if (f.path !== current) {
      if (current) out.push('');
      out.push(paint('bold', f.path));
      current = f.path;
    }
    const where = paint('dim', `${f.range.start.line + 1}:${f.range.start.character + 1}`.padEnd(8));
    const level = CONFIDENCE_LEVEL[f.confidence] ?? CONFIDENCE_LEVEL.medium;
    const shown = paint(level.style, level.label.padEnd(8));
    const sev = paint(SEVERITY_STYLE[f.severity], f.severity.padEnd(8));
    const tail = f.suppressed ? paint('gray', `  (suppressed: ${f.suppressed.reason})`) : '';
    const why = paint('gray', `${f.ruleId} · ${f.confidence} confidence`);
    out.push(`  ${where} ${shown} ${sev} ${f.description}  ${paint('cyan', f.preview)}  ${why}${tail}`);
  }
  if (list.length) out.push('');
  if (report.ownership) out.push(...ownershipText(report.ownership, paint, showSuppressed));
  if (report.certificates) out.push(...findingsText('Certificates and keys', report.certificates, paint, showSuppressed));
  for (const k of report.skipped) if (k.reason !== 'file-type') out.push(paint('gray', `skipped ${k.path}: ${k.reason} (${k.detail})`));
  const byType = fileTypeSkips(report);
  if (byType) out.push(paint('gray', byType));
  for (const u of report.unusedSuppressions ?? []) out.push(paint('yellow', `unused suppression: ${u.path}:${u.range.start.line + 1}:${u.range.start.character + 1} ${UNUSED_SUPPRESSION}`));
  for (const n of report.notes) out.push(paint('yellow', `note: ${n}`));
  const s = report.summary;
  const counts = SEVERITIES.filter((sev) => s.bySeverity[sev]).map((sev) => paint(SEVERITY_STYLE[sev], `${s.bySeverity[sev]} ${sev}`));
  const files = new Set(report.findings.map((f) => f.path)).size;
  const head = s.findings
    ? paint(['red', 'bold'], `✖ ${s.findings} finding${s.findings === 1 ? '' : 's'}`) + ` (${counts.join(', ')}) in ${files} file${files === 1 ? '' : 's'}`
    : paint(['green', 'bold'], '✔ no hard-coded credentials found');
  const tail = [
    `${s.files} files scanned (${humanSize(s.bytes)}${s.unchanged ? `; ${s.unchanged} unchanged since the last run, not read again` : ''}) in ${(s.durationMs / 1000).toFixed(2)} s`,
    s.suppressed ? `${s.suppressed} suppressed` : '',
    s.belowConfidence?.findings
      ? `${s.belowConfidence.findings} below ${s.belowConfidence.minConfidence} confidence not shown (--min-confidence ${s.belowConfidence.minConfidence === 'high' ? 'medium' : 'low'} lists them)`
      : '',
    s.skipped ? `${s.skipped} skipped` : '',
    s.cancelled ? paint('yellow', 'cancelled: results are partial') : '',
  ].filter(Boolean).join(' · ');
  if (report.ownership) out.push(ownershipSummary(report.ownership, paint));
  if (report.certificates) out.push(certificatesSummary(report.certificates, paint));
  out.push(`${head} · ${paint('dim', tail)}`);
  return out.join('\n') + '\n';
}

/** Media and archives skipped by extension: one line with counts (JSON lists each file). */
function fileTypeSkips(report: ScanReport): string | undefined {
  const counts = new Map<string, number>();
  for (const k of report.skipped) {
    if (k.reason !== 'file-type') continue;
    const ext = k.path.slice(k.path.lastIndexOf('.')).toLowerCase();
    counts.set(ext, (counts.get(ext) ?? 0) + 1);
  }
  if (!counts.size) return undefined;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const list = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([ext, n]) => `${n} ${ext}`).join(', ');
  return `skipped ${total} file${total === 1 ? '' : 's'} by type, not read (${list}): media, archives, compiled code; --format json lists them`;
}

/** Ownership findings, grouped by file like the secrets above them. */
function ownershipText(o: OwnershipSection, paint: Paint, showSuppressed: boolean): string[] {
  return findingsText(`Ownership (${o.registerFound ? o.register : `no ${o.register} yet`})`, o, paint, showSuppressed);
}

/** Ownership or certificate findings under a heading, grouped by file like the secrets above them. */
function findingsText(heading: string, o: Pick<OwnershipSection, 'findings' | 'suppressed'>, paint: Paint, showSuppressed: boolean): string[] {
  const list = showSuppressed ? [...o.findings, ...o.suppressed] : o.findings;
  if (!list.length) return [];
  const out = [paint('bold', heading)];
  let current = '';
  for (const f of list) {
    if (f.path !== current) {
      out.push(paint('bold', f.path));
      current = f.path;
    }
    const where = paint('dim', `${f.range.start.line + 1}:${f.range.start.character + 1}`.padEnd(8));
    const sev = paint(SEVERITY_STYLE[f.severity], f.severity.padEnd(8));
    const tail = f.suppressed ? paint('gray', `  (suppressed: ${f.suppressed.reason})`) : '';
    out.push(`  ${where} ${sev} ${f.message}  ${paint('gray', f.ruleId)}${tail}`);
  }
  out.push('');
  return out;
}

function ownershipSummary(o: OwnershipSection, paint: Paint): string {
  const s = o.summary;
  return channelSummary(s, 'ownership finding', '✔ every credential has an owner', [`${s.identities} identities`, `${s.references} references`], paint);
}

function certificatesSummary(c: CertificateFindingsSection, paint: Paint): string {
  const s = c.summary;
  return channelSummary(s, 'certificate finding', '✔ no certificate or key problem',
    [`${s.certificates} certificate${s.certificates === 1 ? '' : 's'}`, `${s.keys} private key${s.keys === 1 ? '' : 's'}`], paint);
}

/** A channel's summary line: its findings by severity (or `clean`), then what it looked at and what was suppressed. */
function channelSummary(
  s: { findings: number; suppressed: number; bySeverity: Partial<Record<Severity, number>> }, noun: string, clean: string, seen: string[], paint: Paint,
): string {
  const counts = SEVERITIES.filter((sev) => s.bySeverity[sev]).map((sev) => paint(SEVERITY_STYLE[sev], `${s.bySeverity[sev]} ${sev}`));
  const head = s.findings
    ? paint(['red', 'bold'], `✖ ${s.findings} ${noun}${s.findings === 1 ? '' : 's'}`) + ` (${counts.join(', ')})`
    : paint(['green', 'bold'], clean);
  const tail = [...seen, s.suppressed ? `${s.suppressed} suppressed` : ''].filter(Boolean).join(' · ');
  return `${head} · ${paint('dim', tail)}`;
}
