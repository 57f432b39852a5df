// The one way we read a file that comes from a workspace (scanned files, config, baseline, register,
// catalogs, CODEOWNERS, .gitignore files). Whatever the path turns out to be, reading it cannot block
// or exhaust the process:
//   - it is opened with O_NONBLOCK, so a FIFO never blocks `open` (nor a reader thread),
//   - fstat on the open descriptor refuses what is not a regular file (FIFO, device, socket, folder),
//   - the size is checked before reading, and at most `maxBytes` are read even if the file grows,
//   - with `root`, a path whose real location (symlinks resolved) leaves `root` is refused. On Linux the
//     check is made on what was opened (the descriptor's own path in /proc/self/fd): one system call
//     instead of one per path component, and no window between the check and the open.
// Refusals are values with a reason and a detail (never a throw), so callers can report them.
import { constants, promises as fsp, closeSync, fstatSync, openSync, readlinkSync, readSync, realpathSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { humanSize, type SkipReason } from './read';

/**
 * realpath(3) in one call (as the async reader's fsp.realpath): Node's own realpathSync lstat()s every
 * component of the path from JavaScript, which cost a scan worker a sixth of its time. Windows keeps
 * Node's, which handles its drive and share paths.
 */
const realpathOnce = process.platform === 'win32' ? realpathSync : realpathSync.native;

/**
 * Where an open descriptor's path can be read back (Linux). Turned off for the process the first time
 * it cannot be read (/proc not mounted): the path is then resolved before opening, as elsewhere.
 */
let fdPaths = process.platform === 'linux';
const fdPath = (fd: number) => `/proc/self/fd/${fd}`;
/** What a read with a root does when its last component is a link (O_NOFOLLOW): resolve, then check. */
const LINK_OPEN = 'ELOOP';

export interface BoundedOptions {
  /** Refuse files larger than this (checked before reading; reading also stops there). */
  maxBytes: number;
  /** Refuse a path whose real location is outside this folder. */
  root?: string;
  /** Not a workspace file (a private cache of ours): not reported to the read observer. */
  ours?: boolean;
}

export type BoundedRead =
  /** `stat`: the open file's, taken before reading (a results cache keys what was read by it). */
  | { ok: true; bytes: Buffer; stat: Stats }
  | { ok: false; reason: SkipReason; detail: string; /** errno code when the OS refused */ code?: string };

// O_NONBLOCK / O_NOCTTY do not exist on Windows, where FIFOs cannot be in a workspace anyway.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const CHUNK = 64 * 1024;
/** Where the synchronous reader looks for the end of a file (one thread reads one file at a time). */
const scratch = Buffer.allocUnsafe(CHUNK);

/**
 * The first read takes the file as its stat says it is, plus the byte that shows it has grown: one
 * buffer of the right size instead of 64 KiB ones (a scan of 20,000 small files allocated 2.5 GB).
 */
function firstRead(st: Stats, max: number): number {
  return Math.max(1, Math.min(st.size, max) + 1);
}

/** What kind of thing a non-regular file is, for messages. */
export function fileKind(s: Pick<Stats, 'isFIFO' | 'isCharacterDevice' | 'isBlockDevice' | 'isSocket' | 'isDirectory' | 'isSymbolicLink'>): string {
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  if (s.isDirectory()) return 'a folder';
  if (s.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function refusedByOs(e: unknown): BoundedRead {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { ok: false, reason: 'unreadable', detail: 'ENOENT (no such file)', code };
  if (code === 'ENXIO') return { ok: false, reason: 'not-a-file', detail: 'a socket or device that cannot be opened', code };
  if (code === 'EISDIR') return { ok: false, reason: 'not-a-file', detail: 'a folder', code };
  if (code === 'ENAMETOOLONG') return { ok: false, reason: 'unreadable', detail: 'path is longer than the OS allows (ENAMETOOLONG)', code };
  if (code === 'ELOOP') return { ok: false, reason: 'unreadable', detail: 'too many levels of symbolic links (ELOOP)', code };
  return { ok: false, reason: 'unreadable', detail: code ?? (e as Error).message ?? 'read failed', code };
}

function isInside(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

const outside = (root: string): BoundedRead =>
  ({ ok: false, reason: 'outside-root', detail: `resolves outside ${root} (symbolic link not followed)` });

function checkStat(st: Stats, max: number): BoundedRead | undefined {
  if (!st.isFile()) return { ok: false, reason: 'not-a-file', detail: fileKind(st) };
  if (st.size > max) return { ok: false, reason: 'too-large', detail: `${humanSize(st.size)} is over the ${humanSize(max)} limit` };
  return undefined;
}

/** Reads up to `max` bytes; one byte more than that means the file grew past the cap. */
function grewTooLarge(max: number): BoundedRead {
  return { ok: false, reason: 'too-large', detail: `grew past the ${humanSize(max)} limit while being read` };
}

// Tests and the benchmark count reads (each workspace file should be read once per analysis). The
// observer is per thread: a worker reports what it read with its results (see reportReads).
let observer: ((file: string) => void) | undefined;

/** Calls `fn` with every path the bounded reader is asked to read in this thread (undefined: stop). */
export function observeReads(fn: ((file: string) => void) | undefined): void {
  observer = fn;
}

/** Whether reads are being observed (a scan then asks its workers to report theirs). */
export function readsObserved(): boolean {
  return observer !== undefined;
}

/** Reads done on another thread (a scan worker), passed on to this thread's observer. */
export function reportReads(files: readonly string[]): void {
  if (observer) for (const f of files) observer(f);
}

export async function readBounded(file: string, opts: BoundedOptions): Promise<BoundedRead> {
  if (!opts.ours) observer?.(file);
  try {
    const handle = await openAsync(file, opts.root);
    if (!('fd' in handle)) return handle;
    try {
      const st = await handle.stat();
      const refused = checkStat(st, opts.maxBytes);
      if (refused) return refused;
      const chunks: Buffer[] = [];
      let total = 0;
      let want = firstRead(st, opts.maxBytes);
      let buf = Buffer.allocUnsafe(want);
      for (;;) {
        const { bytesRead } = await handle.read(buf, 0, want, null);
        if (bytesRead === 0) break;
        chunks.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
        total += bytesRead;
        // After the first read, a small (pooled) buffer finds the end; a file still growing gets full chunks.
        want = Math.min(chunks.length === 1 ? 2048 : CHUNK, opts.maxBytes + 1 - total);
        if (want <= 0) break;
        buf = Buffer.allocUnsafe(want);
      }
      if (total > opts.maxBytes) return grewTooLarge(opts.maxBytes);
      return { ok: true, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total), stat: st };
    } finally {
      await handle.close();
    }
  } catch (e) {
    return refusedByOs(e);
  }
}

/**
 * The real path of a root, asked once per root in a row (a worker reads thousands of files below one
 * root). A root that moves is asked again: the answer is kept only for the next call within a second.
 */
let lastRoot: { root: string; real: string; at: number } | undefined;
function realRootOf(root: string): string {
  const now = Date.now();
  if (lastRoot?.root === root && now - lastRoot.at < 1000) return lastRoot.real;
  const real = realpathOnce(root);
  lastRoot = { root, real, at: now };
  return real;
}

/**
 * Opens `file`; with a root, only where it really is inside the root. The walk follows no link, so
 * nearly every path is opened as given (a link as its last component fails O_NOFOLLOW) and the opened
 * file's own path is checked; a link is resolved first and its target opened.
 */
async function openAsync(file: string, root: string | undefined): Promise<fsp.FileHandle | BoundedRead> {
  if (root === undefined) return fsp.open(file, OPEN_FLAGS);
  if (fdPaths) {
    let handle: fsp.FileHandle | undefined;
    try {
      handle = await fsp.open(file, OPEN_FLAGS | NOFOLLOW);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== LINK_OPEN) throw e;
    }
    if (handle) {
      let real: string | undefined;
      try {
        real = await fsp.readlink(fdPath(handle.fd));
      } catch {
        fdPaths = false;
      }
      if (real !== undefined && isInside(real, await fsp.realpath(root))) return handle;
      await handle.close();
      if (real !== undefined) return outside(root);
    }
  }
  const [real, realRoot] = await Promise.all([fsp.realpath(file), fsp.realpath(root)]);
  if (!isInside(real, realRoot)) return outside(root);
  return fsp.open(real, OPEN_FLAGS | NOFOLLOW);
}

/** openAsync, synchronously. */
function openSyncInside(file: string, root: string | undefined): number | BoundedRead {
  if (root === undefined) return openSync(file, OPEN_FLAGS);
  if (fdPaths) {
    let fd: number | undefined;
    try {
      fd = openSync(file, OPEN_FLAGS | NOFOLLOW);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== LINK_OPEN) throw e;
    }
    if (fd !== undefined) {
      let real: string | undefined;
      try {
        real = readlinkSync(fdPath(fd));
      } catch {
        fdPaths = false;
      }
      if (real !== undefined && isInside(real, realRootOf(root))) return fd;
      closeSync(fd);
      if (real !== undefined) return outside(root);
    }
  }
  const real = realpathOnce(file);
  if (!isInside(real, realRootOf(root))) return outside(root);
  return openSync(real, OPEN_FLAGS | NOFOLLOW);
}

/**
 * `file` opened for reading as this reader opens it (non-blocking: a FIFO never blocks), when it is a
 * regular file: its descriptor (the caller closes it) and size; else a throw. For readers that take a
 * file a piece at a time at known offsets (git's pack indexes and packs, the index's header).
 */
export function openRegularSync(file: string): { fd: number; size: number } {
  const fd = openSync(file, OPEN_FLAGS);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error(`${file} is ${fileKind(st)}`);
    return { fd, size: st.size };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** The same, synchronously: for worker threads and the CLI (never the editor's main thread). */
export function readBoundedSync(file: string, opts: BoundedOptions): BoundedRead {
  if (!opts.ours) observer?.(file);
  try {
    const fd = openSyncInside(file, opts.root);
    if (typeof fd !== 'number') return fd;
    try {
      const st = fstatSync(fd);
      const refused = checkStat(st, opts.maxBytes);
      if (refused) return refused;
      const chunks: Buffer[] = [];
      let total = 0;
      const first = Buffer.allocUnsafe(firstRead(st, opts.maxBytes));
      let bytesRead = readSync(fd, first, 0, first.length, null);
      if (bytesRead > 0) chunks.push(bytesRead === first.length ? first : first.subarray(0, bytesRead));
      total += bytesRead;
      // All its size said and no more although more was asked: a regular file's end (no second call to
      // find it: a scan opens thousands). Anything else (a file whose size says 0, one that grew or
      // shrank) is read on until a read returns nothing.
      if (bytesRead === st.size && bytesRead < first.length) bytesRead = 0;
      while (bytesRead > 0) {
        // Usually one call that finds the end; what a growing file adds is copied out of the scratch buffer.
        const want = Math.min(CHUNK, opts.maxBytes + 1 - total);
        if (want <= 0) break;
        bytesRead = readSync(fd, scratch, 0, want, null);
        if (bytesRead > 0) chunks.push(Buffer.from(scratch.subarray(0, bytesRead)));
        total += bytesRead;
      }
      if (total > opts.maxBytes) return grewTooLarge(opts.maxBytes);
      return { ok: true, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total), stat: st };
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return refusedByOs(e);
  }
}

/** Caps for the files we read besides the scanned ones. */
export const LIMITS = {
  config: 1024 * 1024,
  baseline: 32 * 1024 * 1024,
  register: 8 * 1024 * 1024,
  catalog: 4 * 1024 * 1024,
  codeowners: 1024 * 1024,
  gitignore: 1024 * 1024,
  syncState: 32 * 1024 * 1024,
} as const;

/** A refusal as one line: "FILE: is a FIFO (named pipe)". */
export function describeRefusal(file: string, r: Extract<BoundedRead, { ok: false }>): string {
  return `${file}: ${r.reason === 'not-a-file' ? `is ${r.detail}` : r.detail}`;
}
