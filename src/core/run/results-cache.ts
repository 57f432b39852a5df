// Scan results kept between runs (the CLI's tree scans, the editor's and the language server's workspace
// scans). CI on a kept workspace, a developer running `scan` again, an editor opening a workspace again:
// most files have not changed since the last run. A
// file whose identity on disk (device, inode, size, modification and status-change times: what git's
// index compares) is what it was when it was analysed, under the same build, rules, options and salt,
// gets that analysis back without being read.
// - The status-change time moves on every write, rename, chmod or `touch` and no program can set it:
//   a file edited and its times put back is still read again.
// - A file changed within RACY_MS of the run that read it is not kept: on a filesystem with coarse
//   times, a second change in the same tick would leave its identity as it was ("racily clean", as git
//   calls it).
// - A symbolic link has an identity of its own (lstat), unlike the file the scan read through it: it is
//   always read again (and checked against its root again).
// What is kept is what the run's report holds, redacted as a report is: findings (rule, place, redacted
// preview, fingerprint: scrypt for a low-entropy secret, the scheme meant to be stored), references by
// name, certificate facts. Never a secret value, never a file's text: ownership sources, whose analysis carries their
// text, are not kept, nor a file a custom rule ran out of time on. One file per scanned folder and
// settings (a command line and a language server over the same folder ask for different analyses, and
// each keeps its own) in a private folder (the CLI's starter's, the extension's global storage; one others can write is
// refused), written whole, then renamed; anything unreadable in it only means the files are read again.
// It is read and written asynchronously: its size grows with the workspace, and an editor's or a
// language server's thread must not wait on it.
import { promises as fsp } from 'node:fs'; // loaded when first used: a scan that keeps nothing (`--staged`) never loads it
import * as path from 'node:path';
import { readBounded } from '../files/bounded';
import { nodeCrypto } from '../node-crypto';
import { redactDeep } from '../scan/redact-text';
import { identityKey, lstatQuietly, sameFile, type FileResult, type FileTask } from './file';

/** A file changed this recently (ms) before the run that read it is not kept. */
export const RACY_MS = 3000;
/** Cache files kept in the folder (one per scanned folder and settings): the least recently written go first. */
const MAX_FILES = 64;
/** Files kept per scanned folder. */
const MAX_ENTRIES = 250_000;
/** A cache file larger than this is not read. */
const MAX_BYTES = 256 * 1024 * 1024;
const FORMAT = 1;

interface Entry {
  id: readonly number[];
  /** The analysis as JSON (without its path and identity): parsed only when the file is unchanged. */
  raw: string;
}

/** The build that makes results, and its private folder: `folder(false)` only if it exists, `folder(true)` made if need be; undefined when there is none to trust. */
export interface ResultsFolder {
  build: string;
  folder(create: boolean): string | undefined;
}

export interface ResultsCacheStats {
  /** Files answered from the cache. */
  hits: number;
  /** Analyses kept for the next run. */
  kept: number;
}

export class ResultsCache {
  private entries = new Map<string, Entry>();
  /** The settings' key this run scans under (`under`), and the file of the scans of this folder under it. */
  private key = '';
  private name = '';
  private dirty = false;
  private readonly seen = new Set<string>();
  readonly stats: ResultsCacheStats = { hits: 0, kept: 0 };

  /**
   * Where a kept analysis is checked against the file (its `lstat`): `this-thread` (a command line,
   * which may block: `lookup`), or `workers` (an editor or a language server, whose own thread never
   * waits on the file system: `candidate`, then `take` when the worker found the file unchanged).
   */
  readonly checkIn: 'this-thread' | 'workers';

  private constructor(private readonly base: string, private readonly folder: ResultsFolder['folder'], private readonly build: string, private readonly now: number, checkIn: 'this-thread' | 'workers') {
    this.checkIn = checkIn;
  }

  /**
   * The cache of the scans of `base` in a private folder (`dir`, or the one `folder` gives: made only
   * when there is something to keep), for code of `build` (the bundles' hashes and Node's version).
   * `now`: when the run started (files changed within RACY_MS of it are not kept).
   */
  static open(o: { base: string; build: string; now?: number; checkIn?: ResultsCache['checkIn'] } & ({ dir: string } | { folder: ResultsFolder['folder'] })): ResultsCache {
    const base = nodeCrypto().createHash('sha256').update(path.resolve(o.base)).digest('hex').slice(0, 32);
    const folder = 'dir' in o ? () => o.dir : o.folder;
    return new ResultsCache(base, folder, o.build, o.now ?? Date.now(), o.checkIn ?? 'this-thread');
  }

  /**
   * The cache for a scan under `settings` (everything besides a file's bytes that its analysis depends
   * on: rules, salt, analysis options, size limit): what was kept under them is read.
   */
  async under(settings: unknown): Promise<this> {
    this.key = nodeCrypto().createHash('sha256').update(`${FORMAT}\0${this.build}\0${JSON.stringify(settings)}`).digest('hex');
    this.name = `${this.base}-${this.key.slice(0, 16)}.jsonl`;
    this.entries = new Map();
    await this.load();
    return this;
  }

  /** The kept analysis of `task`'s file if the file is the one it was made of (an `lstat` here); else undefined. */
  lookup(task: FileTask): FileResult | undefined {
    const id = this.candidate(task);
    if (!id) return undefined;
    if (!sameFile(lstatQuietly(task.abs!), id)) {
      this.drop(task.rel);
      return undefined;
    }
    return this.take(task.rel);
  }

  /** The identity `task`'s file had when its kept analysis was made, for a worker to compare (`sameFile`); undefined when nothing is kept. */
  candidate(task: FileTask): readonly number[] | undefined {
    if (task.abs === undefined || task.content !== undefined || !this.key) return undefined;
    this.seen.add(task.rel);
    return this.entries.get(task.rel)?.id;
  }

  /** The kept analysis of `rel`, whose file was found unchanged; undefined if it cannot be read back (the file must be read). */
  take(rel: string): FileResult | undefined {
    const entry = this.entries.get(rel);
    if (!entry) return undefined;
    let result: FileResult;
    try {
      result = JSON.parse(entry.raw) as FileResult;
      if (!Array.isArray(result?.findings)) throw new Error('no findings');
    } catch {
      this.drop(rel);
      return undefined;
    }
    result.path = rel;
    this.stats.hits++;
    return result;
  }

  /** Forgets what was kept of `rel` (its file changed). */
  drop(rel: string): void {
    if (this.entries.delete(rel)) this.dirty = true;
  }

  /** Keeps `r` for the next run when it can be: it says which file it was made of, and carries no text. */
  keep(r: FileResult): void {
    const i = r.identity;
    if (!i || !this.key || r.source || r.timedOut || r.skipped?.reason === 'rule-timeout') return;
    if (this.now - i.mtimeMs < RACY_MS || this.now - i.ctimeMs < RACY_MS) return;
    const { identity: _identity, path: _path, ...rest } = r;
    // Redacted as every report is: a name taken from code that is itself a secret is never written.
    this.entries.set(r.path, { id: identityKey(i), raw: JSON.stringify(redactDeep(rest)) });
    this.seen.add(r.path);
    this.stats.kept++;
    this.dirty = true;
  }

  /** Writes what changed (whole, then renamed), and removes the folder's least recent caches beyond MAX_FILES. */
  async save(): Promise<void> {
    if (!this.dirty || !this.key) return;
    const lines = [JSON.stringify({ format: FORMAT, key: this.key })];
    // The files this run looked at first; others (a folder scanned on its own, files since deleted) as room allows.
    const order = [...this.seen].filter((rel) => this.entries.has(rel));
    for (const rel of this.entries.keys()) if (!this.seen.has(rel)) order.push(rel);
    for (const rel of order.slice(0, MAX_ENTRIES)) {
      const e = this.entries.get(rel)!;
      lines.push(`${JSON.stringify([rel, ...e.id])}\t${e.raw}`);
    }
    const dir = this.folder(true);
    if (dir === undefined) return;
    const file = path.join(dir, this.name);
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      await fsp.writeFile(tmp, lines.join('\n') + '\n', { mode: 0o600, flag: 'wx' });
      await fsp.rename(tmp, file);
      this.dirty = false;
    } catch {
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
      return;
    }
    await prune(dir);
  }

  private async load(): Promise<void> {
    const dir = this.folder(false);
    if (dir === undefined) return;
    const read = await readBounded(path.join(dir, this.name), { maxBytes: MAX_BYTES, ours: true });
    if (!read.ok) return;
    const lines = read.bytes.toString('utf8').split('\n');
    let header: { format?: unknown; key?: unknown };
    try {
      header = JSON.parse(lines[0]) as typeof header;
    } catch {
      return;
    }
    if (header?.format !== FORMAT || header.key !== this.key) return;
    const entries = new Map<string, Entry>();
    for (let n = 1; n < lines.length; n++) {
      const line = lines[n];
      const tab = line.indexOf('\t');
      if (tab < 0) continue;
      let head: unknown;
      try {
        head = JSON.parse(line.slice(0, tab));
      } catch {
        continue;
      }
      if (!Array.isArray(head) || head.length !== 6 || typeof head[0] !== 'string' || !head.slice(1).every((v) => typeof v === 'number')) continue;
      entries.set(head[0], { id: head.slice(1) as number[], raw: line.slice(tab + 1) });
    }
    this.entries = entries;
  }
}

/** Removes the least recently written cache files beyond MAX_FILES, and temporary files a crash left an hour ago. */
async function prune(dir: string): Promise<void> {
  try {
    const files = await Promise.all((await fsp.readdir(dir)).map(async (f) => {
      const file = path.join(dir, f);
      return { file, tmp: f.endsWith('.tmp'), at: (await fsp.stat(file).catch(() => undefined))?.mtimeMs ?? 0 };
    }));
    const caches = files.filter((f) => f.file.endsWith('.jsonl')).sort((a, b) => b.at - a.at);
    for (const f of caches.slice(MAX_FILES)) await fsp.rm(f.file, { force: true });
    for (const f of files) if (f.tmp && Date.now() - f.at > 3_600_000) await fsp.rm(f.file, { force: true });
  } catch {
    // Pruning is best effort: the next save tries again.
  }
}
