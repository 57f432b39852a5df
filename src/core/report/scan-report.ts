// The data every scan output is made from: counts and the findings, never a secret value. Every
// string in it that came from the workspace (paths, suppression reasons, custom rules' descriptions,
// notes) has been through redactText, so no output made from it can print a credential typed there.
import type { Range } from '../types/range';
import type { Finding } from '../findings';
import { meetsConfidence, SEVERITY_RANK } from '../findings';
import type { Skipped } from '../files/read';
import type { OwnershipFinding } from '../ownership/finding';
import type { OwnershipRun } from '../ownership/workspace';
import type { OwnershipResult } from '../ownership/evaluate';
import { hasCertificates, isCertificateRule } from '../certs/channel';
import { SEVERITIES, type Confidence, type Severity } from '../types/kinds';
import { redactDeep } from '../scan/redact-text';
import type { ScanSummary } from '../run/scanner';

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
    /** Files answered from the results kept by an earlier run (unchanged since, not read again); absent when none. */
    unchanged?: number;
    /** Set when findings below a confidence were left out (`--min-confidence`): how many, and the threshold. */
    belowConfidence?: { minConfidence: Confidence; findings: number };
  };
  findings: Finding[];
  suppressed: Finding[];
  skipped: Skipped[];
  notes: string[];
  /** With `--report-unused-suppressions`: `credential-hygiene:allow` comments on lines with no finding and no credential reference. */
  unusedSuppressions?: Array<{ path: string; range: Range }>;
  /** Ownership checks (owner/*), when the workspace has a register (or the config turns them on). */
  ownership?: OwnershipSection;
  /** Certificate checks (cert/*, crypto/*), whenever the scanned files hold certificates, keys or declarations; register or not. */
  certificates?: CertificateFindingsSection;
  /** Set by a history scan (`scan --history`): what was read. Its findings each carry `history`. */
  history?: HistorySection;
}

export interface HistorySection {
  /** Commits read, and distinct blobs scanned. */
  commits: number;
  blobs: number;
  /** `--since`: only commits after this revision (as given, redacted). */
  since?: string;
  allBranches: boolean;
  /** A shallow clone: history is incomplete. */
  shallow: boolean;
  /** The repository has no commits. */
  noCommits: boolean;
}

export interface OwnershipSection {
  /** Workspace-relative path of the register, and whether it exists. */
  register: string;
  registerFound: boolean;
  summary: {
    findings: number;
    bySeverity: Record<Severity, number>;
    suppressed: number;
    identities: number;
    references: number;
  };
  findings: OwnershipFinding[];
  suppressed: OwnershipFinding[];
}

export interface CertificateFindingsSection {
  summary: {
    findings: number;
    bySeverity: Record<Severity, number>;
    suppressed: number;
    /** Readable certificates and certificate declarations found, and private keys. */
    certificates: number;
    keys: number;
  };
  findings: OwnershipFinding[];
  suppressed: OwnershipFinding[];
}

export function buildScanReport(s: ScanSummary, root: string, version: string, notes: string[] = [], now = new Date()): ScanReport {
  const bySeverity = Object.fromEntries(SEVERITIES.map((sev) => [sev, 0])) as Record<Severity, number>;
  for (const f of s.findings) bySeverity[f.severity]++;
  return redactDeep({
    tool: TOOL.name,
    version,
    root,
    generatedAt: now.toISOString(),
    summary: {
      files: s.files, bytes: s.bytes, durationMs: Math.round(s.durationMs), findings: s.findings.length, bySeverity,
      suppressed: s.suppressed.length, skipped: s.skipped.length, cancelled: s.cancelled,
      ...(s.unchanged ? { unchanged: s.unchanged } : {}),
    },
    findings: s.findings,
    suppressed: s.suppressed,
    skipped: s.skipped,
    notes: [
      ...notes,
      ...s.expiredBaselineEntries.map((e) => `baseline entry for ${e.ruleId} (${e.path ?? e.fingerprint}) expired on ${e.expires}`),
    ],
  });
}

/** The ownership checks' section: owner/* findings only (the certificate checks have their own, certificatesSection). */
export function ownershipSection(run: OwnershipRun): OwnershipSection {
  const findings = run.findings.filter((f) => !isCertificateRule(f.ruleId));
  const suppressed = run.suppressed.filter((f) => !isCertificateRule(f.ruleId));
  return redactDeep({
    register: run.register.path,
    registerFound: run.register.exists,
    summary: {
      findings: findings.length, bySeverity: countBySeverity(findings), suppressed: suppressed.length,
      identities: run.identities.length, references: run.references.length,
    },
    findings,
    suppressed,
  });
}

/**
 * The certificate checks' section (cert/*, crypto/*), from an ownership run or, with ownership off, the
 * certificate checks' own run; undefined when the scanned files hold no certificate, key or declaration.
 */
export function certificatesSection(run: OwnershipResult): CertificateFindingsSection | undefined {
  if (!hasCertificates(run)) return undefined;
  const findings = run.findings.filter((f) => isCertificateRule(f.ruleId));
  const suppressed = run.suppressed.filter((f) => isCertificateRule(f.ruleId));
  return redactDeep({
    summary: {
      findings: findings.length, bySeverity: countBySeverity(findings), suppressed: suppressed.length,
      certificates: run.inventory.filter((e) => e.certificate || e.certificateDefinition).length, keys: run.crypto?.keys.length ?? 0,
    },
    findings,
    suppressed,
  });
}

function countBySeverity(findings: readonly { severity: Severity }[]): Record<Severity, number> {
  const bySeverity = Object.fromEntries(SEVERITIES.map((sev) => [sev, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity]++;
  return bySeverity;
}

/**
 * The report without the findings (and suppressed findings) below `min` confidence; the summary
 * counts what is left and says how many were left out. Ownership findings are not confidence-rated.
 */
export function withMinConfidence(report: ScanReport, min: Confidence): ScanReport {
  const keep = (f: Finding) => meetsConfidence(f, min);
  const findings = report.findings.filter(keep);
  const left = report.findings.length - findings.length;
  if (left === 0 && report.suppressed.every(keep)) return report;
  const bySeverity = Object.fromEntries(SEVERITIES.map((sev) => [sev, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity]++;
  const suppressed = report.suppressed.filter(keep);
  return {
    ...report,
    summary: { ...report.summary, findings: findings.length, bySeverity, suppressed: suppressed.length, belowConfidence: { minConfidence: min, findings: left } },
    findings,
    suppressed,
  };
}

/** What an unused `credential-hygiene:allow` comment is, in every format. */
export const UNUSED_SUPPRESSION = 'credential-hygiene:allow has no finding or credential reference to allow; remove it';

/**
 * Whether a finding still asks for something to be done: all do, but a secret of git history that is
 * gone from the code and was rotated since it was committed (the value in history no longer works).
 * `--fail-on` counts only these.
 */
export function needsAction(f: Pick<Finding, 'history'>): boolean {
  return !(f.history?.status === 'removed' && f.history.rotation === 'rotated');
}

export function atOrAbove<T extends { severity: Severity }>(findings: readonly T[], threshold: Severity): T[] {
  return findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]);
}
