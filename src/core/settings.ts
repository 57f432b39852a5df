// The editor settings every editor face reads (`credentialHygiene.*`: the VS Code extension through its
// configuration API, the language server from its client's options), with one set of defaults. A unit
// test holds them equal to package.json's `contributes.configuration`.
import { DEFAULT_MAX_FILE_SIZE } from './config/files';
import { DEFAULT_SEVERITY_LEVELS, type DiagnosticLevel } from './display';
import type { Confidence, Severity } from './types/kinds';

export const SETTINGS_SECTION = 'credentialHygiene';

/** The levels `credentialHygiene.severity` may map a severity to. */
export const DIAGNOSTIC_LEVELS: readonly DiagnosticLevel[] = ['error', 'warning', 'information', 'hint', 'none'];

/** What decides what is scanned and how it shows, in every editor face. */
export interface ScanSettings {
  scanOnStartup: boolean;
  include: string[];
  exclude: string[];
  maxFileSize: number;
  debounceMs: number;
  severity: Record<Severity, DiagnosticLevel>;
  /** Set explicitly, else undefined: the project's config decides (as in the CLI). */
  minConfidence: Confidence | undefined;
  /**
   * Keep each file's scan results between sessions (redacted, in the user's own storage), so that a
   * file unchanged since is not read again. The extension takes it from user settings only.
   */
  keepScanResults: boolean;
}

export function defaultScanSettings(): ScanSettings {
  return {
    scanOnStartup: true, include: [], exclude: [], maxFileSize: DEFAULT_MAX_FILE_SIZE, debounceMs: 250,
    severity: { ...DEFAULT_SEVERITY_LEVELS }, minConfidence: undefined, keepScanResults: true,
  };
}
