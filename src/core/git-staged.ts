// What is staged in an ordinary repository, read from git's own files instead of asking
// `git diff --cached --raw`: the index, HEAD (through its refs) and HEAD's trees. A pre-commit hook runs
// on every commit, and starting git costs it about 15 ms, so this answers in-process when the repository
// is plain (one work tree, SHA-1, no alternates, no replace refs, an index with nothing mandatory that
// we do not read, at most 10,000 files: past that git is faster), and says undefined for anything else:
// the caller then asks git, which is only slower. The index's cache-tree (TREE extension) names the tree
// of each folder that has not changed since it was last written; a folder whose tree is HEAD's is
// skipped unread, so a repository with one changed file reads a few trees. This runs before the rest
// of the command line is compiled: plain loops, no libraries, and no node:crypto (the index's checksum
// is not verified; its structure is).
import { closeSync, lstatSync, readSync } from 'node:fs';
import * as path from 'node:path';
import { openRegularSync, readBoundedSync } from './files/bounded';
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

/**
 * Most tree objects read for one answer. A tree costs 0.1 to 0.2 ms here (found, read, inflated,
 * parsed, cold code): 100 are about what starting git costs. A commit that
 * changes a few folders reads a few; more are read when the cache-tree is missing (an index written by
 * another tool) or was invalidated wholesale (`git reset` after many changes leaves it so), and then
 * git is asked.
 */
const MAX_TREES = 100;
/** The largest index read: 10,000 entries and the optional extensions take 1 to 2 MiB. */
const MAX_INDEX = 4 << 20;
/** The largest tree or commit read. */
const MAX_TREE = 16 << 20;
/**
 * Most index entries read here. Each costs about 0.3 µs even when only stepped over (this code runs
 * cold), and the index itself must be read: past about 10,000 files git, which reads the index in C
 * on the other core while the program loads, is the faster of the two (20,000 files: about 30 ms here
 * against 15 ms of starting git).
 */
const MAX_ENTRIES = 10_000;
/** Version 4 names are built in order, each from the one before (a string each): fewer are worth it. */
const MAX_V4_ENTRIES = 5_000;
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
  version: number;
  /** Entries (intent-to-add ones included: they keep their place in the order). */
  count: number;
  /** Where each entry starts in `buf` (its mode is at +24, its id at +40, its flags at +60). */
  starts: Int32Array;
  /** Version 4: every name, read in order (each is the previous one's start and a suffix). */
  names?: string[];
  tree?: CacheTree;
}

/**
 * The index's cache-tree, as flat arrays (one object per folder would cost a large index's start-up a
 * garbage collection or two): node k's name is at nameAt[k]..nameEnd[k] in the index, its entry count
 * is counts[k] (-1: not valid), its tree id is at ids[k], and the node after its subfolders is next[k].
 * Node 0 is the top. A node's subfolders are looked up by name only for the folders the comparison visits.
 */
class CacheTree {
  private readonly children = new Map<number, Map<string, number>>();

  constructor(
    private readonly buf: Buffer,
    private readonly nameAt: Int32Array,
    private readonly nameEnd: Int32Array,
    readonly counts: Int32Array,
    readonly ids: Int32Array,
    private readonly next: Int32Array,
    /** Nodes read (the arrays are allocated for the most there could be). */
    private readonly size: number,
  ) {}

  /** Folders whose tree is not known (each one the comparison reaches costs a tree read). */
  invalid(): number {
    let n = 0;
    for (let k = 0; k < this.counts.length && k < this.size; k++) if (this.counts[k] < 0) n++;
    return n;
  }

  /** Node k's subfolder `name`, or -1 (none, or named twice). */
  child(k: number, name: string): number {
    let byName = this.children.get(k);
    if (!byName) {
      byName = new Map();
      for (let c = k + 1; c < this.next[k]; c = this.next[c]) {
        const n = this.buf.toString('latin1', this.nameAt[c], this.nameEnd[c]);
        byName.set(n, byName.has(n) ? -1 : c);
      }
      this.children.set(k, byName);
    }
    return byName.get(name) ?? -1;
  }
}

/** A 4-byte big-endian number at `at` (bounds are checked before). */
const u32 = (b: Buffer, at: number) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;

/**
 * The index's layout, or undefined when it is not one we read: versions 2 to 4, every entry within the
 * file, no extension marked mandatory (split index `link`, sparse index `sdir`). This runs interpreted
 * on every commit, and a large index has tens of thousands of entries: here each entry is only
 * stepped over (versions 2 and 3), and what it holds (stage, mode, flags, name) is read and checked
 * only for the entries the comparison visits. The others are in folders the cache-tree says are
 * unchanged: git would not have marked a folder valid with a conflict or an intent-to-add entry in it.
 */
function parseIndex(buf: Buffer): Index | undefined {
  if (buf.length < 12 + 20 || u32(buf, 0) !== 0x44495243) return undefined; // DIRC
  const version = u32(buf, 4);
  const count = u32(buf, 8);
  const end = buf.length - 20;
  if (version < 2 || version > 4 || count > (end - 12) / 62 || count > (version === 4 ? MAX_V4_ENTRIES : MAX_ENTRIES)) return undefined;
  const starts = new Int32Array(count);
  let names: string[] | undefined;
  let at = 12;
  if (version === 4) {
    names = [];
    let previous = '';
    for (let n = 0; n < count; n++) {
      if (at + 62 > end) return undefined;
      starts[n] = at;
      // The name is the previous one less its last `strip` bytes, plus a NUL-terminated suffix.
      let i = at + (buf[at + 60] & 0x40 ? 64 : 62);
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
      previous = previous.slice(0, previous.length - strip) + buf.toString('latin1', i, nul);
      names.push(previous);
      at = nul + 1;
    }
  } else {
    for (let n = 0; n < count; n++) {
      if (at + 64 > end) return undefined;
      starts[n] = at;
      const f = buf[at + 60];
      let length = ((f & 15) << 8) | buf[at + 61];
      const fixed = f & 0x40 ? 64 : 62;
      if (length === 0xfff) { // a long name: its length is where its NUL is
        const nul = buf.indexOf(0, at + fixed + 0xfff);
        if (nul < 0) return undefined;
        length = nul - at - fixed;
      }
      // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
      at += (fixed + length + 8) & ~7;
    }
  }
  if (at > end) return undefined;
  let tree: CacheTree | undefined;
  while (at < end) {
    if (at + 8 > end) return undefined;
    const signature = buf[at];
    const size = u32(buf, at + 4);
    if (size > end - at - 8) return undefined;
    if (signature < 0x41 || signature > 0x5a) return undefined; // mandatory: we would misread the index without it
    if (u32(buf, at) === 0x54524545) { // TREE
      tree = parseCacheTree(buf, at + 8, at + 8 + size);
      if (!tree) return undefined;
    }
    at += 8 + size;
  }
  return { buf, version, count, starts, names, tree };
}

/**
 * Entry `i`'s mode when it is a plain staged file (0 for an intent-to-add entry, which `git diff --cached`
 * does not list), or undefined for what git must be asked about: a conflict (stage 1 to 3), flags git
 * does not know, a sparse folder (040000) or any other mode.
 */
function modeOf(index: Index, i: number): number | undefined {
  const { buf } = index;
  const at = index.starts[i];
  const flags = (buf[at + 60] << 8) | buf[at + 61];
  if (flags & 0x3000) return undefined;
  let intentToAdd = false;
  if (flags & 0x4000) {
    if (index.version < 3) return undefined;
    const extended = (buf[at + 62] << 8) | buf[at + 63];
    if (extended & ~0x6000) return undefined; // bits git does not know either
    intentToAdd = (extended & 0x2000) !== 0;
  }
  const mode = u32(buf, at + 24);
  if (mode !== REG && mode !== EXE && mode !== LINK && mode !== GITLINK) return undefined;
  return intentToAdd ? 0 : mode;
}

/** Entry `i`'s name (Latin-1: one character a byte, so `<` compares as git does). */
function nameOf(index: Index, i: number): string {
  if (index.names) return index.names[i];
  const { buf } = index;
  const at = index.starts[i];
  const from = at + (buf[at + 60] & 0x40 ? 64 : 62);
  const length = ((buf[at + 60] & 15) << 8) | buf[at + 61];
  return buf.toString('latin1', from, length < 0xfff ? from + length : buf.indexOf(0, from + 0xfff));
}

/** A decimal number of at most 9 digits, or -1 (`-1` itself, too); NaN when it is neither. */
function decimal(buf: Buffer, from: number, to: number): number {
  if (to - from === 2 && buf[from] === 0x2d && buf[from + 1] === 0x31) return -1;
  if (to <= from || to - from > 9) return NaN;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i] - 0x30;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/**
 * The cache-tree: each folder as `<name>\0<entries> <subfolders>\n` and, when valid (entries >= 0), its
 * tree's 20-byte id, followed by its subfolders, depth first. Undefined when it does not parse.
 */
function parseCacheTree(buf: Buffer, from: number, to: number): CacheTree | undefined {
  // The smallest node is `\0-1 0\n`: at most this many.
  const most = Math.floor((to - from) / 6) + 1;
  const nameAt = new Int32Array(most);
  const nameEnd = new Int32Array(most);
  const counts = new Int32Array(most);
  const ids = new Int32Array(most);
  const next = new Int32Array(most);
  // The folders being read: each one's node and how many subfolders it still has to read.
  const stackNode = new Int32Array(MAX_DEPTH + 1);
  const stackLeft = new Int32Array(MAX_DEPTH + 1);
  let depth = 0;
  let n = 0;
  let at = from;
  while (at < to) {
    const nul = buf.indexOf(0, at);
    const space = nul < 0 ? -1 : buf.indexOf(0x20, nul);
    const eol = space < 0 ? -1 : buf.indexOf(10, space);
    if (nul < 0 || space < 0 || eol < 0 || eol >= to || n >= most) return undefined;
    const count = decimal(buf, nul + 1, space);
    const subtrees = decimal(buf, space + 1, eol);
    if (!(count >= -1) || !(subtrees >= 0)) return undefined;
    if (n === 0 ? nul !== at : depth === 0 || nul === at) return undefined; // one top, with an empty name; the others named
    if (n > 0) stackLeft[depth - 1]--;
    nameAt[n] = at;
    nameEnd[n] = nul;
    counts[n] = count;
    ids[n] = eol + 1;
    at = eol + 1 + (count >= 0 ? 20 : 0);
    if (at > to || depth > MAX_DEPTH) return undefined;
    stackNode[depth] = n;
    stackLeft[depth] = subtrees;
    depth++;
    n++;
    while (depth > 0 && stackLeft[depth - 1] === 0) next[stackNode[--depth]] = n;
  }
  return n > 0 && depth === 0 ? new CacheTree(buf, nameAt, nameEnd, counts, ids, next, n) : undefined;
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
      // Tens of thousands of tags take a few MiB; more are asked of git.
      const r = readBoundedSync(path.join(this.gitDir, 'packed-refs'), { maxBytes: 8 << 20, ours: true });
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

/** The entry count in an index's header (a regular file's; a FIFO is not waited on), or undefined. */
function indexEntries(file: string): number | undefined {
  let fd: number;
  try {
    fd = openRegularSync(file).fd;
  } catch {
    return undefined; // a new repository has none, and anything but a file is git's to judge
  }
  try {
    const head = Buffer.alloc(12);
    return readSync(fd, head, 0, 12, 0) === 12 ? u32(head, 8) : undefined;
  } finally {
    closeSync(fd);
  }
}

/** Whether `file` exists (anything at all there; other errors throw). Not there is the usual answer: no exception is made for it. */
function exists(file: string): boolean {
  return lstatSync(file, { throwIfNoEntry: false }) !== undefined;
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
  objects?: ObjectStore,
): StagedEntry[] | undefined {
  if (!repo || REDIRECTED.some((k) => env[k] !== undefined)) return undefined;
  // The caller's store, when it reads the blobs next (its packs are opened once); else one of our own.
  const store = objects ?? new ObjectStore(repo.objects);
  try {
    return staged(top, env, repo, store);
  } catch {
    return undefined; // a file that is not what it should be: git says what it means
  } finally {
    if (!objects) store.close();
  }
}

function staged(top: string, env: NodeJS.ProcessEnv, repo: PlainRepository, store: ObjectStore): StagedEntry[] | undefined {
  // A format version other than 0, or any extension (SHA-256, reftable, partial clone, per-worktree
  // config), or a bare repository with a work tree: git knows what they mean.
  const version = /^[ \t]*repositoryformatversion[ \t]*=[ \t]*(\S*)/im.exec(repo.config);
  if ((version && version[1] !== '0') || /^[ \t]*\[[ \t]*extensions\b/im.test(repo.config)) return undefined;
  const bare = /^[ \t]*bare[ \t]*=[ \t]*(\S*)/im.exec(repo.config);
  if (bare && !/^(?:false|no|off|0)$/i.test(bare[1])) return undefined;
  // Objects stored elsewhere, replaced objects, or a `.git` that shares another's.
  if (exists(path.join(repo.objects, 'info', 'alternates')) || exists(path.join(repo.gitDir, 'refs', 'replace'))) return undefined;
  if (exists(path.join(repo.gitDir, 'commondir'))) return undefined;

  // An index of too many entries is refused by its header, before the rest is read.
  const indexFile = env.GIT_INDEX_FILE ? path.resolve(top, env.GIT_INDEX_FILE) : path.join(repo.gitDir, 'index');
  const entries = indexEntries(indexFile);
  if (entries === undefined || entries > MAX_ENTRIES) return undefined;
  const read = readBoundedSync(indexFile, { maxBytes: MAX_INDEX, ours: true });
  if (!read.ok) return undefined; // a new repository has none: git says whether it is one
  const index = parseIndex(read.bytes);
  // With more folders of unknown trees than we would read, git is asked at once.
  if (!index || (index.tree && index.tree.invalid() > MAX_TREES)) return undefined;

  const refs = new Refs(repo.gitDir);
  const packed = refs.packedRefs();
  if (packed === undefined || packed.includes(' refs/replace/')) return undefined;

  const head = refs.head();
  if (head === undefined) return undefined;
  let treeId: Buffer | undefined;
  if (head !== null) {
    const commit = store.read(head, MAX_TREE);
    const line = commit?.type === 'commit' ? /^tree ([0-9a-f]{40})\n/.exec(commit.body.toString('latin1', 0, 46)) : null;
    if (!line) return undefined;
    treeId = Buffer.from(line[1], 'hex');
  } else if (!exists(repo.objects) || !exists(path.join(repo.gitDir, 'refs'))) {
    return undefined;
  }

  const out: StagedEntry[] = [];
  let trees = 0;
  const { buf, starts } = index;
  const hex = (b: Buffer, at: number) => b.toString('hex', at, at + 20);
  // The name last read: a folder's first entry after the one before it is read twice (see below).
  let named = -1;
  let name = '';
  const pathOf = (i: number): string => {
    if (i !== named) {
      named = i;
      name = nameOf(index, i);
    }
    return name;
  };
  // The last entry compared: entries come in index order, which must be sorted (once each).
  let last = '';

  /**
   * Index entries [lo, hi), all under `prefix` (empty, or ending in `/`), against HEAD's tree there
   * (`tree` at `treeAt`, undefined when HEAD has no folder there), with the cache-tree's node for it
   * (`cache`, -1 when there is none). False when git must be asked.
   */
  const ct = index.tree;
  const walk = (prefix: string, lo: number, hi: number, cache: number, tree: Buffer | undefined, treeAt: number, depth: number): boolean => {
    if (tree && ct && cache >= 0 && ct.counts[cache] >= 0 && buf.compare(tree, treeAt, treeAt + 20, ct.ids[cache], ct.ids[cache] + 20) === 0) return true; // unchanged
    if (depth > MAX_DEPTH) return false;
    let entries: Map<string, TreeEntry> | undefined;
    if (tree) {
      if (++trees > MAX_TREES) return false;
      const o = store.read(hex(tree, treeAt), MAX_TREE);
      entries = o?.type === 'tree' ? parseTree(o.body) : undefined;
      if (!entries) return false;
    }
    // A name both a file and a folder here is no index git writes.
    const seen = new Set<string>();
    for (let i = lo; i < hi;) {
      const mode = modeOf(index, i);
      if (mode === undefined) return false;
      if (mode === 0) { // intent-to-add: not listed
        i++;
        continue;
      }
      const p = pathOf(i);
      if (!p.startsWith(prefix)) return false;
      const slash = p.indexOf('/', prefix.length);
      if (slash < 0) {
        const file = p.slice(prefix.length);
        if (p <= last || seen.has(file)) return false;
        last = p;
        seen.add(file);
        const had = entries?.get(file);
        const id = starts[i] + 40;
        if (!had || had.mode !== mode || buf.compare(had.body, had.id, had.id + 20, id, id + 20) !== 0) {
          // A path is listed only when it is one: no empty, `.` or `..` part.
          if (p.length > 4096 || /(?:^|\/)\.{0,2}(?:\/|$)/.test(p)) return false;
          out.push({ rel: Buffer.from(p, 'latin1').toString('utf8'), mode: mode.toString(8), id: hex(buf, id) });
        }
        i++;
        continue;
      }
      const folder = p.slice(prefix.length, slash);
      if (!folder || seen.has(folder)) return false;
      seen.add(folder);
      const inner = p.slice(0, slash + 1);
      const child = ct && cache >= 0 ? ct.child(cache, folder) : -1;
      let j = i + 1;
      if (ct && child >= 0 && ct.counts[child] > 0) {
        // A valid folder says how many entries it holds: the ones between are not read.
        j = i + ct.counts[child];
        // Its last entry and the next one are read to check that (the next one is read again as the next entry).
        if (j > hi || !pathOf(j - 1).startsWith(inner) || (j < hi && pathOf(j).startsWith(inner))) return false;
      } else {
        while (j < hi && pathOf(j).startsWith(inner)) j++;
      }
      const had = entries?.get(folder);
      const sub = had?.mode === DIR ? had : undefined;
      if (!walk(inner, i, j, child, sub?.body, sub?.id ?? 0, depth + 1)) return false;
      i = j;
    }
    return true;
  };
  return walk('', 0, index.count, ct ? 0 : -1, treeId, 0, 0) ? out : undefined;
}
