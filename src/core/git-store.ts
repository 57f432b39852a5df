// A bounded, read-only reader of a git repository's object store, so that `scan --staged` can read the
// index's blobs and HEAD's trees without starting git (a process costs a pre-commit hook about 15 ms).
// It reads loose objects (a zlib stream of `<type> <size>\0<body>`) and packs (`pack-*.idx` version 2
// and the `.pack` entries, deltas included), a piece at a time at known offsets: a pack is never read
// whole. The repository may be hostile (it can arrive as a zip): every size, offset and length is
// checked, delta chains have a depth and a byte budget, and anything inconsistent, too large or not
// understood is undefined (never a throw, never an unbounded read), and the caller asks git instead.
import { closeSync, lstatSync, readdirSync, readSync } from 'node:fs';
import * as path from 'node:path';
import { openRegularSync, readBoundedSync } from './files/bounded';
import { HEADER_MAX, inflateExact, inflateLoose, type ObjectType } from './git-inflate';

export type { ObjectType } from './git-inflate';

export interface GitObject {
  type: ObjectType;
  body: Buffer;
}

/** Most links of a delta chain followed (git's own chains are 50 deep by default, at most 4,095). */
const MAX_DEPTH = 1000;
/** Most packs looked at: more means a repository git should be asked about. */
const MAX_PACKS = 256;
/** Bases kept while resolving deltas (trees of one commit share their bases). */
const CACHE_BYTES = 16 << 20;
/** The largest delta base or intermediate result, whatever the object asked for (a blob's base can be larger than it). */
const MIN_CHAIN_LIMIT = 4 << 20;

const TYPES: Record<number, ObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
const OFS_DELTA = 6;
const REF_DELTA = 7;

/**
 * The most bytes deflate can make of `n` bytes (zlib's deflateBound, with its header and check): a
 * stream longer than that was not written by zlib, and is left to git.
 */
function deflateBound(n: number): number {
  return n + Math.floor(n / 4096) + Math.floor(n / 16384) + Math.floor(n / (1 << 25)) + 64;
}

interface Pack {
  idx: number;
  /** Objects in the pack. */
  count: number;
  fanout: Buffer;
  idxSize: number;
  packFile: string;
  /** The pack itself, opened when an object is first found in its index. */
  pack?: number;
  /** Where the pack's entries end (its trailing checksum starts). */
  packEnd: number;
}

/** Objects read while resolving a chain: `pack#offset` -> object. */
type Cache = Map<string, GitObject>;

/**
 * One repository's objects folder, read on demand. The packs are opened the first time an object is
 * not loose; close() closes them (the caller does, in a finally).
 */
export class ObjectStore {
  private packs: Pack[] | undefined;
  /** A pack that could not be understood: every packed read is then undefined. */
  private broken = false;
  private readonly cache: Cache = new Map();
  private cached = 0;
  private readonly scratch = Buffer.alloc(64);

  constructor(readonly objects: string) {}

  /**
   * The object `id` (40 hexadecimal digits, or 64 for a loose object of a SHA-256 repository), when it
   * is at most `maxSize` bytes and everything about it checks out; else undefined.
   */
  read(id: string, maxSize: number): GitObject | undefined {
    try {
      return this.readOrThrow(id, maxSize);
    } catch {
      return undefined; // a file that changed under us, a folder where a file was: git is asked
    }
  }

  private readOrThrow(id: string, maxSize: number): GitObject | undefined {
    if (!/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(id) || !(maxSize >= 0)) return undefined;
    const loose = this.loose(id, maxSize);
    if (loose !== 'absent') return loose;
    if (id.length !== 40) return undefined; // packs are read for SHA-1 repositories only
    const packs = this.openPacks();
    if (!packs) return undefined;
    const want = Buffer.from(id, 'hex');
    for (const p of packs) {
      const at = this.find(p, want);
      if (at === 'broken') return undefined;
      if (at !== undefined) return this.packed(p, at, maxSize);
    }
    return undefined;
  }

  close(): void {
    for (const p of this.packs ?? []) {
      closeSync(p.idx);
      if (p.pack !== undefined) closeSync(p.pack);
    }
    this.packs = [];
    this.cache.clear();
  }

  /** The loose object, 'absent' when there is none (then the packs are looked in), undefined when it is unusable. */
  private loose(id: string, maxSize: number): GitObject | undefined | 'absent' {
    const file = path.join(this.objects, id.slice(0, 2), id.slice(2));
    // Most objects of a repository are packed: asked first whether there is a file at all, as an open
    // that fails makes an exception (three times the cost).
    if (!lstatSync(file, { throwIfNoEntry: false })) return 'absent';
    const read = readBoundedSync(file, { maxBytes: deflateBound(maxSize + HEADER_MAX), ours: true });
    if (!read.ok) return read.code === 'ENOENT' ? 'absent' : undefined;
    return inflateLoose(read.bytes, maxSize);
  }

  /** Fills `buf` from `fd` at `pos`; false when the file is shorter. */
  private readAt(fd: number, buf: Buffer, pos: number, length = buf.length): boolean {
    let done = 0;
    while (done < length) {
      const n = readSync(fd, buf, done, length - done, pos + done);
      if (n <= 0) return false;
      done += n;
    }
    return true;
  }

  /** The packs' indexes, checked; undefined when one cannot be understood (git is asked then). */
  private openPacks(): Pack[] | undefined {
    if (this.broken) return undefined;
    if (this.packs) return this.packs;
    this.packs = [];
    let names: string[];
    try {
      names = readdirSync(path.join(this.objects, 'pack')).filter((n) => /^pack-[0-9a-f]{40}\.idx$/.test(n));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return this.packs; // no packs yet
      this.broken = true;
      return undefined;
    }
    if (names.length > MAX_PACKS) {
      this.broken = true;
      return undefined;
    }
    for (const name of names) {
      const p = this.openPack(path.join(this.objects, 'pack', name));
      if (!p) {
        this.broken = true;
        this.close();
        return undefined;
      }
      this.packs.push(p);
    }
    return this.packs;
  }

  /** A pack's index (version 2), checked; the pack is opened when first needed. */
  private openPack(idxFile: string): Pack | undefined {
    let idx: number | undefined;
    try {
      const opened = openRegularSync(idxFile);
      idx = opened.fd;
      const head = Buffer.alloc(8 + 1024);
      if (!this.readAt(idx, head, 0) || head.readUInt32BE(0) !== 0xff744f63 || head.readUInt32BE(4) !== 2) throw new Error('not an index v2');
      const fanout = head.subarray(8);
      let last = 0;
      for (let i = 0; i < 1024; i += 4) {
        const n = fanout.readUInt32BE(i);
        if (n < last) throw new Error('fan-out goes down');
        last = n;
      }
      const count = last;
      // ids, CRCs, 4-byte offsets, then 8-byte offsets (any number), the pack's checksum and its own.
      const fixed = 8 + 1024 + count * 28 + 40;
      if (opened.size < fixed || (opened.size - fixed) % 8 !== 0) throw new Error('index size');
      return { idx, count, fanout, idxSize: opened.size, packFile: `${idxFile.slice(0, -4)}.pack`, packEnd: 0 };
    } catch {
      if (idx !== undefined) closeSync(idx);
      return undefined;
    }
  }

  /** The pack's descriptor, opened and its header checked the first time; undefined when it is not a pack of its index. */
  private packOf(p: Pack): number | undefined {
    if (p.pack !== undefined) return p.packEnd > 0 ? p.pack : undefined;
    const opened = openRegularSync(p.packFile);
    p.pack = opened.fd; // closed by close()
    const head = Buffer.alloc(12);
    if (!this.readAt(opened.fd, head, 0) || head.toString('latin1', 0, 4) !== 'PACK') return undefined;
    const version = head.readUInt32BE(4);
    if ((version !== 2 && version !== 3) || head.readUInt32BE(8) !== p.count || opened.size < 12 + 20) return undefined;
    p.packEnd = opened.size - 20;
    return p.pack;
  }

  /** Where `want` starts in the pack, undefined when the pack does not have it, 'broken' when its index is not sound. */
  private find(p: Pack, want: Buffer): number | undefined | 'broken' {
    const first = want[0];
    let lo = first === 0 ? 0 : p.fanout.readUInt32BE((first - 1) * 4);
    let hi = p.fanout.readUInt32BE(first * 4);
    if (hi - lo > 1 << 22) return 'broken';
    // A binary search, by reads of one id each while the range is large (an index can be tens of
    // megabytes), then within one read of the rest (a pack of 50,000 objects has about 200 ids per
    // first byte: one read).
    const id = this.scratch.subarray(0, 20);
    while (hi - lo > 256) {
      const mid = (lo + hi) >>> 1;
      if (!this.readAt(p.idx, id, 8 + 1024 + mid * 20)) return 'broken';
      const c = id.compare(want);
      if (c === 0) return this.packOf(p) === undefined ? 'broken' : this.offsetOf(p, mid);
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= hi) return undefined;
    const ids = Buffer.allocUnsafe((hi - lo) * 20);
    if (!this.readAt(p.idx, ids, 8 + 1024 + lo * 20)) return 'broken';
    for (let a = 0, b = hi - lo; a < b;) {
      const mid = (a + b) >>> 1;
      const c = ids.compare(want, 0, 20, mid * 20, mid * 20 + 20);
      if (c === 0) return this.packOf(p) === undefined ? 'broken' : this.offsetOf(p, lo + mid);
      if (c < 0) a = mid + 1;
      else b = mid;
    }
    return undefined;
  }

  private offsetOf(p: Pack, i: number): number | 'broken' {
    const b = this.scratch.subarray(20, 28);
    if (!this.readAt(p.idx, b, 8 + 1024 + p.count * 24 + i * 4, 4)) return 'broken';
    let offset = b.readUInt32BE(0);
    if (offset & 0x80000000) {
      const at = 8 + 1024 + p.count * 28 + (offset & 0x7fffffff) * 8;
      if (at + 8 > p.idxSize - 40 || !this.readAt(p.idx, b, at, 8)) return 'broken';
      const high = b.readUInt32BE(0);
      if (high >= 1 << 20) return 'broken'; // a pack of a petabyte
      offset = high * 2 ** 32 + b.readUInt32BE(4);
    }
    return offset >= 12 && offset < p.packEnd ? offset : 'broken';
  }

  /**
   * The header of the entry at `offset`: its type, its size (inflated), where its data starts, and for
   * a delta where its base is. Undefined when it does not fit the pack.
   */
  private entry(p: Pack, offset: number): { type: number; size: number; data: number; base?: number } | undefined {
    const h = this.scratch.subarray(32, 64);
    const n = Math.min(h.length, p.packEnd - offset);
    if (n <= 0 || !this.readAt(p.pack!, h, offset, n)) return undefined;
    let i = 0;
    let c = h[i++];
    const type = (c >> 4) & 7;
    let size = c & 15;
    let shift = 4;
    while (c & 0x80) {
      if (i >= n || shift > 46) return undefined; // sizes past 2^53 are not sizes
      c = h[i++];
      size += (c & 0x7f) * 2 ** shift;
      shift += 7;
    }
    if (TYPES[type]) return { type, size, data: offset + i };
    if (type === OFS_DELTA) {
      if (i >= n) return undefined;
      c = h[i++];
      let back = c & 0x7f;
      while (c & 0x80) {
        if (i >= n || back >= 2 ** 45) return undefined;
        c = h[i++];
        back = (back + 1) * 128 + (c & 0x7f);
      }
      const base = offset - back;
      return back > 0 && base >= 12 ? { type, size, data: offset + i, base } : undefined;
    }
    if (type === REF_DELTA) {
      if (i + 20 > n) return undefined;
      const base = this.find(p, Buffer.from(h.subarray(i, i + 20)));
      return typeof base === 'number' && base !== offset ? { type, size, data: offset + i + 20, base } : undefined;
    }
    return undefined; // 0 and 5 are not types
  }

  /** The `size` bytes an entry's data inflates to. */
  private inflateAt(p: Pack, data: number, size: number): Buffer | undefined {
    const length = Math.min(deflateBound(size), p.packEnd - data);
    if (length <= 0) return undefined;
    const buf = Buffer.allocUnsafe(length);
    return this.readAt(p.pack!, buf, data) ? inflateExact(buf, size) : undefined;
  }

  private remember(key: string, o: GitObject): void {
    if (o.body.length > CACHE_BYTES / 4) return;
    this.cache.set(key, o);
    this.cached += o.body.length;
    for (const [k, v] of this.cache) {
      if (this.cached <= CACHE_BYTES) break;
      this.cache.delete(k);
      this.cached -= v.body.length;
    }
  }

  /** The object at `offset`: its chain of deltas followed down to a base, then applied back up. */
  private packed(p: Pack, offset: number, maxSize: number): GitObject | undefined {
    const packNo = this.packs!.indexOf(p);
    const limit = Math.max(maxSize, MIN_CHAIN_LIMIT);
    // Everything inflated or built for this one object: a chain of many large deltas stops here.
    let budget = 8 * limit;
    const deltas: Array<{ key: string; data: number; size: number }> = [];
    let base: GitObject | undefined;
    for (let at = offset; ;) {
      const key = `${packNo}#${at}`;
      base = this.cache.get(key);
      if (base) break;
      if (deltas.length > MAX_DEPTH) return undefined;
      const e = this.entry(p, at);
      if (!e || e.size > limit || (budget -= e.size) < 0) return undefined;
      if (e.base === undefined) {
        const body = this.inflateAt(p, e.data, e.size);
        if (!body) return undefined;
        base = { type: TYPES[e.type], body };
        this.remember(key, base);
        break;
      }
      deltas.push({ key, data: e.data, size: e.size });
      at = e.base;
    }
    for (let i = deltas.length - 1; i >= 0; i--) {
      const d = deltas[i];
      const delta = this.inflateAt(p, d.data, d.size);
      const body: Buffer | undefined = delta && applyDelta(base.body, delta, limit);
      if (!body || (budget -= body.length) < 0) return undefined;
      base = { type: base.type, body };
      this.remember(d.key, base);
    }
    return base.body.length <= maxSize ? base : undefined;
  }
}

/** A size in a delta's header (7 bits a byte, least significant first); `at` is advanced. */
function deltaSize(delta: Buffer, at: { i: number }): number | undefined {
  let size = 0;
  let shift = 0;
  for (;;) {
    if (at.i >= delta.length || shift > 49) return undefined;
    const c = delta[at.i++];
    size += (c & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(c & 0x80)) return size;
  }
}

/**
 * `base` with git's delta applied: a header of the base's size and the result's, then instructions,
 * each a copy from the base (offset and size bytes present as its low bits say) or an insert of the
 * next 1-127 bytes. Undefined when anything does not add up.
 */
export function applyDelta(base: Buffer, delta: Buffer, limit: number): Buffer | undefined {
  const at = { i: 0 };
  const baseSize = deltaSize(delta, at);
  const size = deltaSize(delta, at);
  if (baseSize !== base.length || size === undefined || size > limit) return undefined;
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  let i = at.i;
  while (i < delta.length) {
    const c = delta[i++];
    if (c & 0x80) {
      let from = 0;
      let n = 0;
      for (let b = 0; b < 4; b++) {
        if (c & (1 << b)) {
          if (i >= delta.length) return undefined;
          from += delta[i++] * 2 ** (8 * b);
        }
      }
      for (let b = 0; b < 3; b++) {
        if (c & (0x10 << b)) {
          if (i >= delta.length) return undefined;
          n += delta[i++] << (8 * b);
        }
      }
      if (n === 0) n = 0x10000;
      if (from + n > base.length || o + n > size) return undefined;
      base.copy(out, o, from, from + n);
      o += n;
    } else if (c !== 0) {
      if (i + c > delta.length || o + c > size) return undefined;
      delta.copy(out, o, i, i + c);
      o += c;
      i += c;
    } else {
      return undefined; // reserved
    }
  }
  return o === size ? out : undefined;
}
