// The server's settings: the extension's `credentialHygiene.*` settings under the same names (package.json
// `contributes.configuration`), from `initializationOptions` and `workspace/didChangeConfiguration`,
// as an object under `credentialHygiene` or at the top level. Trust is apart: only the client's
// `initializationOptions.trusted: true` grants it (a workspace's own settings file must not), and the
// default is untrusted, as VS Code's Restricted Mode.
import type { DiagnosticLevel } from '../core/display';
import { defaultScanSettings, DIAGNOSTIC_LEVELS as LEVELS, SETTINGS_SECTION as SECTION, type ScanSettings } from '../core/settings';
import { CONFIDENCES, SEVERITIES, type Confidence } from '../core/types/kinds';

export interface LspSettings extends ScanSettings {
  /** A document whose analysis takes longer is reported as not analyzed, and its worker replaced. */
  analysisTimeoutMs: number;
}

export { SECTION };

export function defaultSettings(): LspSettings {
  return { ...defaultScanSettings(), analysisTimeoutMs: 10_000 };
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? [...v] : undefined);
const number = (v: unknown, min: number, max: number): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : undefined);

/**
 * The settings in `raw` (either `{ credentialHygiene: {...} }`, dotted keys `credentialHygiene.x`, or
 * the bare names) over `base`; values of the wrong type are ignored and named in `problems`.
 */
export function readSettings(raw: unknown, base: LspSettings = defaultSettings(), problems: string[] = []): LspSettings {
  if (!isObject(raw)) return base;
  const flat: Raw = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === SECTION && isObject(v)) Object.assign(flat, v);
    else if (k.startsWith(`${SECTION}.`)) flat[k.slice(SECTION.length + 1)] = v;
    else flat[k] = v;
  }
  const out: LspSettings = { ...base, severity: { ...base.severity } };
  const bad = (key: string) => problems.push(`setting ${SECTION}.${key} ignored: not a valid value`);
  const take = <T>(key: string, read: (v: unknown) => T | undefined, set: (v: T) => void) => {
    if (!(key in flat) || flat[key] === null) return;
    const v = read(flat[key]);
    if (v === undefined) bad(key);
    else set(v);
  };
  take('scanOnStartup', (v) => (typeof v === 'boolean' ? v : undefined), (v) => (out.scanOnStartup = v));
  take('keepScanResults', (v) => (typeof v === 'boolean' ? v : undefined), (v) => (out.keepScanResults = v));
  take('include', strings, (v) => (out.include = v));
  take('exclude', strings, (v) => (out.exclude = v));
  take('maxFileSize', (v) => number(v, 1024, 2 ** 31), (v) => (out.maxFileSize = v));
  take('debounceMs', (v) => number(v, 0, 5000), (v) => (out.debounceMs = v));
  take('analysisTimeoutMs', (v) => number(v, 1, 600_000), (v) => (out.analysisTimeoutMs = v));
  take('minConfidence', (v) => (typeof v === 'string' && (CONFIDENCES as readonly string[]).includes(v) ? (v as Confidence) : undefined), (v) => (out.minConfidence = v));
  take('severity', (v) => (isObject(v) ? v : undefined), (v) => {
    for (const s of SEVERITIES) {
      const level = v[s];
      if (level === undefined) continue;
      if (typeof level === 'string' && (LEVELS as readonly string[]).includes(level)) out.severity[s] = level as DiagnosticLevel;
      else bad(`severity.${s}`);
    }
  });
  return out;
}

/** Trust as the client grants it at start-up: only an explicit `trusted: true`. */
export function trustedFrom(initializationOptions: unknown): boolean {
  return isObject(initializationOptions) && initializationOptions.trusted === true;
}
