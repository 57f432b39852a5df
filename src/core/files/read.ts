// Turns bytes into text the engine can scan, or says why it will not: binary content, too large.
// Invalid UTF-8 is tolerated (replacement characters keep lines and columns intact).

export type SkipReason = 'binary' | 'too-large' | 'unreadable' | 'submodule';

export interface Skipped {
  path: string;
  reason: SkipReason;
  detail: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf16le = new TextDecoder('utf-16le', { fatal: false });

export function decode(bytes: Uint8Array): { text: string } | { skip: SkipReason; detail: string } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: utf16le.decode(bytes.subarray(2)) };
  const probe = bytes.subarray(0, 8000);
  if (probe.indexOf(0) !== -1) return { skip: 'binary', detail: 'contains NUL bytes' };
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return { text: utf8.decode(bytes.subarray(start)) };
}

export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
