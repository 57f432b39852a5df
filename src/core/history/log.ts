// One streaming pass over `git log --raw`: for each commit, which blobs it wrote and which it
// replaced, by object id only. No patch text is produced (git never diffs, never reads a blob, never
// runs a textconv or external diff driver), so the pass costs what walking the trees costs.
import { spawnGit } from '../git';

export interface LogChange {
  /** Repository-relative POSIX path. */
  path: string;
  /** The blob this commit wrote there (undefined: deleted, or not a regular file). */
  blob?: string;
  /** The blobs it replaced (one per parent that differs; none when added). */
  was: string[];
}

export interface LogCommit {
  sha: string;
  parents: string[];
  /** Committer date, ISO 8601 as git prints it (`%cI`). */
  date: string;
  author: string;
  changes: LogChange[];
}

/** `%x01` starts a commit, then sha, parents, committer date, author name (each NUL-terminated with -z). */
/** What `--all-branches` reads: every branch, remote-tracking branch and tag (HEAD is always read). */
export const BRANCHES = ['--branches', '--remotes', '--tags'];

export const LOG_FORMAT = '--format=%x01%H%x00%P%x00%cI%x00%aN';
const HEADER_FIELDS = 4;
const ZERO = /^0+$/;
/** Regular files (100644, 100755; 100664 in old repositories): not links (120000) or submodules (160000). */
const REGULAR = /^100[0-7]{3}$/;

/**
 * The arguments of the pass: `--raw` object ids (`--no-abbrev`), combined (`-c`) for merges, so a
 * merge lists only paths that differ from every parent (what the merge itself wrote), `--root` so the
 * first commit counts, no rename detection (a rename is a delete and an add in the same commit, which
 * the scan treats as a move: see scan.ts), NUL-separated fields (any byte in a path survives).
 */
export function logArgs(revs: readonly string[], paths: readonly string[], allBranches = false): string[] {
  return [
    'log', '--raw', '--no-abbrev', '-c', '--root', '--no-renames', '--no-textconv', '--no-ext-diff', '--no-color', '-z', LOG_FORMAT,
    ...(allBranches ? BRANCHES : []), '--end-of-options', ...revs, '--', ...paths.map((p) => `:(literal)${p}`),
  ];
}

/** Parses the stream of `git log` with `logArgs` into commits, one at a time, at the reader's pace. */
export function readLog(top: string, args: readonly string[], signal?: AbortSignal): { commits: AsyncGenerator<LogCommit>; done: Promise<{ code: number | null; stderr: string }> } {
  const git = spawnGit(top, args, { signal });
  return { commits: parse(git), done: git.done };
}

async function* parse(git: ReturnType<typeof spawnGit>): AsyncGenerator<LogCommit> {
  let rest: Buffer = Buffer.alloc(0);
  let commit: LogCommit | undefined;
  let header = 0;
  let meta: string | undefined;
  let finished = false;
  try {
    for await (const chunk of git.stdout as AsyncIterable<Buffer>) {
      const data = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (let nul = data.indexOf(0, start); nul !== -1; nul = data.indexOf(0, start)) {
        let token = data.toString('utf8', start, nul);
        start = nul + 1;
        if (commit && header > 0) {
          // Positional: parents (empty for a root commit), date, author.
          const field = HEADER_FIELDS - header;
          if (field === 1) commit.parents = token ? token.split(' ') : [];
          else if (field === 2) commit.date = token;
          else commit.author = token;
          header--;
          continue;
        }
        if (meta !== undefined) {
          const change = toChange(meta, token);
          if (change && commit) commit.changes.push(change);
          meta = undefined;
          continue;
        }
        if (token.startsWith('\n')) token = token.slice(1);
        if (token.startsWith('\x01')) {
          if (commit) yield commit;
          commit = { sha: token.slice(1), parents: [], date: '', author: '', changes: [] };
          header = HEADER_FIELDS - 1;
        } else if (token.startsWith(':')) meta = token;
      }
      rest = start < data.length ? Buffer.from(data.subarray(start)) : Buffer.alloc(0);
    }
    finished = true;
    if (commit) yield commit;
  } finally {
    if (!finished) git.kill(); // the reader stopped early (an abort, an error)
  }
}

/** `:100644 100644 <old> <new> M` or, for a merge with n parents, n+1 modes, n+1 ids and n status letters. */
function toChange(meta: string, path: string): LogChange | undefined {
  let parents = 0;
  while (meta[parents] === ':') parents++;
  const fields = meta.slice(parents).trim().split(' ');
  if (fields.length < 2 * (parents + 1)) return undefined;
  const modes = fields.slice(0, parents + 1);
  const ids = fields.slice(parents + 1, 2 * (parents + 1));
  const was: string[] = [];
  for (let i = 0; i < parents; i++) if (!ZERO.test(ids[i]) && REGULAR.test(modes[i])) was.push(ids[i]);
  const blob = !ZERO.test(ids[parents]) && REGULAR.test(modes[parents]) ? ids[parents] : undefined;
  if (!blob && !was.length) return undefined;
  return { path, blob, was };
}
