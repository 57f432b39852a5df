// What `--staged` asks of git: which files are staged (the index against HEAD), and their blobs. In an
// ordinary repository (a hook runs at the top of its work tree) both are read from git's own files
// (../core/git-staged.ts: the index, HEAD and its trees; ../core/git-store.ts: loose and packed objects),
// and no process is started: a pre-commit hook pays about 15 ms for a process. Anything else (linked work
// trees, variables or a config that move the repository, split or sparse indexes, conflicts, large
// blobs) is asked of git, through the hardened helper (nothing the repository configures runs): it is
// only slower. The command line starts this as it starts (./early.ts), before the rest of the program
// loads, so this module imports little.
import { UserError } from '../core/errors';
import { plainRepository, stagedFromRepository, type StagedEntry } from '../core/git-staged';
import { ObjectStore } from '../core/git-store';
import { runGit, type GitOptions, type GitResult } from '../core/git';

export type { StagedEntry } from '../core/git-staged';

export type GitRunner = (cwd: string, args: readonly string[], o?: GitOptions) => Promise<GitResult>;

/** `git diff --cached --raw -z` records: `:<old mode> <new mode> <old id> <new id> <status>\0<path>\0`. */
function parseRaw(out: string): StagedEntry[] {
  const parts = out.split('\0');
  const entries: StagedEntry[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const m = /^:\d{6} (\d{6}) [0-9a-f]+ ([0-9a-f]+) [A-Z]\d*$/.exec(parts[i]);
    if (!m) throw new Error(`unexpected output from git diff --cached --raw: ${JSON.stringify(parts[i].slice(0, 80))}`);
    entries.push({ rel: parts[i + 1], mode: m[1], id: m[2] });
  }
  return entries;
}

// Git is asked where the command runs (`cwd`): that is where it finds the repository, which the top of
// the work tree may not tell (a separate git folder, core.worktree).
/** `git cat-file --batch-check` for many ids at once: id -> size (absent when git does not have it). */
async function blobSizes(git: GitRunner, cwd: string, ids: string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  if (!ids.length) return sizes;
  const r = await git(cwd, ['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], {
    input: `${ids.join('\n')}\n`, maxBytes: ids.length * 200 + 1024, timeoutMs: 60_000, inheritRepoEnv: true,
  });
  if (!r.ok) throw new Error(`git cat-file --batch-check failed${r.timedOut ? ' (timed out)' : ` (exit ${r.code})`}`);
  for (const line of r.stdout.toString('utf8').split('\n')) {
    const [id, type, size] = line.split(' ');
    if (type === 'blob' && /^\d+$/.test(size ?? '')) sizes.set(id, Number(size));
  }
  return sizes;
}

/**
 * The record of `git cat-file --batch` output starting at `at`: `<id> <type> <size>\n<contents>\n`, or
 * `<id> missing\n`; `next` is where the following record starts. Undefined when the output ends early.
 */
function batchRecord(out: Buffer, at: number): { id: string; type: string; size: number; body: Buffer; next: number } | undefined {
  const eol = out.indexOf(10, at);
  if (eol < 0) return undefined;
  const [id, type, size] = out.toString('latin1', at, eol).split(' ');
  if (type === 'missing') return { id, type, size: 0, body: out.subarray(0, 0), next: eol + 1 };
  const n = Number(size);
  if (!/^\d+$/.test(size ?? '') || eol + 1 + n > out.length) return undefined;
  return { id, type, size: n, body: out.subarray(eol + 1, eol + 1 + n), next: eol + 2 + n };
}

/** Most bytes of blobs read by one `git cat-file --batch`: a large commit is read in several. */
const BATCH_BYTES = 64 << 20;

/**
 * `git cat-file --batch` for blobs whose sizes are known: one process for many files (a pre-commit hook
 * pays for each process it starts). Records are `<id> blob <size>\n<contents>\n`; id -> contents.
 */
export async function readBlobs(git: GitRunner, cwd: string, blobs: Array<{ id: string; size: number }>): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (let from = 0; from < blobs.length;) {
    let to = from;
    let bytes = 0;
    do bytes += blobs[to++].size + 128; while (to < blobs.length && bytes + blobs[to].size <= BATCH_BYTES);
    const batch = blobs.slice(from, to);
    from = to;
    const r = await git(cwd, ['cat-file', '--batch'], { input: `${batch.map((b) => b.id).join('\n')}\n`, inheritRepoEnv: true, maxBytes: bytes + 1024, timeoutMs: 120_000 });
    if (!r.ok) continue; // each of them is then "unreadable"
    let at = 0;
    for (const b of batch) {
      const rec = batchRecord(r.stdout, at);
      if (!rec || rec.id !== b.id || rec.type !== 'blob' || rec.size !== b.size) break;
      out.set(b.id, rec.body);
      at = rec.next;
    }
  }
  return out;
}

/** What git is asked before the configuration is known: the top level, the staged entries and their blobs' sizes. */
export interface StagedProbe {
  top: string;
  entries: StagedEntry[];
  sizes: Map<string, number>;
  /** Every blob's contents, when they were few enough to be read at once. */
  contents?: Map<string, Buffer>;
}

/** Most bytes of staged blobs read without checking their sizes first. */
const READ_AT_ONCE = 8 << 20;

/**
 * Each blob of `ids` read from the objects folder (loose or packed), or undefined as soon as one is not
 * there (missing, not a blob, damaged, anything odd) or they hold more than READ_AT_ONCE bytes: git is asked then.
 */
export function storedBlobs(objects: string | ObjectStore, ids: readonly string[]): { sizes: Map<string, number>; contents: Map<string, Buffer> } | undefined {
  const sizes = new Map<string, number>();
  const contents = new Map<string, Buffer>();
  if (!ids.length) return { sizes, contents };
  const store = typeof objects === 'string' ? new ObjectStore(objects) : objects;
  try {
    let total = 0;
    for (const id of ids) {
      const o = store.read(id, READ_AT_ONCE - total);
      if (o?.type !== 'blob') return undefined;
      sizes.set(id, o.body.length);
      contents.set(id, o.body);
      total += o.body.length;
    }
    return { sizes, contents };
  } finally {
    if (store !== objects) store.close();
  }
}

/** The blobs of `entries`, once each (a submodule's commit is in another repository). */
const blobIds = (entries: readonly StagedEntry[]) => [...new Set(entries.filter((e) => e.mode !== '160000').map((e) => e.id))];

/** Which files are staged, as git says: the top of the work tree and the entries. */
async function listStaged(cwd: string, git: GitRunner, objects: string | undefined): Promise<{ top: string; entries: StagedEntry[] }> {
  const hook = { inheritRepoEnv: true }; // a pre-commit hook's GIT_INDEX_FILE is the index to read
  // The diff's paths are relative to the top level (diff.relative cannot change that); the top is `cwd`
  // in an ordinary repository, else git says, at the same time.
  const [found, diff] = await Promise.all([
    objects ? undefined : git(cwd, ['rev-parse', '--show-toplevel'], hook),
    git(cwd, ['-c', 'diff.relative=false', 'diff', '--cached', '--raw', '-z', '--no-abbrev', '--no-renames', '--no-ext-diff', '--no-textconv', '--diff-filter=ACMRT'], {
      ...hook, maxBytes: 256 << 20, timeoutMs: 120_000,
    }),
  ]);
  const top = objects ? cwd : found?.ok ? found.stdout.toString('utf8').trim() : '';
  const notRepository = new UserError(`--staged needs a git repository, and ${cwd} is not in one`);
  if (!top) throw notRepository;
  if (!diff.ok) {
    // A `.git` folder git does not take for a repository (or refuses to use) is no repository either.
    if (objects && !(await git(cwd, ['rev-parse', '--show-toplevel'], hook)).ok) throw notRepository;
    throw new Error(`git diff --cached failed${diff.overflow ? ' (too many staged files)' : diff.timedOut ? ' (timed out)' : ` (exit ${diff.code})`}`);
  }
  return { top, entries: parseRaw(diff.stdout.toString('utf8')) };
}

/**
 * The staged entries and their blobs. In an ordinary repository they are read before the first `await`
 * (synchronously, as the command line starts), and git runs only for what could not be read.
 */
async function probeStaged(cwd: string, git: GitRunner, repo = plainRepository(cwd)): Promise<StagedProbe> {
  let read: StagedEntry[] | undefined;
  let stored: ReturnType<typeof storedBlobs>;
  if (repo) {
    // The list and the blobs through one store: its packs are opened once.
    const store = new ObjectStore(repo.objects);
    try {
      read = stagedFromRepository(cwd, process.env, repo, store);
      if (read) stored = storedBlobs(store, blobIds(read));
    } finally {
      store.close();
    }
    if (read && stored) return { top: cwd, entries: read, ...stored };
  }
  const { top, entries } = read ? { top: cwd, entries: read } : await listStaged(cwd, git, repo?.objects);
  const ids = blobIds(entries);
  // When git made the list, the blobs may still be ours to read.
  if (!read && repo) stored = storedBlobs(repo.objects, ids);
  if (stored) return { top, entries, ...stored };
  // Most commits stage a few small files: one `cat-file --batch` reads them all, sizes included. When
  // they hold more than READ_AT_ONCE bytes git is stopped there, and each size is checked before its blob is read.
  const all = await readAll(git, cwd, ids);
  if (all) return { top, entries, sizes: all.sizes, contents: all.contents };
  return { top, entries, sizes: await blobSizes(git, cwd, ids) };
}

/** Every blob in `ids` at once, or undefined when they hold more than READ_AT_ONCE bytes (or git failed). */
async function readAll(git: GitRunner, cwd: string, ids: string[]): Promise<{ sizes: Map<string, number>; contents: Map<string, Buffer> } | undefined> {
  const sizes = new Map<string, number>();
  const contents = new Map<string, Buffer>();
  if (!ids.length) return { sizes, contents };
  const r = await git(cwd, ['cat-file', '--batch'], { input: `${ids.join('\n')}\n`, inheritRepoEnv: true, maxBytes: READ_AT_ONCE, timeoutMs: 120_000 });
  if (!r.ok) return undefined;
  let at = 0;
  for (const id of ids) {
    const rec = batchRecord(r.stdout, at);
    if (!rec || rec.id !== id) return undefined;
    if (rec.type === 'blob') {
      sizes.set(id, rec.size);
      contents.set(id, rec.body);
    }
    at = rec.next;
  }
  return { sizes, contents };
}

let early: { cwd: string; probe: Promise<StagedProbe> } | undefined;

/**
 * Starts `--staged`'s reading in `cwd` at once (the command line calls this as it starts): in an
 * ordinary repository it is done here, else git is started and works while the rest of the program
 * loads. The next stagedProbe in `cwd` takes it.
 */
export function startStaged(cwd: string): void {
  const probe = probeStaged(cwd, runGit);
  probe.catch(() => undefined); // reported by stagedSources, if the command gets that far
  early = { cwd, probe };
}

/** What is staged in `cwd`: the probe started early when there is one (for this `cwd` and git), else a new one. */
export function stagedProbe(cwd: string, git: GitRunner): Promise<StagedProbe> {
  const started = early?.cwd === cwd && git === runGit ? early : undefined;
  early = undefined;
  return started ? started.probe : probeStaged(cwd, git);
}
