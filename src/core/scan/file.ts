// One file: size check before reading, decode, scan. Shared by worker threads (which read
// synchronously: blocking a worker costs nothing and saves the async round trips) and in-process
// scans (which must not block their thread: the editor's extension host, say).
import { closeSync, fstatSync, openSync, promises as fs, readFileSync } from 'node:fs';
import type { Finding } from '../findings';
import { decode, humanSize, type Skipped } from '../files/read';
import type { Engine, TextScan } from './engine';

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

type Read = { bytes: Buffer } | { skipped: Skipped; size: number };

const tooLarge = (rel: string, size: number, max: number): Skipped =>
  ({ path: rel, reason: 'too-large', detail: `${humanSize(size)} is over the ${humanSize(max)} limit` });
const unreadable = (rel: string, e: unknown): Skipped =>
  ({ path: rel, reason: 'unreadable', detail: (e as NodeJS.ErrnoException).code ?? 'read failed' });

async function readAsync(abs: string, rel: string, max: number): Promise<Read> {
  try {
    const handle = await fs.open(abs, 'r');
    try {
      const { size } = await handle.stat();
      if (size > max) return { skipped: tooLarge(rel, size, max), size: 0 };
      return { bytes: await handle.readFile() };
    } finally {
      await handle.close();
    }
  } catch (e) {
    return { skipped: unreadable(rel, e), size: 0 };
  }
}

function readSync(abs: string, rel: string, max: number): Read {
  try {
    const fd = openSync(abs, 'r');
    try {
      const { size } = fstatSync(fd);
      if (size > max) return { skipped: tooLarge(rel, size, max), size: 0 };
      return { bytes: readFileSync(fd) };
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return { skipped: unreadable(rel, e), size: 0 };
  }
}

function scanRead(engine: Engine, rel: string, read: Read): FileResult {
  if ('skipped' in read) return { path: rel, findings: [], bytes: read.size, skipped: read.skipped };
  const decoded = decode(read.bytes);
  if ('skip' in decoded) return { path: rel, findings: [], bytes: read.bytes.length, skipped: { path: rel, reason: decoded.skip, detail: decoded.detail } };
  return withTimeout(rel, engine.scan(decoded.text, rel), read.bytes.length);
}

/** A custom rule that ran out of time makes the file "skipped" (its other findings still count). */
function withTimeout(rel: string, scanned: TextScan, bytes: number): FileResult {
  const result: FileResult = { path: rel, findings: scanned.findings, bytes };
  if (scanned.timedOut) {
    result.skipped = { path: rel, reason: 'rule-timeout', detail: `custom rule "${scanned.timedOut.ruleId}" ran out of its ${scanned.timedOut.budgetMs} ms budget; later custom rules did not run on this file` };
  }
  return result;
}

function scanContent(engine: Engine, task: FileTask, max: number): FileResult {
  const bytes = Buffer.byteLength(task.content!);
  if (bytes > max) return { path: task.rel, findings: [], bytes: 0, skipped: tooLarge(task.rel, bytes, max) };
  return withTimeout(task.rel, engine.scan(task.content!, task.rel), bytes);
}

export async function scanTask(engine: Engine, task: FileTask, maxFileSize: number): Promise<FileResult> {
  if (task.content !== undefined) return scanContent(engine, task, maxFileSize);
  return scanRead(engine, task.rel, await readAsync(task.abs!, task.rel, maxFileSize));
}

export function scanTaskSync(engine: Engine, task: FileTask, maxFileSize: number): FileResult {
  if (task.content !== undefined) return scanContent(engine, task, maxFileSize);
  return scanRead(engine, task.rel, readSync(task.abs!, task.rel, maxFileSize));
}
