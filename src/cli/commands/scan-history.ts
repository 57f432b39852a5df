// `scan --history`: the secrets every commit added, with the config, baseline and register of HEAD's
// checkout, reported like a tree scan (text, JSON, SARIF, Markdown), each finding with its history.
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig, type LoadedConfig } from '../../core/config/load';
import { BASELINE_FILE } from '../../core/config/schema';
import { UserError } from '../../core/errors';
import { toPosix } from '../../core/files/walk';
import { gitTopLevel } from '../../core/git';
import { scanHistory, type HistoryScanSummary } from '../../core/history/scan';
import { isoDay } from '../../core/ownership/dates';
import { loadOwnershipContext } from '../../core/ownership/workspace';
import { mergeCatalog } from '../../core/ownership/sources/catalog';
import { redactText } from '../../core/scan/redact-text';
import { buildScanReport, withMinConfidence, type ScanReport } from '../../core/report/scan-report';
import type { ScanSummary } from '../../core/run/scanner';
import { legacyBaselineMessage, legacyEntryCount, readBaseline } from '../../core/suppress/baseline';
import { version } from '../version';
import type { ScanInput } from '../shared/run-scan';

export interface HistoryInput extends ScanInput {
  since?: string;
  allBranches?: boolean;
  showAuthors?: boolean;
}

export interface HistoryRun {
  report: ScanReport;
  loaded: LoadedConfig;
  summary: HistoryScanSummary;
}

export async function runHistoryScan(paths: string[], opts: HistoryInput, signal: AbortSignal): Promise<HistoryRun> {
  if (opts.staged) throw new UserError('--history and --staged do not go together: --staged scans what is about to be committed, --history what was');
  const cwd = process.cwd();
  // As a tree scan: the named paths, else the current folder (the whole repository from its top).
  const roots = (paths.length ? paths : ['.']).map((p) => path.resolve(cwd, p));
  const start = roots.length === 1 && existsSync(roots[0]) && statSync(roots[0]).isDirectory() ? roots[0] : cwd;
  const top = await gitTopLevel(start);
  if (!top) throw new UserError(`${start} is not in a git repository: --history scans a repository's commits`);
  // Paths name files or folders as of now; git limits the log to them (repository-relative).
  const specs = roots.map((r) => {
    const rel = toPosix(path.relative(top, r));
    if (rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) throw new UserError(`${r} is outside the repository ${top}`);
    return rel;
  }).filter((r) => r !== '');
  // The project's config, baseline and register are those at the repository's top, as checked out.
  const loaded = loadConfig(top, opts.config);
  const config = { ...loaded.config, minConfidence: opts.minConfidence ?? loaded.config.minConfidence };
  if (opts.maxFileSize) config.maxFileSize = opts.maxFileSize;
  const defaultBaseline = path.join(loaded.dir, BASELINE_FILE);
  const baselineFile = opts.baseline ?? (loaded.config.baseline ? path.resolve(loaded.dir, loaded.config.baseline) : existsSync(defaultBaseline) ? defaultBaseline : undefined);
  const baseline = baselineFile ? readBaseline(baselineFile, { root: opts.baseline || opts.config ? undefined : loaded.dir }) : undefined;
  const notes = [...loaded.warnings];
  const legacy = baseline ? legacyEntryCount(baseline) : 0;
  if (legacy) notes.push(legacyBaselineMessage(legacy, baselineFile));
  // Rotation: the register (and Backstage catalogs) of the checkout say which identity owns what.
  const context = opts.ownership === false ? undefined : loadOwnershipContext(top, config, loaded.dir);
  const identities = context ? mergeCatalog(context.register.identities, context.catalogs.flatMap((c) => c.entities)) : undefined;
  const now = opts.now ?? new Date();
  const progress = opts.progress && process.stderr.isTTY ? historyProgress() : undefined;
  let summary: HistoryScanSummary;
  try {
    summary = await scanHistory({
      top, config, baseline, today: opts.now ? isoDay(opts.now) : undefined, paths: specs, since: opts.since,
      allBranches: opts.allBranches, identities, showAuthors: opts.showAuthors, minConfidence: config.minConfidence, signal, onProgress: progress?.update,
    });
  } finally {
    progress?.done();
  }
  const scan: ScanSummary = {
    findings: summary.findings, suppressed: summary.suppressed, skipped: summary.skipped, files: summary.blobs, bytes: summary.bytes,
    durationMs: summary.durationMs, cancelled: summary.cancelled, expiredBaselineEntries: summary.expiredBaselineEntries,
  };
  const report = withMinConfidence(buildScanReport(scan, top, version, [...notes, ...summary.notes], now), config.minConfidence);
  if (summary.belowConfidence) report.summary.belowConfidence = { minConfidence: config.minConfidence, findings: summary.belowConfidence };
  report.history = {
    commits: summary.commits, blobs: summary.blobs, allBranches: Boolean(opts.allBranches), shallow: summary.shallow, noCommits: summary.noCommits,
    ...(opts.since !== undefined ? { since: redactText(opts.since) } : {}),
  };
  return { report, loaded, summary };
}

/** "history n/m commits" on standard error, redrawn at most every 100 ms. */
function historyProgress() {
  let last = 0;
  return {
    update: (p: { commitsDone: number; commitsTotal: number }) => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      process.stderr.write(`\r\x1b[2Kscanning history: ${p.commitsDone}/${p.commitsTotal} commits`);
    },
    done: () => process.stderr.write('\r\x1b[2K'),
  };
}
