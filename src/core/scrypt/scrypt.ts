// scrypt (RFC 7914) with its memory-hard middle, ROMix, in WebAssembly (romix.wat), around node:crypto's
// PBKDF2-HMAC-SHA256: the same bytes as crypto.scryptSync, which stays the fallback where WebAssembly
// or its 128-bit lanes do not run.
//
// Why not crypto.scryptSync: OpenSSL takes scrypt's 16 MiB from malloc and frees it after each secret.
// glibc then raises the process's mmap threshold to 16 MiB, and from there on every thread's buffers
// below it (files read, compiler zones) are carved out of malloc arenas that give little back: a large
// tree's scan with a few dozen passwords held about 40 MiB more at its peak. Here the memory is a
// WebAssembly.Memory, kept while secrets keep coming and let go after a pause. It is 8 MiB, not 16:
// ROMix keeps every other block of V and makes a missing one again when it is read (KEEP_EVERY), a
// quarter more work. The lanes make up for it: about 30 ms a secret against OpenSSL's 40 on the
// 2-core machine the benchmark runs on.
import { nodeCrypto } from '../node-crypto';
import { SCRYPT_ROMIX_WASM } from './romix.wasm';
import { webAssembly, type WasmMemory } from '../wasm';

export interface ScryptCost {
  /** CPU/memory cost: a power of two, at least 2. */
  N: number;
  /** Block size (128r bytes). */
  r: number;
  /** Parallelism: ROMix runs p times, one after the other. */
  p: number;
}

/**
 * node:crypto's default bound on scrypt's memory (`maxmem`, 32 MiB): a cost whose V is over it is node:crypto's to
 * refuse, with its error. So is an invalid one.
 */
const NODE_MAXMEM = 32 * 1024 * 1024;
/** After this long without a secret, the memory goes: an editor runs on, and need not hold it for the one password it met. */
const KEEP_MS = 30_000;
/**
 * ROMix keeps every KEEP_EVERY-th block of V (romix.wat): 2 halves its memory for a quarter more work
 * (each scan worker that meets a password holds it: 8 MiB instead of 16).
 */
const KEEP_EVERY = 2;
/** The diagonal order romix.wat holds a block's 16 words in: position i holds word ORDER[i]. */
const ORDER = [0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12, 1, 6, 11];

interface Romix {
  run(r: number, N: number, k: number): void;
  memory: WasmMemory;
}

let compiled: object | null | undefined;
let kept: Romix | undefined;
let release: ReturnType<typeof setTimeout> | undefined;

/** crypto.scryptSync(password, salt, keylen, cost), byte for byte. `keepEvery`: ROMix's k (a power of two; tests try others). */
export function scryptSync(password: string, salt: string, keylen: number, cost: ScryptCost, keepEvery = KEEP_EVERY): Buffer {
  const k = Math.min(keepEvery, cost.N);
  const romix = romixFor(cost, k);
  if (!romix) return nodeCrypto().scryptSync(password, salt, keylen, cost);
  const { N, r, p } = cost;
  const size = 128 * r;
  const crypto = nodeCrypto();
  const b = crypto.pbkdf2Sync(password, salt, 1, p * size, 'sha256');
  const from = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let q = 0; q < p; q++) {
    const to = new DataView(romix.memory.buffer);
    const base = q * size;
    for (let block = 0; block < size; block += 64) {
      for (let i = 0; i < 16; i++) to.setUint32(block + i * 4, from.getUint32(base + block + ORDER[i] * 4, true), true);
    }
    romix.run(r, N, k);
    for (let block = 0; block < size; block += 64) {
      for (let i = 0; i < 16; i++) from.setUint32(base + block + ORDER[i] * 4, to.getUint32(block + i * 4, true), true);
    }
    // V starts as PBKDF2(password, salt) with one iteration: left here, it would let a guess skip scrypt's
    // memory. Cleared as OpenSSL clears its own (under 1 ms for the 8 MiB).
    new Uint8Array(romix.memory.buffer, 0, romixBytes(r, N, k)).fill(0);
  }
  const key = crypto.pbkdf2Sync(password, b, 1, keylen, 'sha256');
  b.fill(0);
  return key;
}

/** The memory ROMix works in (romix.wat): X, Y, two blocks to remake V's missing ones in, and V's kept blocks. */
function romixBytes(r: number, N: number, k: number): number {
  return 128 * r * (4 + N / k);
}

/** The WebAssembly ROMix with memory for `cost`, or undefined where it cannot run (the caller uses node:crypto's). */
function romixFor({ N, r, p }: ScryptCost, k: number): Romix | undefined {
  const powerOfTwo = (n: number) => Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
  const valid = powerOfTwo(N) && N >= 2 && powerOfTwo(k) && Number.isInteger(r) && r >= 1 && Number.isInteger(p) && p >= 1;
  // OpenSSL's bounds (EVP_PBE_scrypt): N below 2^(16r), and its B and V within maxmem.
  if (!valid || (16 * r < 63 && N >= 2 ** (16 * r)) || 128 * r * p + 128 * r * (N + 2) > NODE_MAXMEM) return undefined;
  const bytes = romixBytes(r, N, k);
  const wasm = webAssembly();
  if (!wasm) return undefined;
  if (compiled === undefined) {
    try {
      compiled = new wasm.Module(Buffer.from(SCRYPT_ROMIX_WASM, 'base64'));
    } catch {
      compiled = null; // no 128-bit lanes here: node:crypto's scrypt from now on
    }
  }
  if (!compiled) return undefined;
  const pages = Math.ceil(bytes / 65536);
  if (!kept || kept.memory.buffer.byteLength < pages * 65536) {
    try {
      const memory = new wasm.Memory({ initial: pages });
      const instance = new wasm.Instance(compiled, { env: { memory } });
      kept = { memory, run: instance.exports.romix as Romix['run'] };
    } catch {
      return undefined; // no memory for it now: node:crypto's, this once
    }
  }
  if (release) clearTimeout(release);
  release = setTimeout(() => {
    kept = undefined;
    release = undefined;
  }, KEEP_MS);
  release.unref?.();
  return kept;
}

/** The WebAssembly memory ROMix holds now (undefined: none; it goes after a pause): for tests and diagnostics. */
export function scryptMemory(): Uint8Array | undefined {
  return kept && new Uint8Array(kept.memory.buffer);
}
