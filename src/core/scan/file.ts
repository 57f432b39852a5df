// One file: size check before reading, decode, scan. Shared by worker threads and in-process scans.
import { promises as fs } from 'node:fs';
import type { Finding } from '../findings';
import { decode, humanSize, type Skipped } from '../files/read';
import type { Engine } from './engine';

export interface FileTask {
  /** Absolute path to read, unless `content` is given (staged blobs, unsaved editor text). */
  abs?: string;
  rel: string;
  content?: string;
}

export interface FileResult {
  path: string;
  findings: Finding[];
  bytes: number;
  skipped?: Skipped;
}

export async function scanTask(engine: Engine, task: FileTask, maxFileSize: number): Promise<FileResult> {
  const { rel } = task;
  if (task.content !== undefined) return scanDecoded(engine, rel, task.content, Buffer.byteLength(task.content), maxFileSize);
  let bytes: Buffer;
  try {
    const handle = await fs.open(task.abs!, 'r');
    try {
      const { size } = await handle.stat();
      if (size > maxFileSize) {
        return { path: rel, findings: [], bytes: 0, skipped: { path: rel, reason: 'too-large', detail: `${humanSize(size)} is over the ${humanSize(maxFileSize)} limit` } };
      }
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (e) {
    return { path: rel, findings: [], bytes: 0, skipped: { path: rel, reason: 'unreadable', detail: (e as NodeJS.ErrnoException).code ?? 'read failed' } };
  }
  const decoded = decode(bytes);
  if ('skip' in decoded) return { path: rel, findings: [], bytes: bytes.length, skipped: { path: rel, reason: decoded.skip, detail: decoded.detail } };
  return scanDecoded(engine, rel, decoded.text, bytes.length, maxFileSize);
}

function scanDecoded(engine: Engine, rel: string, text: string, bytes: number, maxFileSize: number): FileResult {
  if (bytes > maxFileSize) {
    return { path: rel, findings: [], bytes: 0, skipped: { path: rel, reason: 'too-large', detail: `${humanSize(bytes)} is over the ${humanSize(maxFileSize)} limit` } };
  }
  return { path: rel, findings: engine.scanText(text, rel), bytes };
}
