// One scan of the named paths (or the staged files) with its config and baseline, as every command that scans runs it.
import { existsSync, opendirSync, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { loadConfig, type LoadedConfig } from '../../core/config/load';
import { BASELINE_FILE } from '../../core/config/files';
import { UserError } from '../../core/errors';
import { describeRefusal, fileKind, readBoundedSync } from '../../core/files/bounded';
import type { Confidence } from '../../core/rules/types';
import { buildScanReport, certificatesSection, ownershipSection, withMinConfidence, type ScanReport } from '../../core/report/scan-report';
import { legacyBaselineMessage, legacyEntryCount, readBaseline, staleBaselineMessage, type Baseline, type BaselineEntry } from '../../core/suppress/baseline';
import { buildWorkspaceModel, type OwnershipMode } from '../../core/model/build';
import type { ScanSummary } from '../../core/run/scanner';
import { isoDay } from '../../core/ownership/dates';
import type { OwnershipRun } from '../../core/ownership/workspace';
import { ResultsCache } from '../../core/run/results-cache';
import { stagedSources } from '../staged';
import { scanResultsFolder } from '../starter';
import { version } from '../version';
import type { WorkspaceOpts } from './options';
import { progressLine } from './output';
import { isTerminal } from '../terminal';
import type { GivenSource } from '../../core/run/file';

/** What a scan reads and how: the scan command's options (inventory, report and baseline pass their own). */
export interface ScanInput {
  baseline?: string;
  staged?: boolean;
  /** Findings below it are left out of the output and the exit code (default: the config's, medium). */
  minConfidence?: Confidence;
  config?: string;
  gitignore: boolean;
  maxFileSize?: number;
  workers?: number;
  progress: boolean;
  /** `--no-cache`: false (every file is read, nothing is kept). */
  cache?: boolean;
  /** Pinned "now" for expiry, rotation and report dates (tests, "what expires by then" questions). */
  now?: Date;
  /** `--no-ownership` turns the ownership checks off. */
  ownership?: boolean;
  /** List `credential-hygiene:allow` comments that allow nothing. */
  reportUnusedSuppressions?: boolean;
}

export interface ScanRun {
  report: ScanReport;
  loaded: LoadedConfig;
  ownership?: OwnershipRun;
  summary: ScanSummary;
  /** The baseline file used, and its entries that match nothing within what was scanned. */
  baselineFile?: string;
  staleBaseline: BaselineEntry[];
}

export async function runScan(paths: string[], opts: ScanInput, signal: AbortSignal, mode: OwnershipMode = opts.ownership === false ? 'off' : 'auto'): Promise<ScanRun> {
  const cwd = process.cwd();
  const roots = (paths.length ? paths : ['.']).map((p) => path.resolve(cwd, p));
  const kinds = opts.staged ? [] : roots.map(namedPathKind);
  const single = kinds.length === 1 && kinds[0] === 'folder' ? roots[0] : undefined;
  let base = single ?? cwd;
  // The config and baseline are read once: their texts go on to the scan, which does not read them again.
  const known = new Map<string, string>();
  const loaded = loadConfig(base, opts.config, { texts: known });
  const config = { ...loaded.config, gitignore: loaded.config.gitignore && opts.gitignore, minConfidence: opts.minConfidence ?? loaded.config.minConfidence };
  if (opts.maxFileSize) config.maxFileSize = opts.maxFileSize;
  // A file named on the command line that cannot be scanned is an error, not a silent skip.
  roots.forEach((r, i) => kinds[i] === 'file' && checkNamedFile(r, config.maxFileSize));
  // As in the editor: the config's baseline, else the default file next to the config when it exists.
  const defaultBaseline = path.join(loaded.dir, BASELINE_FILE);
  const baselineFile = opts.baseline ?? (loaded.config.baseline ? path.resolve(loaded.dir, loaded.config.baseline) : existsSync(defaultBaseline) ? defaultBaseline : undefined);
  // A baseline the workspace's own config names must be inside the workspace.
  const baseline: Baseline | undefined = baselineFile ? readBaseline(baselineFile, { root: opts.baseline || opts.config ? undefined : loaded.dir, texts: known }) : undefined;
  const notes = [...loaded.warnings];
  const legacy = baseline ? legacyEntryCount(baseline) : 0;
  if (legacy) notes.push(legacyBaselineMessage(legacy, baselineFile));
  const now = opts.now ?? new Date();
  const today = opts.now ? isoDay(opts.now) : undefined;
  let sources: GivenSource[] | undefined;
  let stagedSkipped: ScanSummary['skipped'] = [];
  const progress = opts.progress && isTerminal(2) ? progressLine() : undefined;
  if (opts.staged) {
    const staged = await stagedSources(cwd, config);
    base = staged.top;
    sources = staged.sources;
    stagedSkipped = staged.skipped;
  }
  // Results kept between runs, for a tree (staged texts are read from git each time).
  const cache = sources || opts.cache === false ? undefined : openResultsCache(base);
  // One model: every file read and analyzed once (findings, references, the register's text).
  const { summary, ownership, model } = await buildWorkspaceModel({
    roots: sources ? [] : roots, base, config, configDir: loaded.dir, baseline, sources, signal, now, today,
    workers: sources ? 0 : opts.workers, onProgress: progress?.update, ownership: mode, known,
    // What falls below the minimum confidence is left out of every output here: no fingerprint for it.
    fingerprintsFrom: config.minConfidence, cache,
  });
  await cache?.save();
  summary.skipped.push(...stagedSkipped);
  progress?.done();
  // One minimum confidence for every command: what falls below it is no finding of this project, in the
  // scan, the report, the inventory and the ownership checks alike (the model applies the same test).
  // Entries that match nothing, among those this scan could have matched (not for staged files).
  // Without the project's salt (a subfolder scanned without its config) no fingerprint could match: say nothing.
  const comparable = Boolean(config.fingerprintSalt);
  const staleBaseline = sources || !comparable ? [] : (summary.unmatchedBaselineEntries ?? []).filter((e) => inScope(e, roots, loaded.dir));
  if (staleBaseline.length) notes.push(staleBaselineMessage(staleBaseline.length));
  const report = withMinConfidence(buildScanReport(summary, base, version, notes, now), config.minConfidence);
  if (ownership?.enabled) report.ownership = ownershipSection(ownership);
  // The certificate checks, register or not (each cert/* finding here, never in the ownership section).
  const certificates = ownership && certificatesSection(ownership);
  if (certificates) report.certificates = certificates;
  if (opts.reportUnusedSuppressions && !summary.cancelled) {
    report.unusedSuppressions = [...model.analyses()].flatMap((a) => (a.unusedAllows ?? []).map((range) => ({ path: a.path, range })))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.range.start.line - b.range.start.line));
  }
  return { report, loaded, ownership, summary, baselineFile, staleBaseline };
}

/** The results kept for scans of `base`, when the starter offers a private folder (not from the sources). */
function openResultsCache(base: string): ResultsCache | undefined {
  const where = scanResultsFolder();
  return where && ResultsCache.open({ folder: where.folder, base, build: where.build });
}

/**
 * Whether a baseline entry lies under a scanned root. Its path is as `baseline create` saw it, relative
 * to the project (the config's folder); one without a path counts only when the whole project was scanned.
 */
function inScope(e: BaselineEntry, roots: string[], projectDir: string): boolean {
  const where = e.path === undefined ? projectDir : path.resolve(projectDir, e.path);
  return roots.some((r) => {
    const rel = path.relative(r, where);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
}

/** How a command that reads a workspace reads its files: its read options (`readOptions`) and config, as `scan` takes them. */
export function readingOf({ config, gitignore, workers, progress, cache }: WorkspaceOpts): Pick<ScanInput, 'config' | 'gitignore' | 'workers' | 'progress' | 'cache'> {
  return { config, gitignore, workers, progress, cache };
}

/** The scan behind a document (inventory, report), with the "now" it and the document are evaluated at. */
export async function scanWorkspace(paths: string[], opts: WorkspaceOpts & { baseline?: string }, signal: AbortSignal, mode: OwnershipMode): Promise<ScanRun & { now: Date }> {
  const now = opts.now ?? new Date();
  const run = await runScan(paths, { ...readingOf(opts), baseline: opts.baseline, now }, signal, mode);
  return { ...run, now };
}

/** The folder a scan of `paths` reads its config from (as runScan decides). */
export function projectDir(paths: string[]): string {
  const roots = (paths.length ? paths : ['.']).map((p) => path.resolve(p));
  return roots.length === 1 && existsSync(roots[0]) && statSync(roots[0]).isDirectory() ? roots[0] : process.cwd();
}

/** A path given on the command line: a folder or a regular file, else a UserError saying what it is (exit 2). */
function namedPathKind(p: string): 'file' | 'folder' {
  let st: Stats;
  try {
    st = statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError(`no such file or folder: ${p}`);
    if (code === 'ENAMETOOLONG') throw new UserError(`cannot scan ${p.slice(0, 120)}…: the path is longer than the OS allows (ENAMETOOLONG)`);
    if (code === 'ELOOP') throw new UserError(`cannot scan ${p}: too many levels of symbolic links (ELOOP)`);
    throw new UserError(`cannot scan ${p}: ${code ?? (e as Error).message}`);
  }
  if (st.isDirectory()) {
    try {
      closeDirSync(p);
    } catch (e) {
      throw new UserError(`cannot scan ${p}: the folder cannot be listed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return 'folder';
  }
  if (!st.isFile()) throw new UserError(`cannot scan ${p}: it is ${fileKind(st)}, not a file or folder`);
  return 'file';
}

function closeDirSync(p: string): void {
  opendirSync(p).closeSync();
}

function checkNamedFile(p: string, maxFileSize: number): void {
  const r = readBoundedSync(p, { maxBytes: maxFileSize });
  if (!r.ok) throw new UserError(`cannot scan ${describeRefusal(p, r)}`);
}
