// Inflating git's zlib streams (loose objects, pack entries) into output that never passes its bound.
// Short streams (what a pre-commit hook reads: a few staged files, the trees they sit in) are inflated
// by pako, zlib's inflate in JavaScript, which the bundle has compiled and kept: node:zlib would load
// node:stream and its dozen modules first, about 3 ms of a hook's start. Longer streams go to node:zlib,
// whose native inflate is several times faster once loaded. Both check the stream's Adler-32, stop at
// its end (bytes after it are ignored), and never write past the buffer they were given.
import type * as Zlib from 'node:zlib';
import { ZStream, Z_FINISH, Z_NO_FLUSH, Z_OK, Z_STREAM_END, zlibInflate, zlibInflateEnd, zlibInflateInit } from 'pako';

/** Compressed streams up to this many bytes are inflated by pako; longer ones by node:zlib. */
export const SHORT_STREAM = 64 * 1024;
/** The longest loose object header: `commit <20 digits>\0`. */
export const HEADER_MAX = 32;

let zlib: typeof Zlib | undefined;
/** node:zlib, loaded when the first long stream is inflated. */
function nativeZlib(): typeof Zlib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose
  return (zlib ??= require('node:zlib') as typeof Zlib);
}

/** A pako stream over `data`, not yet given any output. */
function stream(data: Uint8Array): ZStream {
  const z = new ZStream();
  if (zlibInflateInit(z) !== Z_OK) throw new Error('inflate did not start');
  z.input = data;
  z.next_in = 0;
  z.avail_in = data.length;
  return z;
}

/** Inflates into `out` from `from` to its end; the status (Z_STREAM_END when the stream ended). */
function fill(z: ZStream, out: Buffer, from: number, flush: typeof Z_NO_FLUSH | typeof Z_FINISH): number {
  z.output = out as Uint8Array<ArrayBuffer>;
  z.next_out = from;
  z.avail_out = out.length - from;
  return zlibInflate(z, flush);
}

/**
 * Exactly `size` bytes inflated from `data`, or undefined (damaged, shorter or longer). `data` may run
 * past the end of the stream (a pack entry is read with room to spare).
 */
export function inflateExact(data: Buffer, size: number, short = SHORT_STREAM): Buffer | undefined {
  try {
    if (data.length > short) {
      const out = nativeZlib().inflateSync(data, { maxOutputLength: Math.max(size, 1) });
      return out.length === size ? out : undefined;
    }
    // One byte more than expected: a stream that goes on past `size` fills it, and is refused.
    const out = Buffer.allocUnsafe(size + 1);
    const z = stream(data);
    const ended = fill(z, out, 0, Z_FINISH) === Z_STREAM_END && z.total_out === size;
    zlibInflateEnd(z);
    return ended ? out.subarray(0, size) : undefined;
  } catch {
    return undefined; // damaged, cut short, or more than it claimed
  }
}

export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

/** A loose object's header in the first `got` bytes of `raw`: its type, its body's size and where the body starts. */
function header(raw: Buffer, got: number): { type: ObjectType; size: number; start: number } | undefined {
  const nul = raw.subarray(0, Math.min(got, HEADER_MAX)).indexOf(0);
  const m = nul > 0 ? /^(commit|tree|blob|tag) (0|[1-9]\d*)$/.exec(raw.toString('latin1', 0, nul)) : null;
  return m ? { type: m[1] as ObjectType, size: Number(m[2]), start: nul + 1 } : undefined;
}

/** The whole text of a short loose object (`data`) inflated by pako, stopped as soon as its header says it is over `maxSize`. */
function inflateShortLoose(data: Buffer, maxSize: number): Buffer | undefined {
  const z = stream(data);
  const head = Buffer.allocUnsafe(HEADER_MAX);
  const first = fill(z, head, 0, Z_NO_FLUSH);
  if (first !== Z_OK && first !== Z_STREAM_END) return undefined;
  const got = z.total_out;
  const h = header(head, got);
  if (!h || h.size > maxSize || got > h.start + h.size) return undefined;
  const total = h.start + h.size;
  // Again one byte to spare, so that a stream longer than its header says is found out.
  const out = Buffer.allocUnsafe(total + 1);
  head.copy(out, 0, 0, got);
  const ended = (first === Z_STREAM_END || fill(z, out, got, Z_FINISH) === Z_STREAM_END) && z.total_out === total;
  zlibInflateEnd(z);
  return ended ? out.subarray(0, total) : undefined;
}

/**
 * A loose object (its file's `data`: a zlib stream of `<type> <size>\0<body>`), when its body is at
 * most `maxSize` bytes and exactly as long as its header says; undefined otherwise.
 */
export function inflateLoose(data: Buffer, maxSize: number, short = SHORT_STREAM): { type: ObjectType; body: Buffer } | undefined {
  try {
    const raw = data.length > short ? nativeZlib().inflateSync(data, { maxOutputLength: maxSize + HEADER_MAX }) : inflateShortLoose(data, maxSize);
    const h = raw && header(raw, raw.length);
    return h && h.size <= maxSize && raw.length === h.start + h.size ? { type: h.type, body: raw.subarray(h.start) } : undefined;
  } catch {
    return undefined; // damaged, cut short, or over the limit
  }
}
