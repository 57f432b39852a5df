// What is staged in an ordinary repository, read from git's own files instead of asking
// `git diff --cached --raw`: the index, HEAD (through its refs) and HEAD's trees. A pre-commit hook runs
// on every commit, and starting git costs it about 15 ms, so this answers in-process when the repository
// is plain (one work tree, SHA-1, no alternates, no replace refs, an index with nothing mandatory that
// we do not read), and says undefined for anything else: the caller then asks git, which is only
// slower. The index's cache-tree (TREE extension) names the tree of each folder that has not changed
// since it was last written; a folder whose tree is HEAD's is skipped unread, so a large repository with
// one changed file reads a few trees. This runs before the rest of the command line is compiled: plain
// loops, no libraries, and no node:crypto (the index's checksum is not verified; its structure is).
import { lstatSync } from 'node:fs';
import * as path from 'node:path';
import { readBoundedSync } from './files/bounded';
import { ObjectStore } from './git-store';

/** One staged file as `git diff --cached --raw` reports it: path from the top, the index's mode and blob id. */
export interface StagedEntry {
  rel: string;
  mode: string;
  id: string;
}

/** Variables with which git finds the repository, its work tree or its objects somewhere else than `.git`. */
const MOVED = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY'];
/** Variables that change which objects git reads (more of them, or replaced ones), or whose refs. */
const REDIRECTED = ['GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_NO_REPLACE_OBJECTS', 'GIT_REPLACE_REF_BASE', 'GIT_NAMESPACE'];

export interface PlainRepository {
  gitDir: string;
  objects: string;
  /** The text of `.git/config`. */
  config: string;
}

/**
 * The `.git` folder of an ordinary repository whose work tree's top is `top` (where git runs a hook),
 * or undefined when git must say where things are: a variable moves them, `.git` is a file (a linked
 * work tree, a submodule) or not there, or the config could name another work tree (core.worktree, an include).
 */
export function plainRepository(top: string, env: NodeJS.ProcessEnv = process.env): PlainRepository | undefined {
  if (MOVED.some((k) => env[k] !== undefined)) return undefined;
  const gitDir = path.join(top, '.git');
  const config = readBoundedSync(path.join(gitDir, 'config'), { maxBytes: 64 << 10, ours: true });
  if (!config.ok) return undefined;
  const text = config.bytes.toString('latin1');
  if (/worktree|include/i.test(text)) return undefined;
  return { gitDir, objects: path.join(gitDir, 'objects'), config: text };
}

/** The objects folder of plainRepository(). */
export function plainObjects(top: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return plainRepository(top, env)?.objects;
}

/** Most tree objects read for one answer; a change touching more folders is asked of git. */
const MAX_TREES = 2000;
/** The largest index read (a million files is about 100 MiB). */
const MAX_INDEX = 256 << 20;
/** The largest tree or commit read. */
const MAX_TREE = 16 << 20;
/** Folders deeper than this are asked of git. */
const MAX_DEPTH = 1000;

const REG = 0o100644;
const EXE = 0o100755;
const LINK = 0o120000;
const GITLINK = 0o160000;
const DIR = 0o040000;

/** A mode as git compares it (a tree may hold old or odd ones: 100664, a bare 40000). */
function canonical(mode: number): number {
  switch (mode & 0o170000) {
    case 0o100000: return mode & 0o100 ? EXE : REG;
    case LINK: return LINK;
    case DIR: return DIR;
    default: return GITLINK;
  }
}

interface Index {
  buf: Buffer;
  /** Paths as Latin-1 (one character a byte, so `<` compares as git does), in index order. */
  paths: string[];
  modes: number[];
  /** Where each entry's id is in `buf`. */
  ids: number[];
  tree?: CacheTree;
}

/** A folder of the index's cache-tree: its tree's id (at `id` in the index) when valid. */
interface CacheTree {
  id: number | undefined;
  children: Map<string, CacheTree>;
}

/** A 4-byte big-endian number at `at` (Buffer's reader throws past the end; bounds are checked before). */
const u32 = (b: Buffer, at: number) => b.readUInt32BE(at);

/**
 * The index, or undefined when it holds anything but plain staged files in a shape we read: versions
 * 2 to 4, stage 0 only, no extension marked mandatory (split index `link`, sparse index `sdir`).
 * Intent-to-add entries (`git add -N`) are left out, as `git diff --cached` leaves them out.
 */
function parseIndex(buf: Buffer): Index | undefined {
  if (buf.length < 12 + 20 || buf.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = u32(buf, 4);
  const count = u32(buf, 8);
  const end = buf.length - 20;
  if (version < 2 || version > 4 || count > (end - 12) / 62) return undefined;
  const paths: string[] = [];
  const modes: number[] = [];
  const ids: number[] = [];
  let at = 12;
  let previous = '';
  for (let n = 0; n < count; n++) {
    const start = at;
    if (at + 62 > end) return undefined;
    const mode = u32(buf, at + 24);
    const flags = buf.readUInt16BE(at + 60);
    let fixed = 62;
    let intentToAdd = false;
    if (flags & 0x4000) {
      if (version < 3 || at + 64 > end) return undefined;
      const extended = buf.readUInt16BE(at + 62);
      if (extended & ~0x6000) return undefined; // bits git does not know either
      intentToAdd = (extended & 0x2000) !== 0;
      fixed = 64;
    }
    if ((flags >> 12) & 3) return undefined; // a conflict: git says what it means
    if (mode !== REG && mode !== EXE && mode !== LINK && mode !== GITLINK) return undefined; // a sparse folder, or damage
    const nameAt = at + fixed;
    let name: string;
    if (version === 4) {
      // The name is the previous one less its last `strip` bytes, plus a NUL-terminated suffix.
      let i = nameAt;
      if (i >= end) return undefined;
      let c = buf[i++];
      let strip = c & 0x7f;
      while (c & 0x80) {
        if (i >= end || strip > 1 << 24) return undefined;
        c = buf[i++];
        strip = (strip + 1) * 128 + (c & 0x7f);
      }
      const nul = buf.indexOf(0, i);
      if (strip > previous.length || nul < 0 || nul >= end) return undefined;
      name = previous.slice(0, previous.length - strip) + buf.toString('latin1', i, nul);
      at = nul + 1;
    } else {
      const length = flags & 0xfff;
      const nul = length < 0xfff ? nameAt + length : buf.indexOf(0, nameAt + 0xfff);
      if (nul < 0 || nul >= end || buf[nul] !== 0) return undefined;
      name = buf.toString('latin1', nameAt, nul);
      // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
      at += (fixed + (nul - nameAt) + 8) & ~7;
    }
    // Sorted, once each, and a path: no empty, `.` or `..` part.
    if (name <= previous || !name || name.length > 4096 || /(?:^|\/)\.{0,2}(?:\/|$)/.test(name)) return undefined;
    previous = name;
    if (intentToAdd) continue;
    paths.push(name);
    modes.push(mode);
    ids.push(start + 40);
  }
  if (at > end) return undefined;
  let tree: CacheTree | undefined;
  while (at < end) {
    if (at + 8 > end) return undefined;
    const signature = buf[at];
    const size = u32(buf, at + 4);
    if (size > end - at - 8) return undefined;
    if (signature < 0x41 || signature > 0x5a) return undefined; // mandatory: we would misread the index without it
    if (buf.toString('latin1', at, at + 4) === 'TREE') {
      tree = parseCacheTree(buf, at + 8, at + 8 + size);
      if (!tree) return undefined;
    }
    at += 8 + size;
  }
  return { buf, paths, modes, ids, tree };
}

/**
 * The cache-tree: each folder as `<name>\0<entries> <subfolders>\n` and, when valid (entries >= 0), its
 * tree's 20-byte id, followed by its subfolders, depth first. Undefined when it does not parse.
 */
function parseCacheTree(buf: Buffer, from: number, to: number): CacheTree | undefined {
  const root: CacheTree = { id: undefined, children: new Map() };
  // Each pending folder: the node to fill and how many subfolders it still has to read.
  const stack: Array<{ node: CacheTree; left: number }> = [];
  let at = from;
  let first = true;
  while (at < to) {
    const nul = buf.indexOf(0, at);
    const eol = nul < 0 ? -1 : buf.indexOf(10, nul);
    if (nul < 0 || eol < 0 || eol >= to) return undefined;
    const name = buf.toString('latin1', at, nul);
    const counts = /^(-1|\d{1,9}) (\d{1,9})$/.exec(buf.toString('latin1', nul + 1, eol));
    if (!counts) return undefined;
    at = eol + 1;
    let id: number | undefined;
    if (counts[1] !== '-1') {
      if (at + 20 > to) return undefined;
      id = at;
      at += 20;
    }
    const node: CacheTree = first ? root : { id, children: new Map() };
    if (first) {
      if (name !== '') return undefined;
      root.id = id;
      first = false;
    } else {
      const parent = stack[stack.length - 1];
      if (!parent || !name || name.includes('/') || parent.node.children.has(name)) return undefined;
      parent.node.children.set(name, node);
      parent.left--;
    }
    stack.push({ node, left: Number(counts[2]) });
    if (stack.length > MAX_DEPTH) return undefined;
    while (stack.length && stack[stack.length - 1].left === 0) stack.pop();
  }
  return !first && stack.length === 0 && at === to ? root : undefined;
}

/** One entry of a tree: canonical mode and where its id is in the tree's body. */
interface TreeEntry {
  mode: number;
  body: Buffer;
  id: number;
}

/** A tree's entries by name (Latin-1), or undefined when it is not a well-formed tree (sorted, once each). */
function parseTree(body: Buffer): Map<string, TreeEntry> | undefined {
  const entries = new Map<string, TreeEntry>();
  let at = 0;
  let previous = '';
  while (at < body.length) {
    let mode = 0;
    let i = at;
    for (; i < body.length && i - at < 7; i++) {
      const c = body[i];
      if (c === 0x20) break;
      if (c < 0x30 || c > 0x37) return undefined;
      mode = mode * 8 + (c - 0x30);
    }
    if (i === at || body[i] !== 0x20) return undefined;
    const nul = body.indexOf(0, i + 1);
    if (nul < 0 || nul === i + 1 || nul + 21 > body.length) return undefined;
    const name = body.toString('latin1', i + 1, nul);
    const m = canonical(mode);
    // Git sorts a tree's entries as if each folder's name ended in `/`.
    const key = m === DIR ? `${name}/` : name;
    if (key <= previous || name.includes('/') || entries.has(name)) return undefined;
    previous = key;
    entries.set(name, { mode: m, body, id: nul + 1 });
    at = nul + 21;
  }
  return entries;
}

/** Reads refs: loose files under `.git`, else `packed-refs` (read once). */
class Refs {
  private packed: string | undefined;

  constructor(private readonly gitDir: string) {}

  /** `packed-refs`' text ('' when there is none), undefined when it cannot be read. */
  packedRefs(): string | undefined {
    if (this.packed === undefined) {
      const r = readBoundedSync(path.join(this.gitDir, 'packed-refs'), { maxBytes: 64 << 20, ours: true });
      if (r.ok) this.packed = r.bytes.toString('latin1');
      else if (r.code === 'ENOENT') this.packed = '';
      else return undefined;
    }
    return this.packed;
  }

  /**
   * What HEAD names: a commit id, null for an unborn branch, undefined when something is not as
   * expected. Symbolic refs are followed as git does, at most 5 deep.
   */
  head(): string | null | undefined {
    let name = 'HEAD';
    for (let depth = 0; depth < 6; depth++) {
      const file = readBoundedSync(path.join(this.gitDir, name), { maxBytes: 4096, ours: true });
      let text: string;
      if (file.ok) {
        text = file.bytes.toString('latin1').trim();
      } else if (file.code === 'ENOENT' && name !== 'HEAD') {
        const packed = this.packedRefs();
        if (packed === undefined) return undefined;
        const at = packed.indexOf(` ${name}\n`);
        if (at < 0) return packed.endsWith(` ${name}`) ? this.packedId(packed, packed.length - name.length - 1) : null;
        return this.packedId(packed, at);
      } else {
        return undefined;
      }
      if (/^[0-9a-f]{40}$/.test(text)) return text;
      const ref = /^ref:\s*(refs\/\S+)$/.exec(text);
      if (!ref || !validRefName(ref[1])) return undefined;
      name = ref[1];
    }
    return undefined; // deeper than git follows
  }

  /** The id before ` <name>` at `at` in packed-refs, which must start its line. */
  private packedId(packed: string, at: number): string | undefined {
    const id = packed.slice(at - 40, at);
    return at >= 40 && (at === 40 || packed[at - 41] === '\n') && /^[0-9a-f]{40}$/.test(id) ? id : undefined;
  }
}

/** A ref name git would accept, and that stays inside `.git/refs`. */
function validRefName(name: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what git refuses in a ref name
  return name.length < 1024 && !/[\x00-\x20~^:?*[\\\x7f]|\.\.|\/\/|\/\.|@\{|\.lock(?:\/|$)|[./]$/.test(name);
}

/** Whether `file` exists (anything at all there). */
function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/**
 * The staged changes of the repository whose work tree's top is `top`, as
 * `git diff --cached --raw -z --no-abbrev --no-renames --diff-filter=ACMRT` lists them (in index order;
 * deletions are not listed), or undefined when git should be asked. `GIT_INDEX_FILE` (the temporary
 * index of `git commit -a` or `git commit <path>`) is read when set; a relative one is taken from
 * `top`, where git runs the hook.
 */
export function stagedFromRepository(
  top: string, env: NodeJS.ProcessEnv = process.env, repo: PlainRepository | undefined = plainRepository(top, env),
): StagedEntry[] | undefined {
  if (!repo || REDIRECTED.some((k) => env[k] !== undefined)) return undefined;
  const store = new ObjectStore(repo.objects);
  try {
    return staged(top, env, repo, store);
  } catch {
    return undefined; // a file that is not what it should be: git says what it means
  } finally {
    store.close();
  }
}

function staged(top: string, env: NodeJS.ProcessEnv, repo: PlainRepository, store: ObjectStore): StagedEntry[] | undefined {
  // A format version other than 0, or any extension (SHA-256, reftable, partial clone, per-worktree
  // config), or a bare repository with a work tree: git knows what they mean.
  const version = /^[ \t]*repositoryformatversion[ \t]*=[ \t]*(\S*)/im.exec(repo.config);
  if ((version && version[1] !== '0') || /^\s*\[\s*extensions\b/im.test(repo.config)) return undefined;
  const bare = /^[ \t]*bare[ \t]*=[ \t]*(\S*)/im.exec(repo.config);
  if (bare && !/^(?:false|no|off|0)$/i.test(bare[1])) return undefined;
  // Objects stored elsewhere, replaced objects, or a `.git` that shares another's.
  if (exists(path.join(repo.objects, 'info', 'alternates')) || exists(path.join(repo.gitDir, 'refs', 'replace'))) return undefined;
  if (exists(path.join(repo.gitDir, 'commondir'))) return undefined;
  const refs = new Refs(repo.gitDir);
  const packed = refs.packedRefs();
  if (packed === undefined || packed.includes(' refs/replace/')) return undefined;

  const indexFile = env.GIT_INDEX_FILE ? path.resolve(top, env.GIT_INDEX_FILE) : path.join(repo.gitDir, 'index');
  const read = readBoundedSync(indexFile, { maxBytes: MAX_INDEX, ours: true });
  if (!read.ok) return undefined; // a new repository has none: git says whether it is one
  const index = parseIndex(read.bytes);
  if (!index) return undefined;

  const head = refs.head();
  if (head === undefined) return undefined;
  let treeId: Buffer | undefined;
  if (head !== null) {
    const commit = store.read(head, MAX_TREE);
    const line = commit?.type === 'commit' ? /^tree ([0-9a-f]{40})\n/.exec(commit.body.toString('latin1', 0, 46)) : null;
    if (!line) return undefined;
    treeId = Buffer.from(line[1], 'hex');
  } else if (!exists(path.join(repo.objects)) || !exists(path.join(repo.gitDir, 'refs'))) {
    return undefined;
  }

  const out: StagedEntry[] = [];
  let trees = 0;
  const hex = (b: Buffer, at: number) => b.toString('hex', at, at + 20);
  const rel = (latin1: string) => Buffer.from(latin1, 'latin1').toString('utf8');
  const changed = (i: number) => out.push({ rel: rel(index.paths[i]), mode: index.modes[i].toString(8), id: hex(index.buf, index.ids[i]) });

  /**
   * Index entries [lo, hi), all under `prefix` (empty, or ending in `/`), against HEAD's tree there
   * (`tree` at `treeAt`, undefined when HEAD has no folder there). False when git must be asked.
   */
  const walk = (prefix: string, lo: number, hi: number, cache: CacheTree | undefined, tree: Buffer | undefined, treeAt: number, depth: number): boolean => {
    if (tree && cache?.id !== undefined && index.buf.compare(tree, treeAt, treeAt + 20, cache.id, cache.id + 20) === 0) return true; // unchanged
    let entries: Map<string, TreeEntry> | undefined;
    if (tree) {
      if (++trees > MAX_TREES || depth > MAX_DEPTH) return false;
      const o = store.read(hex(tree, treeAt), MAX_TREE);
      entries = o?.type === 'tree' ? parseTree(o.body) : undefined;
      if (!entries) return false;
    }
    // A name both a file and a folder here is no index git writes.
    const seen = new Set<string>();
    for (let i = lo; i < hi;) {
      const p = index.paths[i];
      const slash = p.indexOf('/', prefix.length);
      if (slash < 0) {
        const name = p.slice(prefix.length);
        if (seen.has(name)) return false;
        seen.add(name);
        const had = entries?.get(name);
        if (!had || had.mode === DIR || had.mode !== index.modes[i] || index.buf.compare(had.body, had.id, had.id + 20, index.ids[i], index.ids[i] + 20) !== 0) changed(i);
        i++;
        continue;
      }
      const name = p.slice(prefix.length, slash);
      if (seen.has(name)) return false;
      seen.add(name);
      const inner = p.slice(0, slash + 1);
      let j = i + 1;
      while (j < hi && index.paths[j].startsWith(inner)) j++;
      const had = entries?.get(name);
      const sub = had?.mode === DIR ? had : undefined;
      if (!walk(inner, i, j, cache?.children.get(name), sub?.body, sub?.id ?? 0, depth + 1)) return false;
      i = j;
    }
    return true;
  };
  return walk('', 0, index.paths.length, index.tree, treeId, 0, 0) ? out : undefined;
}
