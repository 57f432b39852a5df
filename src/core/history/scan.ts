// Secrets in git history: what every commit added, with the same engine, rules, filters, inline
// suppressions and baseline as a scan of the working tree.
//
// How, and why this way:
// - One streaming pass over `git log --raw` (log.ts) says which blobs each commit wrote and which it
//   replaced; blobs come from git's object database through two long-lived `cat-file` processes
//   (objects.ts), sizes first, so a blob over `maxFileSize` is listed and never read. No checkout,
//   no patch text, no textconv or external diff, and git only through the hardened helper.
// - Each new blob is scanned whole (once per blob id and path, however many commits or branches
//   carry it), not just the added lines of a patch: the engine then sees what a tree scan sees (the
//   assignment a generic rule needs, the whole PEM block, the `credential-hygiene:allow` comment on
//   the line above), so a history finding is exactly a finding a tree scan would have made at that
//   commit. A commit "adds" a secret when a blob it wrote holds it and none of the blobs
//   it replaced (in any file, so a rename or a move is no new leak; for a merge, every parent's
//   version) did. Scanning whole blobs costs more than scanning patches only for files that change
//   often; blobs with no keyword of any rule cost little (the engine's keyword index).
// - Secrets are told apart within a run by a keyed hash under a random in-memory key; the salted
//   fingerprint (scrypt for low-entropy values) is computed once per distinct secret at or above the
//   minimum confidence, on libuv's thread pool while the scan goes on.
// - Pipelined: a few commits first, then more, so scanning starts while git still walks the history;
//   blob contents are asked for several megabytes ahead of the group being scanned, so git inflates
//   the next blobs on the other core meanwhile. (A second scanning thread was measured too: with git
//   busy on the other core it made the scan slower, so there is none.)
import { engineOptionsFrom, toEngineOptions } from '../config/load';
import type { Config } from '../config/schema';
import { UserError } from '../errors';
import { humanSize, type Skipped } from '../files/read';
import { BINARY_EXTENSIONS, globFilter } from '../files/walk';
import { nodeCrypto } from '../node-crypto';
import { meetsConfidence, type Finding, type FindingHistory } from '../findings';
import type { Confidence } from '../types/kinds';
import { runGit, spawnGit, type GitResult } from '../git';
import { findIdentity } from '../ownership/match';
import { parseDate } from '../ownership/dates';
import type { Identity } from '../ownership/register';
import { Engine } from '../scan/engine';
import { BaselineMatcher, type Baseline, type BaselineEntry } from '../suppress/baseline';
import { BRANCHES, logArgs, readLog, type LogCommit } from './log';
import { ObjectContents, ObjectSizes } from './objects';
import { BlobScanner, type BlobResult, type Hit } from './blob-scan';
import { monotonicMs } from '../clock';

export interface HistoryScanRequest {
  /** The repository's top-level folder. */
  top: string;
  /** The project's config (HEAD's checkout): rules, custom rules, include/exclude, maxFileSize, salt. */
  config: Config;
  baseline?: Baseline;
  /** Injected "today" (YYYY-MM-DD) for baseline expiry. */
  today?: string;
  /** Repository-relative POSIX paths (files or folders) to limit the scan to. */
  paths?: readonly string[];
  /** Only commits not reachable from this revision. */
  since?: string;
  /** Every branch, remote-tracking branch and tag, not only what HEAD reaches. */
  allBranches?: boolean;
  /** Register identities (HEAD's register): a finding whose fix name one matches gets a rotation verdict. */
  identities?: readonly Identity[];
  /** Findings below it are left out (and counted), before their fingerprints are computed. */
  minConfidence?: Confidence;
  /** Keep the first commit's author name on each finding. */
  showAuthors?: boolean;
  /** The probes, started earlier by the caller (probeHistory with the same `top` and `since`). */
  probes?: HistoryProbes;
  signal?: AbortSignal;
  onProgress?(p: HistoryProgress): void;
}

export interface HistoryProgress {
  commitsDone: number;
  commitsTotal: number;
}

export interface HistoryScanSummary {
  /** Active findings, each with `history`; most urgent first (removed and not rotated). */
  findings: Finding[];
  /** Findings an inline comment (in every version that held them) or the baseline accepts. */
  suppressed: Finding[];
  /** Blobs not scanned (too large, binary, media by type), each once, with the commit that added it. */
  skipped: Skipped[];
  /** Commits read. */
  commits: number;
  /** Distinct blobs scanned, and their bytes. */
  blobs: number;
  bytes: number;
  durationMs: number;
  cancelled: boolean;
  /** The repository is a shallow clone: history before its boundary is missing. */
  shallow: boolean;
  /** The repository has no commits (nothing to scan). */
  noCommits: boolean;
  notes: string[];
  expiredBaselineEntries: BaselineEntry[];
  /** Distinct secrets left out for `minConfidence`. */
  belowConfidence: number;
}

/**
 * Commits gathered before their blobs are read, and content bytes asked for at once: small at first,
 * so scanning starts while git still walks the history and streams blobs (the work then runs on two
 * cores), doubling up to the most worth batching.
 */
const FIRST_CHUNK_COMMITS = 8;
const CHUNK_COMMITS = 256;
const CHUNK_KEYS = 2048;
const FIRST_GROUP_BYTES = 128 << 10;
const GROUP_BYTES = 1 << 20;
/** Blob bytes asked for ahead of the group being scanned (per chunk in flight). */
const AHEAD_BYTES = 8 << 20;
/** Chunks read and scanned ahead of the one being recorded. */
const MAX_INFLIGHT_CHUNKS = 2;

interface SecretRecord {
  finding: Finding;
  firstCommit: string;
  firstTime: number;
  author: string;
  commits: number;
  /** Seen at least once without an inline suppression. */
  active: boolean;
}

const NONE: readonly Hit[] = [];

export async function scanHistory(req: HistoryScanRequest): Promise<HistoryScanSummary> {
  const started = monotonicMs();
  const { top, config, signal } = req;
  const matcher = req.baseline ? new BaselineMatcher(req.baseline, req.today) : undefined;
  const out: HistoryScanSummary = {
    findings: [], suppressed: [], skipped: [], commits: 0, blobs: 0, bytes: 0, durationMs: 0, cancelled: false,
    shallow: false, noCommits: false, notes: [], expiredBaselineEntries: matcher?.expired() ?? [], belowConfidence: 0,
  };
  const finish = () => {
    out.cancelled = Boolean(signal?.aborted);
    out.durationMs = monotonicMs() - started;
    return out;
  };
  const [inside, head, since] = await (req.probes ?? probeHistory(top, req.since));
  if (!inside.ok) throw new UserError(`${top} is not in a git repository: there is no history to scan`);
  out.shallow = inside.stdout.toString('utf8').split('\n')[1]?.trim() === 'true';
  if (!head) {
    out.noCommits = true;
    out.notes.push('the repository has no commits yet: there is no history to scan');
    return finish();
  }
  if (out.shallow) out.notes.push('this is a shallow clone: history is incomplete (commits before the shallow boundary are not scanned, and what the boundary commit holds counts as added there); `git fetch --unshallow` first for a full scan');
  const revs = ['HEAD'];
  if (req.since !== undefined) {
    if (!since) throw new UserError(`--since ${JSON.stringify(req.since.slice(0, 200))}: not a commit in this repository`);
    revs.push(`^${since}`);
  }
  const paths = req.paths ?? [];
  // Counted for progress only, while the scan runs.
  let total = 0;
  if (req.onProgress) void countCommits(top, revs, paths, Boolean(req.allBranches)).then((n) => (total = n));

  const accept = globFilter(config.include, config.exclude);
  const max = config.maxFileSize;
  /** (blob id, path) -> its findings: a blob is read and scanned once per path it appears at. */
  const scanned = new Map<string, readonly Hit[]>();
  const runKey = nodeCrypto().randomBytes(32);
  /** Blobs not scanned, and why (listed once, with the first commit that wrote them). */
  const unscanned = new Map<string, { reason: Skipped['reason']; detail: string }>();
  const listed = new Set<string>();
  const secrets = new Map<string, SecretRecord>();
  const sizes = new ObjectSizes(top, signal);
  const contents = new ObjectContents(top, signal);

  const key = (blob: string, path: string) => `${blob}\0${path}`;
  const wanted = (path: string) => accept(path);
  // HEAD's files, listed while the history is read (which secrets HEAD still holds is asked at the end).
  const headTree = listHeadTree(top, wanted, signal);
  headTree.catch(() => undefined);

  let groupBytes = FIRST_GROUP_BYTES;
  let chunkCommits = FIRST_CHUNK_COMMITS;
  const engineOptions = { ...engineOptionsFrom(config), legacyFingerprints: Boolean(matcher?.legacy) };
  const scanner = new BlobScanner(new Engine(toEngineOptions(engineOptions)), runKey, req.minConfidence);
  const store = (id: string, at: readonly string[], r: BlobResult | undefined) => {
    if (!r || 'skip' in r) {
      unscanned.set(id, r ? { reason: r.skip, detail: r.detail } : { reason: 'unreadable', detail: 'git could not read the object' });
      for (const p of at) scanned.set(key(id, p), NONE);
      return;
    }
    out.blobs++;
    out.bytes += r.bytes;
    at.forEach((p, i) => scanned.set(key(id, p), r.hits[i].length ? r.hits[i] : NONE));
  };
  /** (blob, path) keys a fill in flight reads and scans. */
  const filling = new Set<string>();
  /** Reads and scans every (blob, path) in `keys` not scanned yet. */
  const fill = async (keys: Map<string, { blob: string; path: string }>) => {
    const todo = [...keys.values()].filter((k) => !scanned.has(key(k.blob, k.path)) && !filling.has(key(k.blob, k.path)));
    if (!todo.length) return;
    for (const k of todo) filling.add(key(k.blob, k.path));
    try {
      await fillNow(todo);
    } finally {
      for (const k of todo) filling.delete(key(k.blob, k.path));
    }
  };
  const fillNow = async (todo: Array<{ blob: string; path: string }>) => {
    const byType = todo.filter((k) => BINARY_EXTENSIONS.has(extension(k.path)));
    for (const k of byType) {
      scanned.set(key(k.blob, k.path), NONE);
      if (!unscanned.has(k.blob)) unscanned.set(k.blob, { reason: 'file-type', detail: 'media, archive or compiled code (by extension); not read' });
    }
    const rest = todo.filter((k) => !BINARY_EXTENSIONS.has(extension(k.path)));
    const ids = [...new Set(rest.map((k) => k.blob))];
    const infos = await sizes.request(ids);
    const size = new Map<string, number>();
    for (const info of infos) {
      if ('missing' in info || info.type !== 'blob') unscanned.set(info.id, { reason: 'unreadable', detail: 'the object is not in this repository (a partial or shallow clone)' });
      else if (info.size > max) unscanned.set(info.id, { reason: 'too-large', detail: `${humanSize(info.size)} is over the ${humanSize(max)} limit; not read` });
      else size.set(info.id, info.size);
    }
    const pathsOf = new Map<string, string[]>();
    for (const k of rest) {
      if (!size.has(k.blob)) scanned.set(key(k.blob, k.path), NONE);
      else pathsOf.set(k.blob, [...(pathsOf.get(k.blob) ?? []), k.path]);
    }
    // Content in groups of a bounded size, asked for up to AHEAD_BYTES ahead of the group being scanned.
    const groups: Array<{ ids: string[]; bytes: number }> = [];
    let bytes = Infinity;
    for (const id of pathsOf.keys()) {
      if (bytes + size.get(id)! > groupBytes) {
        groups.push({ ids: [], bytes: 0 });
        bytes = 0;
        groupBytes = Math.min(groupBytes * 2, GROUP_BYTES);
      }
      groups.at(-1)!.ids.push(id);
      groups.at(-1)!.bytes += size.get(id)!;
      bytes += size.get(id)!;
    }
    // A request left waiting when an abort stops the loop rejects once git is killed: that is expected.
    const requests: Array<Promise<Array<Buffer | undefined>> | undefined> = [];
    let asked = 0;
    let ahead = 0;
    const topUp = () => {
      while (asked < groups.length && (ahead === 0 || ahead + groups[asked].bytes <= AHEAD_BYTES)) {
        const p = contents.request(groups[asked].ids);
        p.catch(() => undefined);
        requests[asked] = p;
        ahead += groups[asked++].bytes;
      }
    };
    for (let g = 0; g < groups.length; g++) {
      topUp();
      const blobs = await requests[g]!;
      requests[g] = undefined;
      ahead -= groups[g].bytes;
      topUp();
      if (signal?.aborted) break;
      groups[g].ids.forEach((id, i) => store(id, pathsOf.get(id)!, blobs[i] ? scanner.scan(blobs[i]!, pathsOf.get(id)!) : undefined));
    }
  };

  const record = (c: LogCommit) => {
    out.commits++;
    const before = new Set<string>();
    for (const ch of c.changes) {
      if (!wanted(ch.path)) continue;
      for (const w of ch.was) for (const h of scanned.get(key(w, ch.path)) ?? NONE) before.add(h.id);
    }
    const time = Date.parse(c.date);
    const added = new Set<string>();
    for (const ch of c.changes) {
      if (!ch.blob || !wanted(ch.path)) continue;
      const why = unscanned.get(ch.blob);
      if (why && !listed.has(ch.blob)) {
        listed.add(ch.blob);
        out.skipped.push({ path: ch.path, reason: why.reason, detail: `${why.detail} (commit ${c.sha.slice(0, 12)})` });
      }
      for (const { id, finding: f } of scanned.get(key(ch.blob, ch.path)) ?? NONE) {
        if (before.has(id)) continue;
        let r = secrets.get(id);
        if (!r) secrets.set(id, r = { finding: f, firstCommit: c.sha, firstTime: time, author: c.author, commits: 0, active: false });
        else if (time <= r.firstTime) Object.assign(r, { finding: f, firstCommit: c.sha, firstTime: time, author: c.author });
        if (!f.suppressed) r.active = true;
        if (!added.has(id)) {
          added.add(id);
          r.commits++;
        }
      }
    }
  };

  const log = readLog(top, logArgs(revs, paths, req.allBranches), signal);
  try {
    let chunk: LogCommit[] = [];
    let keys = new Map<string, { blob: string; path: string }>();
    // Chunks whose blobs are being read and scanned, oldest first; commits are recorded in log order,
    // each chunk once its blobs (and those of the chunks before it) are scanned. Two at a time: the
    // next chunk's sizes and blobs stream in while this thread scans the last one's.
    const inflight: Array<{ commits: LogCommit[]; done: Promise<void> }> = [];
    const recordOldest = async () => {
      const { commits, done } = inflight.shift()!;
      await done;
      if (!signal?.aborted) for (const c of commits) record(c);
      req.onProgress?.({ commitsDone: out.commits, commitsTotal: total });
    };
    const flush = async () => {
      const done = fill(keys);
      done.catch(() => undefined); // awaited in order by recordOldest
      inflight.push({ commits: chunk, done });
      chunk = [];
      keys = new Map();
      while (inflight.length > MAX_INFLIGHT_CHUNKS) await recordOldest();
    };
    for await (const c of log.commits) {
      if (signal?.aborted) break;
      chunk.push(c);
      for (const ch of c.changes) {
        if (!wanted(ch.path)) continue;
        for (const b of [...ch.was, ...(ch.blob ? [ch.blob] : [])]) {
          const k = key(b, ch.path);
          if (!scanned.has(k) && !filling.has(k)) keys.set(k, { blob: b, path: ch.path });
        }
      }
      if (chunk.length >= chunkCommits || keys.size >= CHUNK_KEYS) {
        await flush();
        chunkCommits = Math.min(chunkCommits * 2, CHUNK_COMMITS);
      }
    }
    if (!signal?.aborted && chunk.length) await flush();
    while (inflight.length) await recordOldest();
    const ended = await log.done;
    if (!signal?.aborted && ended.code !== 0) throw new UserError(`git log could not read the history (exit ${ended.code ?? 'killed'})`);
    // Which secrets HEAD still holds: HEAD's blobs, mostly scanned already as some commit's new blob.
    const inHead = secrets.size && !signal?.aborted ? await headFingerprints(await headTree, scanned, fill, key) : new Set<string>();
    if (!signal?.aborted) {
      // Fingerprints of what is reported, computed on the thread pool as the secrets were met.
      await scanner.warmed([...secrets].filter(([, r]) => !req.minConfidence || meetsConfidence(r.finding, req.minConfidence)).map(([id]) => id));
      finishFindings(out, secrets, inHead, req, matcher);
    }
  } catch (e) {
    // An abort kills git under pending reads: the scan stops there and says it was cancelled.
    if (!signal?.aborted) throw e;
  } finally {
    sizes.kill();
    contents.kill();
  }
  return finish();
}

export type HistoryProbes = Promise<[GitResult, string | undefined, string | undefined]>;

/**
 * What a history scan asks git first (a repository? shallow? HEAD's commit, and `since`'s), at once:
 * each is a process, and none needs another's answer. A caller may start them before it has the
 * scan's config (`probes`), so they run while it reads and validates that.
 */
export function probeHistory(top: string, since?: string): HistoryProbes {
  const p = Promise.all([
    runGit(top, ['rev-parse', '--is-inside-work-tree', '--is-shallow-repository']),
    commitId(top, 'HEAD'),
    since === undefined ? undefined : commitId(top, since),
  ]);
  p.catch(() => undefined); // awaited by the scan
  return p;
}

function extension(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : '';
}

async function commitId(top: string, rev: string): Promise<string | undefined> {
  const r = await runGit(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  const id = r.ok ? r.stdout.toString('utf8').trim() : '';
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(id) ? id : undefined;
}

async function countCommits(top: string, revs: readonly string[], paths: readonly string[], allBranches: boolean): Promise<number> {
  const r = await runGit(top, ['rev-list', '--count', ...(allBranches ? BRANCHES : []), '--end-of-options', ...revs, '--', ...paths.map((p) => `:(literal)${p}`)], { timeoutMs: 120_000 });
  const n = r.ok ? Number(r.stdout.toString('utf8').trim()) : NaN;
  return Number.isSafeInteger(n) ? n : 0;
}

/** HEAD's regular files the config's filters let through. */
async function listHeadTree(top: string, wanted: (p: string) => boolean, signal?: AbortSignal): Promise<Array<{ blob: string; path: string }>> {
  const git = spawnGit(top, ['ls-tree', '-r', '-z', '--full-tree', 'HEAD'], { signal });
  const entries: Array<{ blob: string; path: string }> = [];
  let rest = '';
  for await (const chunk of git.stdout as AsyncIterable<Buffer>) {
    const parts = (rest + chunk.toString('utf8')).split('\0');
    rest = parts.pop()!;
    for (const line of parts) {
      // <mode> SP <type> SP <object> TAB <path>
      const tab = line.indexOf('\t');
      const [mode, type, blob] = line.slice(0, tab).split(' ');
      const path = line.slice(tab + 1);
      if (type === 'blob' && /^100[0-7]{3}$/.test(mode) && wanted(path)) entries.push({ blob, path });
    }
  }
  await git.done;
  return entries;
}

/** The secrets in HEAD's tree, scanning blobs not seen yet. */
async function headFingerprints(
  entries: Array<{ blob: string; path: string }>, scanned: Map<string, readonly Hit[]>,
  fill: (keys: Map<string, { blob: string; path: string }>) => Promise<void>, key: (b: string, p: string) => string,
): Promise<Set<string>> {
  const keys = new Map<string, { blob: string; path: string }>();
  for (const e of entries) if (!scanned.has(key(e.blob, e.path))) keys.set(key(e.blob, e.path), e);
  await fill(keys);
  const found = new Set<string>();
  for (const e of entries) for (const h of scanned.get(key(e.blob, e.path)) ?? NONE) found.add(h.id);
  return found;
}

const URGENCY = (h: FindingHistory) => (h.status === 'removed' ? 0 : 3) + (h.rotation === 'not-rotated' ? 0 : h.rotation === 'unknown' ? 1 : 2);

function finishFindings(out: HistoryScanSummary, secrets: Map<string, SecretRecord>, inHead: Set<string>, req: HistoryScanRequest, matcher?: BaselineMatcher): void {
  for (const [id, r] of secrets) {
    if (req.minConfidence && !meetsConfidence(r.finding, req.minConfidence)) {
      out.belowConfidence++;
      continue;
    }
    // Spreading reads the lazy fingerprint getter: the one fingerprint this secret costs.
    const f: Finding = { ...r.finding };
    delete f.suppressed;
    const identity = req.identities ? findIdentity(req.identities, { name: f.fix.envName }) : undefined;
    const last = identity?.lastRotated ? parseDate(identity.lastRotated) : undefined;
    const history: FindingHistory = {
      firstCommit: r.firstCommit,
      firstDate: new Date(r.firstTime).toISOString(),
      commits: r.commits,
      status: inHead.has(id) ? 'in-head' : 'removed',
      rotation: !identity ? 'unknown' : last && last.getTime() > r.firstTime ? 'rotated' : 'not-rotated',
      ...(identity ? { identity: identity.id } : {}),
      ...(identity?.lastRotated ? { lastRotated: identity.lastRotated } : {}),
      ...(req.showAuthors ? { author: r.author } : {}),
    };
    f.history = history;
    if (!r.active) f.suppressed = r.finding.suppressed;
    else {
      const entry = matcher?.match(f);
      if (entry) f.suppressed = { by: 'baseline', reason: entry.reason };
    }
    delete f.legacyFingerprints;
    (f.suppressed ? out.suppressed : out.findings).push(f);
  }
  const order = (a: Finding, b: Finding) => URGENCY(a.history!) - URGENCY(b.history!) || (a.history!.firstDate < b.history!.firstDate ? -1 : a.history!.firstDate > b.history!.firstDate ? 1 : 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  out.findings.sort(order);
  out.suppressed.sort(order);
}
