// Turns bytes into text the engine can scan, or says why it will not: binary content, too large.
// UTF-8 (with or without a BOM), UTF-16 and UTF-32 (either byte order, with or without a BOM) are
// text. Invalid UTF-8 is tolerated (replacement characters keep lines and columns intact).
import { isAscii } from 'node:buffer';

/**
 * binary: its content is not text; too-large: over the size limit; unreadable: the OS refused (detail
 * has the code); not-a-file: a FIFO, device, socket or folder where a file was expected; outside-root:
 * a symbolic link out of the workspace; symlink: a link the walk does not follow; file-type: media or
 * an archive, skipped by its extension without being read; rule-timeout: a custom rule used up its
 * time budget on the file (see Engine.scan); submodule: a staged gitlink (its content lives elsewhere).
 */
export type SkipReason = 'binary' | 'too-large' | 'unreadable' | 'not-a-file' | 'outside-root' | 'symlink' | 'file-type' | 'rule-timeout' | 'submodule';

export interface Skipped {
  path: string;
  reason: SkipReason;
  detail: string;
}

const utf8decoder = new TextDecoder('utf-8', { fatal: false });
/** UTF-8 text; ASCII (most source files) is copied byte for byte, a third faster than decoding it. */
const utf8 = {
  decode(bytes: Uint8Array): string {
    return isAscii(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') : utf8decoder.decode(bytes);
  },
};
const utf16le = new TextDecoder('utf-16le', { fatal: false });

/** Bytes looked at to decide an encoding. */
const PROBE = 64 * 1024;

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

/**
 * Decodes by evidence, not by the first bytes alone: a byte-order mark must agree with the content
 * (two bytes `FF FE` in front of an ASCII `.env` do not make it UTF-16, and would otherwise hide
 * every secret in it), and UTF-16/UTF-32 without a mark are recognised by where their NUL bytes
 * fall. Content that is no text in any of these encodings is binary.
 */
export function decode(bytes: Uint8Array): { text: string; encoding: Encoding } | { skip: SkipReason; detail: string } {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { text: utf8.decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0 && isUtf32(bytes.subarray(4), true)) return { text: decodeUtf32(bytes.subarray(4), true), encoding: 'utf-32le' };
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff && isUtf32(bytes.subarray(4), false)) return { text: decodeUtf32(bytes.subarray(4), false), encoding: 'utf-32be' };
  const le = b0 === 0xff && b1 === 0xfe;
  if (le || (b0 === 0xfe && b1 === 0xff)) {
    const body = bytes.subarray(2);
    if (plausibleUtf16(body, le)) return { text: decodeUtf16(body, le), encoding: le ? 'utf-16le' : 'utf-16be' };
    // A mark the content contradicts: the file is what its bytes say. The two stray bytes stay
    // (as replacement characters), so columns on the first line match what git and editors show.
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  }
  const probe = bytes.subarray(0, PROBE);
  if (probe.indexOf(0) === -1) return { text: utf8.decode(bytes), encoding: 'utf-8' };
  if (bytes.length % 4 === 0 && isUtf32(bytes, true) && mostlyAscii32(probe, true)) return { text: decodeUtf32(bytes, true), encoding: 'utf-32le' };
  if (bytes.length % 4 === 0 && isUtf32(bytes, false) && mostlyAscii32(probe, false)) return { text: decodeUtf32(bytes, false), encoding: 'utf-32be' };
  if (bytes.length % 2 === 0) {
    if (nulPattern16(probe, true)) return { text: decodeUtf16(bytes, true), encoding: 'utf-16le' };
    if (nulPattern16(probe, false)) return { text: decodeUtf16(bytes, false), encoding: 'utf-16be' };
  }
  return { skip: 'binary', detail: 'contains NUL bytes and is not UTF-16 or UTF-32 text' };
}

/** Printable ASCII, LF or CR: what the bytes of an ASCII file are. */
function isTextByte(b: number): boolean {
  return (b >= 0x20 && b <= 0x7e) || b === 0x0a || b === 0x0d;
}

/**
 * After a UTF-16 mark: is this UTF-16? Not when its length is odd; not when its line feeds are
 * mostly single bytes next to ASCII rather than the code unit U+000A; not when its NUL-free code units are nearly all
 * two ASCII bytes (single-byte text read two bytes at a time). Real UTF-16 text is mostly code units
 * with a NUL byte (ASCII), and for scripts without one, at most about 40% of its code units consist
 * of two ASCII bytes (CJK; every other script has a non-ASCII high byte).
 */
function plausibleUtf16(body: Uint8Array, le: boolean): boolean {
  if (body.length % 2 !== 0) return false;
  const n = Math.min(body.length, PROBE) & ~1;
  let withoutNul = 0;
  let asciiPairs = 0;
  let lineFeeds = 0;
  let strayLineFeeds = 0;
  for (let i = 0; i < n; i += 2) {
    const lo = le ? body[i] : body[i + 1];
    const hi = le ? body[i + 1] : body[i];
    if (lo === 0x0a) {
      if (hi === 0) lineFeeds++;
      else if (isTextByte(hi)) strayLineFeeds++; // U+xx0A: a line feed beside an ASCII byte, or a rare CJK character
    }
    if (lo === 0 || hi === 0) continue;
    withoutNul++;
    if (isTextByte(lo) && isTextByte(hi)) asciiPairs++;
  }
  if (strayLineFeeds >= 2 && strayLineFeeds > lineFeeds) return false;
  return withoutNul < 8 || asciiPairs < withoutNul * 0.75;
}

/**
 * UTF-16 without a mark, recognised on mostly-ASCII text: at least half the code units have a NUL
 * high byte and a non-NUL low byte, and hardly any has the opposite (or two NULs).
 */
function nulPattern16(probe: Uint8Array, le: boolean): boolean {
  const n = probe.length & ~1;
  const units = n / 2;
  let ascii = 0;
  let wrong = 0;
  for (let i = 0; i < n; i += 2) {
    const lo = le ? probe[i] : probe[i + 1];
    const hi = le ? probe[i + 1] : probe[i];
    if (hi === 0 && lo !== 0) ascii++;
    else if (lo === 0) wrong++;
  }
  return units > 0 && ascii >= units * 0.5 && wrong <= units * 0.02;
}

/** Every 4-byte unit (of the probe) is a Unicode scalar value. */
function isUtf32(bytes: Uint8Array, le: boolean): boolean {
  if (bytes.length % 4 !== 0) return false;
  const n = Math.min(bytes.length, PROBE) & ~3;
  for (let i = 0; i < n; i += 4) {
    const cp = unit32(bytes, i, le);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
  }
  return true;
}

/** UTF-32 without a mark: mostly ASCII code points, and no NUL code points. */
function mostlyAscii32(probe: Uint8Array, le: boolean): boolean {
  const n = probe.length & ~3;
  let ascii = 0;
  for (let i = 0; i < n; i += 4) {
    const cp = unit32(probe, i, le);
    if (cp === 0) return false;
    if (cp < 0x80) ascii++;
  }
  return n > 0 && ascii >= (n / 4) * 0.5;
}

function unit32(b: Uint8Array, i: number, le: boolean): number {
  return le ? (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0 : ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
}

function decodeUtf16(bytes: Uint8Array, le: boolean): string {
  if (le) return utf16le.decode(bytes);
  const swapped = Buffer.from(bytes.subarray(0, bytes.length & ~1));
  swapped.swap16();
  return utf16le.decode(swapped) + (bytes.length % 2 ? '\ufffd' : '');
}

function decodeUtf32(bytes: Uint8Array, le: boolean): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK * 4) {
    const cps: number[] = [];
    const end = Math.min(bytes.length & ~3, i + CHUNK * 4);
    for (let j = i; j < end; j += 4) {
      const cp = unit32(bytes, j, le);
      cps.push(cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp);
    }
    parts.push(String.fromCodePoint(...cps));
  }
  if (bytes.length % 4) parts.push('\ufffd');
  return parts.join('');
}

export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
