// Scans a set of files or folders: lists them, fans batches out to worker threads as they are listed
// (or scans in process when the job is small), streams each file's result, reports progress, stops
// on abort, and applies the baseline.
import type { Confidence } from '../types/kinds';
import * as path from 'node:path';
import { engineOptionsFrom, toEngineOptions } from '../config/load';
import type { Config } from '../config/schema';
import type { Finding } from '../findings';
import { readsObserved } from '../files/bounded';
import type { Skipped } from '../files/read';
import { toPosix, walk, type IgnoreFile } from '../files/walk';
import { BaselineMatcher, type Baseline, type BaselineEntry } from '../suppress/baseline';
import { Engine } from '../scan/engine';
import { machineSalt } from '../salt';
import { materialize, type AnalysisOptions } from '../analysis/analyze';
import { scanTask, type FileResult, type FileTask, type GivenSource } from './file';
import type { ResultsCache } from './results-cache';
import { WorkerPool } from './pool';
import { monotonicMs } from '../clock';
import { availableParallelism } from '../node-os';

export interface ScanProgress {
  filesDone: number;
  filesTotal: number;
  bytes: number;
}

export interface ScanRequest {
  /** Absolute files or folders to scan. */
  roots: string[];
  /** Folder that reported paths are relative to (the scan root in SARIF). */
  base: string;
  config: Config;
  baseline?: Baseline;
  /** Given instead of `roots`: texts to scan as they are (the git index, unsaved editors). */
  sources?: GivenSource[];
  signal?: AbortSignal;
  onProgress?(p: ScanProgress): void;
  /** Called with each file's analysis as soon as it is ready (baseline applied to its findings). */
  onResult?(r: FileResult): void;
  /** What else each file's analysis holds: credential references, ownership sources' text. */
  analysis?: AnalysisOptions;
  /** Called with every file to analyze, in the walk's order, once the list is complete. */
  onListed?(tasks: readonly FileTask[]): void;
  /**
   * Texts already read this run by absolute path (the config and baseline the project was loaded
   * from): the walk hands them to the scan, which does not read those files again.
   */
  known?: ReadonlyMap<string, string>;
  /** Filled with the `.gitignore` text of every folder the walk lists (WalkOptions.ignoreFiles). */
  ignoreFiles?: Map<string, IgnoreFile | null>;
  /** Worker threads; 0 scans in this thread. Default: by job size and cores. */
  workers?: number;
  /** Bounds for the default: a language server never scans in its own thread (`min: 1`) and keeps cores for the editor. */
  workerRange?: { min?: number; max?: number };
  /** Injected "today" (YYYY-MM-DD) for baseline expiry. */
  today?: string;
  /**
   * Findings below this confidence get an empty fingerprint rather than a computed one (scrypt for a
   * password costs tens of milliseconds): for a run that reports nothing below it and has no baseline
   * to match (the CLI at its --min-confidence). The editor shows hints below its minimum: it sets none.
   */
  fingerprintsFrom?: Confidence;
  /**
   * Results kept between runs (results-cache.ts): a file unchanged since a run with the same settings is
   * not read again, and what this scan reads is kept (the caller saves it). Not used with a baseline of
   * the old fingerprint scheme (its fast hashes are never kept).
   */
  cache?: ResultsCache;
}

export interface ScanSummary {
  findings: Finding[];
  suppressed: Finding[];
  skipped: Skipped[];
  files: number;
  bytes: number;
  durationMs: number;
  cancelled: boolean;
  /** Files answered from the results cache (unchanged since the run that kept them). */
  unchanged?: number;
  expiredBaselineEntries: BaselineEntry[];
  /** Baseline entries of the old fingerprint scheme (v1), and which of them findings matched (for `baseline migrate`). */
  legacyBaseline?: { entries: number; matches: Map<string, string> };
  /** Baseline entries no finding of this scan matched (set when the scan was not cancelled). */
  unmatchedBaselineEntries?: BaselineEntry[];
}

const BATCH = 24;
/** Below this many files the cost of starting workers is not repaid. */
const IN_PROCESS_MAX_FILES = 48;

export interface ListRequest extends Pick<ScanRequest, 'roots' | 'base' | 'config' | 'signal' | 'sources' | 'known' | 'ignoreFiles'> {
  /**
   * Only what a walk of the roots lists at or below these paths (files or folders the editor's watcher
   * names): the ignore rules of the folders above each apply (WalkOptions.within).
   */
  within?: readonly string[];
  /** What the walk did not list (FIFOs, links, unreadable folders, media): paths relative to `base`. */
  onSkip?(s: Skipped): void;
}

/** The files to analyze, as the walk lists them (sources as given). */
async function* tasksOf(req: ListRequest): AsyncGenerator<FileTask> {
  if (req.sources) {
    for (const s of req.sources) yield 'bytes' in s ? { rel: s.rel, bytes: s.bytes } : { rel: s.rel, content: s.content };
    return;
  }
  const seen = new Set<string>();
  for (const root of req.roots) {
    const onSkip = (s: Skipped) => {
      const folder = s.path.endsWith('/');
      const rel = toPosix(path.relative(req.base, path.join(root, folder ? s.path.slice(0, -1) : s.path))) || '.';
      req.onSkip?.({ ...s, path: folder ? `${rel}/` : rel });
    };
    const options = { include: req.config.include, exclude: req.config.exclude, gitignore: req.config.gitignore, signal: req.signal, onSkip, ignoreFiles: req.ignoreFiles };
    const walks = req.within ? req.within.map((within) => walk(root, { ...options, within })) : [walk(root, options)];
    for await (const f of chain(walks)) {
      if (seen.has(f.abs)) continue;
      seen.add(f.abs);
      // A folder root bounds where its files may resolve to; a file named on its own is read as named.
      // A .gitignore the walk read comes with its text: it is not read twice.
      const content = f.content ?? req.known?.get(f.abs);
      // Below a root that is the base, the walk's path is already the one to report.
      const rel = root === req.base && f.abs !== root ? f.rel : toPosix(path.relative(req.base, f.abs)) || f.rel;
      yield { abs: f.abs, rel, root: f.abs === root ? undefined : root, ...(content !== undefined ? { content } : {}) };
    }
  }
}

async function* chain<T>(lists: ReadonlyArray<AsyncIterable<T>>): AsyncGenerator<T> {
  for (const list of lists) yield* list;
}

export async function listTasks(req: ListRequest): Promise<FileTask[]> {
  const tasks: FileTask[] = [];
  for await (const t of tasksOf(req)) tasks.push(t);
  return tasks;
}

export async function scan(req: ScanRequest): Promise<ScanSummary> {
  const started = monotonicMs();
  const walkSkipped: Skipped[] = [];
  const matcher = req.baseline ? new BaselineMatcher(req.baseline, req.today) : undefined;
  // v1 fingerprints are computed only for a baseline that still has v1 entries.
  const engineOptions = { ...engineOptionsFrom(req.config), legacyFingerprints: Boolean(matcher?.legacy) };
  const summary: ScanSummary = {
    findings: [], suppressed: [], skipped: [], files: 0, bytes: 0, durationMs: 0, cancelled: false,
    expiredBaselineEntries: matcher?.expired() ?? [],
    legacyBaseline: matcher?.legacy ? { entries: matcher.legacy, matches: matcher.legacyMatches } : undefined,
  };
  const listed: FileTask[] = [];
  const fingerprintsFrom = req.baseline ? undefined : req.fingerprintsFrom;
  const cache = engineOptions.legacyFingerprints ? undefined
    : await req.cache?.under({
      engine: engineOptions, analysis: req.analysis ?? null, maxFileSize: req.config.maxFileSize, fingerprintsFrom: fingerprintsFrom ?? null,
      // Without a project salt, fingerprints are under this machine's (a new one if its file was removed).
      machineSalt: engineOptions.fingerprintSalt ? null : machineSalt(),
    });
  // Files a worker is to check against what was kept (checkIn 'workers'), by path; those whose kept
  // analysis cannot be read back after all are read (`unread`).
  const checking = new Map<string, FileTask>();
  const unread: FileTask[] = [];
  const accept = (r: FileResult, cached = false) => {
    if (r.unchanged) {
      const kept = cache?.take(r.path);
      const task = checking.get(r.path);
      if (kept) accept(kept, true);
      else if (task) unread.push({ ...task, kept: undefined });
      return;
    }
    if (cache && !cached && r.identity) {
      // What the workers send has its fingerprints computed; an in-process result (only where this
      // thread may block: see below) computes them now.
      cache.keep(materialize(r, fingerprintsFrom));
    }
    delete r.identity;
    if (cached) summary.unchanged = (summary.unchanged ?? 0) + 1;
    summary.files++;
    summary.bytes += r.bytes;
    if (r.skipped) summary.skipped.push(r.skipped);
    for (const f of r.findings) {
      // Looked up even when an inline comment suppresses it: the entry still names a finding.
      const entry = matcher?.match(f);
      if (entry && !f.suppressed) f.suppressed = { by: 'baseline', reason: entry.reason };
      delete f.legacyFingerprints; // a fast hash under a public salt: never in a report
      (f.suppressed ? summary.suppressed : summary.findings).push(f);
    }
    req.onResult?.(r);
    req.onProgress?.({ filesDone: summary.files, filesTotal: listed.length, bytes: summary.bytes });
  };

  // Files go to the workers in batches while the walk is still listing them: the workers start once
  // there are enough files to repay them (more join as the list grows), and scan while the walk goes on.
  const { min = 0, max = 8 } = req.workerRange ?? {};
  // The files to read: those the cache does not answer.
  const queue: FileTask[] = [];
  const workersFor = (files: number) => req.workers ?? Math.max(min, files <= IN_PROCESS_MAX_FILES ? 0 : Math.max(1, Math.min(availableParallelism(), max, Math.ceil(files / BATCH))));
  let pool: WorkerPool | undefined;
  let sent = 0;
  let failure: Error | undefined;
  const batches: Promise<void>[] = [];
  const dispatch = (all: boolean) => {
    const size = workersFor(queue.length);
    if (size === 0 || sent === queue.length || req.signal?.aborted) return;
    if (!pool) pool = new WorkerPool(size, { engine: engineOptions, maxFileSize: req.config.maxFileSize, analysis: req.analysis, observeReads: readsObserved(), fingerprintsFrom, identities: Boolean(cache) });
    else pool.grow(size);
    while (queue.length - sent >= BATCH || (all && sent < queue.length)) {
      const batch = queue.slice(sent, sent + BATCH);
      sent += batch.length;
      // After an abort the pool is closed under pending batches: their rejection is expected.
      batches.push(pool.run(batch).then((rs) => rs.forEach((r) => accept(r)), (e: Error) => {
        if (!req.signal?.aborted) failure ??= e;
      }));
    }
  };
  try {
    for await (const t of tasksOf({ ...req, onSkip: (s) => walkSkipped.push(s) })) {
      listed.push(t);
      if (cache?.checkIn === 'workers') {
        // The workers compare the file with what was kept (this thread never waits on the file system).
        const id = cache.candidate(t);
        if (id) checking.set(t.rel, t);
        queue.push(id ? { ...t, kept: id } : t);
      } else {
        const kept = cache?.lookup(t);
        if (kept) {
          accept(kept, true);
          continue;
        }
        queue.push(t);
      }
      if (req.workers !== 0 && queue.length - sent >= BATCH) dispatch(false);
    }
    summary.skipped.push(...walkSkipped);
    req.onListed?.(listed);
    dispatch(true);
    if (pool) {
      // Cancelled while walking: the batches already out are not waited for either.
      if (!req.signal?.aborted) {
        await Promise.race([
          Promise.all(batches),
          new Promise<void>((resolve) => req.signal?.addEventListener('abort', () => resolve(), { once: true })),
        ]);
      }
      if (failure) throw failure;
    }
    // In this thread: a small job (no workers), and files a worker found unchanged whose kept analysis could not be read back.
    const here = pool ? unread : queue;
    if (here.length) {
      const analyzer = { engine: new Engine(toEngineOptions(engineOptions)), options: req.analysis };
      // Kept from here only by a face whose thread may block (a command line): an editor's thread does not
      // compute a password's scrypt fingerprint before anyone asks for it.
      const keep = cache?.checkIn === 'this-thread';
      for (const t of here) {
        if (req.signal?.aborted) break;
        accept(await scanTask(analyzer, t, req.config.maxFileSize, keep));
      }
    }
  } finally {
    await pool?.close();
  }
  summary.cancelled = Boolean(req.signal?.aborted);
  if (matcher && !summary.cancelled) summary.unmatchedBaselineEntries = matcher.unmatched();
  summary.durationMs = monotonicMs() - started;
  const order = (a: Finding, b: Finding) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.offset.start - b.offset.start);
  summary.findings.sort(order);
  summary.suppressed.sort(order);
  summary.skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return summary;
}
