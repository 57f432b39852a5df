// Markdown for a pull-request comment or a CI job summary.
import { SEVERITIES } from '../types/kinds';
import { mdCode, mdText } from '../text/escape';
import { UNUSED_SUPPRESSION, type CertificateFindingsSection, type OwnershipSection, type ScanReport } from './scan-report';

const ICON = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵', info: '⚪' } as const;

export function toMarkdown(report: ScanReport, limit = 200): string {
  const s = report.summary;
  const out: string[] = ['## Credential Hygiene scan', ''];
  if (s.findings === 0) out.push(`✅ No hard-coded credentials found in ${s.files} files.`);
  else {
    const parts = SEVERITIES.filter((sev) => s.bySeverity[sev]).map((sev) => `${ICON[sev]} ${s.bySeverity[sev]} ${sev}`);
    out.push(`**${s.findings} finding${s.findings === 1 ? '' : 's'}** in ${new Set(report.findings.map((f) => f.path)).size} files: ${parts.join(' · ')}`);
  }
  out.push('', `Scanned ${s.files} files · ${s.suppressed} suppressed · ${s.skipped} skipped`, '');
  if (report.findings.length) {
    out.push('| Severity | Location | Finding | Preview | Rule |', '|---|---|---|---|---|');
    for (const f of report.findings.slice(0, limit)) {
      out.push(`| ${ICON[f.severity]} ${f.severity} | ${mdCode(`${f.path}:${f.range.start.line + 1}`)} | ${mdText(f.description)} | ${mdCode(f.preview)} | ${mdCode(f.ruleId)} |`);
    }
    if (report.findings.length > limit) out.push('', `…and ${report.findings.length - limit} more.`);
    out.push('', '> Move each value to a secret store or environment variable and reference it; rotate any credential that was committed.');
  }
  if (report.suppressed.length) {
    out.push('', '<details><summary>Suppressed</summary>', '', '| Location | Rule | Reason |', '|---|---|---|');
    for (const f of report.suppressed.slice(0, limit)) out.push(`| ${mdCode(`${f.path}:${f.range.start.line + 1}`)} | ${mdCode(f.ruleId)} | ${mdText(f.suppressed?.reason ?? '')} |`);
    out.push('', '</details>');
  }
  if (report.skipped.length) {
    out.push('', '<details><summary>Skipped files</summary>', '');
    for (const k of report.skipped.slice(0, limit)) out.push(`- ${mdCode(k.path)}: ${mdText(k.reason)} (${mdText(k.detail)})`);
    out.push('', '</details>');
  }
  if (report.unusedSuppressions?.length) {
    out.push('', `<details><summary>Unused suppressions (${report.unusedSuppressions.length})</summary>`, '', '| Location | |', '|---|---|');
    for (const u of report.unusedSuppressions.slice(0, limit)) out.push(`| ${mdCode(`${u.path}:${u.range.start.line + 1}:${u.range.start.character + 1}`)} | ${mdText(UNUSED_SUPPRESSION)} |`);
    if (report.unusedSuppressions.length > limit) out.push('', `…and ${report.unusedSuppressions.length - limit} more.`);
    out.push('', '</details>');
  }
  if (report.ownership) out.push(...ownershipMarkdown(report.ownership, limit));
  if (report.certificates) out.push(...certificatesMarkdown(report.certificates, limit));
  for (const n of report.notes) out.push('', `> ⚠️ ${mdText(n)}`);
  return out.join('\n') + '\n';
}

function certificatesMarkdown(c: CertificateFindingsSection, limit: number): string[] {
  const s = c.summary;
  const found = `${s.certificates} certificate${s.certificates === 1 ? '' : 's'}, ${s.keys} private key${s.keys === 1 ? '' : 's'}`;
  const out = ['', '### Certificates and keys', ''];
  if (s.findings === 0) out.push(`✅ No certificate or key problem (${found}).`);
  else {
    const parts = SEVERITIES.filter((sev) => s.bySeverity[sev]).map((sev) => `${ICON[sev]} ${s.bySeverity[sev]} ${sev}`);
    out.push(`**${s.findings} certificate finding${s.findings === 1 ? '' : 's'}**: ${parts.join(' · ')} (${found})`);
    out.push('', '| Severity | Location | Finding | Rule |', '|---|---|---|---|');
    for (const f of c.findings.slice(0, limit)) {
      out.push(`| ${ICON[f.severity]} ${f.severity} | ${mdCode(`${f.path}:${f.range.start.line + 1}`)} | ${mdText(f.message)} | ${mdCode(f.ruleId)} |`);
    }
    if (c.findings.length > limit) out.push('', `…and ${c.findings.length - limit} more.`);
  }
  return out;
}

function ownershipMarkdown(o: OwnershipSection, limit: number): string[] {
  const s = o.summary;
  const out = ['', '### Credential ownership', ''];
  const register = o.registerFound ? mdCode(o.register) : `no ${mdCode(o.register)} yet`;
  if (s.findings === 0) out.push(`✅ Every credential has an accountable owner (${s.identities} identities, ${s.references} references; register: ${register}).`);
  else {
    const parts = SEVERITIES.filter((sev) => s.bySeverity[sev]).map((sev) => `${ICON[sev]} ${s.bySeverity[sev]} ${sev}`);
    out.push(`**${s.findings} ownership finding${s.findings === 1 ? '' : 's'}**: ${parts.join(' · ')} (${s.identities} identities, ${s.references} references; register: ${register})`);
    out.push('', '| Severity | Location | Finding | Rule |', '|---|---|---|---|');
    for (const f of o.findings.slice(0, limit)) {
      out.push(`| ${ICON[f.severity]} ${f.severity} | ${mdCode(`${f.path}:${f.range.start.line + 1}`)} | ${mdText(f.message)} | ${mdCode(f.ruleId)} |`);
    }
    if (o.findings.length > limit) out.push('', `…and ${o.findings.length - limit} more.`);
  }
  if (o.suppressed.length) {
    out.push('', '<details><summary>Suppressed ownership findings</summary>', '', '| Location | Rule | Reason |', '|---|---|---|');
    for (const f of o.suppressed.slice(0, limit)) out.push(`| ${mdCode(`${f.path}:${f.range.start.line + 1}`)} | ${mdCode(f.ruleId)} | ${mdText(f.suppressed?.reason ?? '')} |`);
    out.push('', '</details>');
  }
  return out;
}
