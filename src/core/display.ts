// How a finding shows in an editor (the extension's Problems panel, a language server's diagnostics),
// from its severity and confidence: one mapping for every editor face. Settings name the levels.
import { meetsConfidence, type Finding } from './findings';
import type { Confidence, Severity } from './types/kinds';

export type DiagnosticLevel = 'error' | 'warning' | 'information' | 'hint' | 'none';

/** What decides how a finding shows: the severity mapping and the minimum confidence. */
export interface DisplaySettings {
  severity: Record<Severity, DiagnosticLevel>;
  minConfidence: Confidence;
}

/** The source of the certificate checks' diagnostics (cert/*, crypto/*) in every editor face, register or not. */
export const CERTIFICATES_SOURCE = 'Credential Hygiene (certificates)';

/** The source of the ownership checks' diagnostics (owner/*) in every editor face, when ownership is on. */
export const OWNERSHIP_SOURCE = 'Credential Hygiene (ownership)';

/** The editor's default `credentialHygiene.severity`. */
export const DEFAULT_SEVERITY_LEVELS: Readonly<Record<Severity, DiagnosticLevel>> = { critical: 'error', high: 'error', medium: 'warning', low: 'information', info: 'hint' };

const RANK: Record<DiagnosticLevel, number> = { error: 4, warning: 3, information: 2, hint: 1, none: 0 };
/** Confidence decides how a finding shows, as in the CLI and SARIF: high an error, medium a warning, low a hint. */
const CONFIDENCE_LEVEL: Record<Confidence, DiagnosticLevel> = { high: 'error', medium: 'warning', low: 'hint' };

/**
 * A finding's diagnostic level: the lower of its severity's (`credentialHygiene.severity`) and its
 * confidence's; `none` below `credentialHygiene.minConfidence`.
 */
export function diagnosticLevel(f: Pick<Finding, 'severity' | 'confidence'>, d: DisplaySettings): DiagnosticLevel {
  if (!meetsConfidence(f, d.minConfidence)) return 'none';
  const bySeverity = d.severity[f.severity];
  const byConfidence = CONFIDENCE_LEVEL[f.confidence];
  return RANK[bySeverity] <= RANK[byConfidence] ? bySeverity : byConfidence;
}
