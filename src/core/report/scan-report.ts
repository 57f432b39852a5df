// The data every scan output is made from: counts and the findings, never a secret value.
import type { Finding } from '../findings';
import { SEVERITY_RANK } from '../findings';
import type { Skipped } from '../files/read';
import { SEVERITIES, type Severity } from '../rules/types';
import type { ScanSummary } from '../scan/scanner';

export const TOOL = {
  name: 'credential-hygiene',
  fullName: 'Credential Hygiene',
  informationUri: 'https://github.com/credential-hygiene/credential-hygiene',
} as const;

export interface ScanReport {
  tool: string;
  version: string;
  /** Absolute folder paths are relative to. */
  root: string;
  generatedAt: string;
  summary: {
    files: number;
    bytes: number;
    durationMs: number;
    findings: number;
    bySeverity: Record<Severity, number>;
    suppressed: number;
    skipped: number;
    cancelled: boolean;
  };
  findings: Finding[];
  suppressed: Finding[];
  skipped: Skipped[];
  notes: string[];
}

export function buildScanReport(s: ScanSummary, root: string, version: string, notes: string[] = [], now = new Date()): ScanReport {
  const bySeverity = Object.fromEntries(SEVERITIES.map((sev) => [sev, 0])) as Record<Severity, number>;
  for (const f of s.findings) bySeverity[f.severity]++;
  return {
    tool: TOOL.name,
    version,
    root,
    generatedAt: now.toISOString(),
    summary: {
      files: s.files, bytes: s.bytes, durationMs: Math.round(s.durationMs), findings: s.findings.length, bySeverity,
      suppressed: s.suppressed.length, skipped: s.skipped.length, cancelled: s.cancelled,
    },
    findings: s.findings,
    suppressed: s.suppressed,
    skipped: s.skipped,
    notes: [
      ...notes,
      ...s.expiredBaselineEntries.map((e) => `baseline entry for ${e.ruleId} (${e.path ?? e.fingerprint}) expired on ${e.expires}`),
    ],
  };
}

export function atOrAbove(findings: readonly Finding[], threshold: Severity): Finding[] {
  return findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]);
}
