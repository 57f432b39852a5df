// `scan --history`: the secrets every commit added, with the config, baseline and register committed
// in HEAD, reported like a tree scan (text, JSON, SARIF, Markdown), each finding with its history.
import { existsSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { loadConfig, parseConfig, type LoadedConfig } from '../../core/config/load';
import { defaultConfig } from '../../core/config/defaults';
import { BASELINE_FILE, CONFIG_FILE } from '../../core/config/files';
import { LIMITS } from '../../core/files/bounded';
import { decode } from '../../core/files/read';
import { UserError } from '../../core/errors';
import { toPosix } from '../../core/files/walk';
import { gitTopLevel, headBlobId, readBlob, runGit } from '../../core/git';
import { probeHistory, scanHistory, type HistoryScanSummary } from '../../core/history/scan';
import { isoDay } from '../../core/ownership/dates';
import { loadOwnershipContext } from '../../core/ownership/workspace';
import { mergeCatalog, parseCatalog } from '../../core/ownership/sources/catalog';
import { emptyRegister, parseRegister, type Identity } from '../../core/ownership/register';
import { REGISTER_FILE } from '../../core/vocabulary';
import { redactText } from '../../core/scan/redact-text';
import { buildScanReport, withMinConfidence, type ScanReport } from '../../core/report/scan-report';
import type { ScanSummary } from '../../core/run/scanner';
import { legacyBaselineMessage, parseBaselineText, legacyEntryCount, readBaseline, type Baseline } from '../../core/suppress/baseline';
import { version } from '../version';
import type { ScanInput } from '../shared/run-scan';
import { isTerminal } from '../terminal';

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
  // Every rule's regex runs over megabytes here: compiled to machine code at once, not first
  // interpreted (V8's default tier-up suits a regex that runs a few times). Measured ~10% less scan time.
  setFlagsFromString('--no-regexp-tier-up');
  if (opts.staged) throw new UserError('--history and --staged do not go together: --staged scans what is about to be committed, --history what was');
  // Real paths: git names the top by its real path, and a relative path must not climb out of it through a link.
  const cwd = realpathSync(process.cwd());
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
  // The project's config, baseline and register as committed in HEAD (what the history leads to), unless
  // named on the command line; a repository without commits falls back to the files on disk.
  // git's answers about the history come in while the config is read and validated.
  const probes = probeHistory(top, opts.since);
  const head = await headFiles(top);
  const loaded = opts.config || !head ? loadConfig(top, opts.config) : await head.config();
  const config = { ...loaded.config, minConfidence: opts.minConfidence ?? loaded.config.minConfidence };
  if (opts.maxFileSize) config.maxFileSize = opts.maxFileSize;
  const baselineRel = loaded.config.baseline ?? BASELINE_FILE;
  let baseline: Baseline | undefined;
  if (opts.baseline) baseline = readBaseline(opts.baseline);
  else if (head && !opts.config) baseline = await head.baseline(baselineRel);
  else {
    const file = path.resolve(loaded.dir, baselineRel);
    if (loaded.config.baseline || existsSync(file)) baseline = readBaseline(file, { root: opts.config ? undefined : loaded.dir });
  }
  const notes = [...loaded.warnings];
  const legacy = baseline ? legacyEntryCount(baseline) : 0;
  if (legacy) notes.push(legacyBaselineMessage(legacy, opts.baseline ?? baselineRel));
  // Rotation: the register (and Backstage catalogs) say which identity owns what.
  let identities: Identity[] | undefined;
  if (opts.ownership !== false) {
    if (head) {
      const registerRel = loaded.config.ownership?.register ?? REGISTER_FILE;
      const text = await head.text(registerRel, LIMITS.register);
      const register = text === undefined ? emptyRegister(registerRel) : parseRegister(text, registerRel);
      const catalogs = [];
      for (const name of ['catalog-info.yaml', 'catalog-info.yml']) {
        const c = await head.text(name, LIMITS.catalog);
        if (c !== undefined) catalogs.push(parseCatalog(c, name));
      }
      identities = mergeCatalog(register.identities, catalogs.flatMap((c) => c.entities));
    } else {
      const context = loadOwnershipContext(top, config, loaded.dir);
      identities = mergeCatalog(context.register.identities, context.catalogs.flatMap((c) => c.entities));
    }
  }
  const now = opts.now ?? new Date();
  const progress = opts.progress && isTerminal(2) ? historyProgress() : undefined;
  let summary: HistoryScanSummary;
  try {
    summary = await scanHistory({
      top, config, baseline, probes, today: opts.now ? isoDay(opts.now) : undefined, paths: specs, since: opts.since,
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

/** Text files of HEAD's tree, read through git (never the working tree); undefined when there is no HEAD. */
async function headFiles(top: string) {
  // The files a scan usually needs are listed at once (one process, which also says whether there is a
  // HEAD) and read at once; a config that names another baseline or register reads that one after.
  const ahead = new Map<string, number>([[CONFIG_FILE, LIMITS.config], [BASELINE_FILE, LIMITS.baseline], [REGISTER_FILE, LIMITS.register], ['catalog-info.yaml', LIMITS.catalog], ['catalog-info.yml', LIMITS.catalog]]);
  const listed = await runGit(top, ['ls-tree', '--long', '-z', '--full-tree', 'HEAD', '--', ...[...ahead.keys()].map((p) => `:(literal)${p}`)]);
  if (!listed.ok) return undefined;
  const inHead = new Map<string, { id: string; size: number }>();
  for (const line of listed.stdout.toString('utf8').split('\0')) {
    // <mode> SP <type> SP <object> SP+ <size> TAB <path>
    const m = /^100[0-7]{3} blob ([0-9a-f]{40}(?:[0-9a-f]{24})?) +(\d+)\t(.*)$/s.exec(line);
    if (m) inHead.set(m[3], { id: m[1], size: Number(m[2]) });
  }
  const readText = async (rel: string, max: number): Promise<string | undefined> => {
    const known = ahead.has(rel) ? inHead.get(rel) : undefined;
    const id = ahead.has(rel) ? known?.id : await headBlobId(top, rel);
    if (!id) return undefined;
    const bytes = known && known.size > max ? undefined : await readBlob(top, id, max, known?.size);
    if (!bytes) throw new UserError(`HEAD:${rel} cannot be read (over ${max} bytes, or git could not read it)`);
    const d = decode(bytes);
    if ('skip' in d) throw new UserError(`HEAD:${rel} is not text (${d.detail})`);
    return d.text;
  };
  const read = new Map<string, Promise<string | undefined>>();
  const text = (rel: string, max: number): Promise<string | undefined> => {
    let p = read.get(rel);
    if (!p) {
      read.set(rel, p = readText(rel, max));
      p.catch(() => undefined); // said when it is awaited
    }
    return p;
  };
  for (const [rel, max] of ahead) if (inHead.has(rel)) void text(rel, max);
  return {
    text,
    config: async (): Promise<LoadedConfig> => {
      const raw = await text(CONFIG_FILE, LIMITS.config);
      if (raw === undefined) return { config: defaultConfig(), dir: top, warnings: [], globProblems: [] };
      return { ...parseConfig(raw, `HEAD:${CONFIG_FILE}`), file: path.join(top, CONFIG_FILE), dir: top };
    },
    baseline: async (rel: string): Promise<Baseline | undefined> => {
      const raw = await text(rel, LIMITS.baseline);
      if (raw === undefined) return undefined;
      return parseBaselineText(raw, `HEAD:${rel}`);
    },
  };
}

/** "history n/m commits" on standard error, redrawn at most every 100 ms. */
function historyProgress() {
  let last = 0;
  return {
    update: (p: { commitsDone: number; commitsTotal: number }) => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      process.stderr.write(`\r\x1b[2Kscanning history: ${p.commitsDone}${p.commitsTotal >= p.commitsDone ? `/${p.commitsTotal}` : ''} commits`);
    },
    done: () => process.stderr.write('\r\x1b[2K'),
  };
}
