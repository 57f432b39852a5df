// What a scan reports. A finding never carries the secret itself: only a redacted preview and a
// salted fingerprint, so nothing downstream (reports, logs, registry) can leak it.
import { createHmac } from 'node:crypto';
import type { Confidence, CredentialKind, Severity } from './rules/types';
import type { Position } from './text/lines';

export type { Position } from './text/lines';

export interface Range {
  start: Position;
  end: Position;
}

export interface Finding {
  ruleId: string;
  description: string;
  provider: string;
  kind: CredentialKind;
  severity: Severity;
  confidence: Confidence;
  /** Workspace-relative POSIX path. */
  path: string;
  /** Exact range of the secret. */
  range: Range;
  /** UTF-16 offsets of the secret in the file's text. */
  offset: { start: number; end: number };
  /** Redacted preview, e.g. `ghp_******** (40 chars)`. */
  preview: string;
  /** Salted hash of rule + secret: stable when lines move, useless to an attacker without the value. */
  fingerprint: string;
  /** What a fix needs. */
  fix: { envName: string; provider: string; kind: CredentialKind };
  /** Set when a suppression matched (inline comment or baseline); suppressed findings are reported apart. */
  suppressed?: { by: 'inline' | 'baseline'; reason: string };
}

export const DEFAULT_FINGERPRINT_SALT = 'credential-hygiene/v1';

export function fingerprint(ruleId: string, secret: string, salt = DEFAULT_FINGERPRINT_SALT): string {
  return createHmac('sha256', salt).update(ruleId).update('\0').update(secret).digest('hex').slice(0, 32);
}

/** Shows at most a short head of long secrets (usually the provider's prefix) and the length. */
export function redact(secret: string): string {
  const keep = secret.length >= 24 ? 4 : secret.length >= 16 ? 2 : 0;
  return `${secret.slice(0, keep)}******** (${secret.length} chars)`;
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
