// One file: size check before reading, decode, scan. Shared by worker threads (which read
// synchronously: blocking a worker costs nothing and saves the async round trips) and in-process
// scans (which must not block their thread: the editor's extension host, say).
import type { Finding } from '../findings';
import { readBounded, readBoundedSync, type BoundedRead } from '../files/bounded';
import { decode, humanSize, type Skipped } from '../files/read';
import type { Engine, TextScan } from './engine';

export interface FileTask {
  /** Absolute path to read, unless `content` is given (staged blobs, unsaved editor text). */
  abs?: string;
  rel: string;
  content?: string;
  /** The folder the file was found in: a path that resolves outside it is not read. */
  root?: string;
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

/** Every read goes through the bounded reader: FIFOs, devices and links out of the root are refused, not read. */
function toRead(rel: string, r: BoundedRead): Read {
  return r.ok ? { bytes: r.bytes } : { skipped: { path: rel, reason: r.reason, detail: r.detail }, size: 0 };
}

async function readAsync(task: FileTask, max: number): Promise<Read> {
  return toRead(task.rel, await readBounded(task.abs!, { maxBytes: max, root: task.root }));
}

function readSync(task: FileTask, max: number): Read {
  return toRead(task.rel, readBoundedSync(task.abs!, { maxBytes: max, root: task.root }));
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
  return scanRead(engine, task.rel, await readAsync(task, maxFileSize));
}

export function scanTaskSync(engine: Engine, task: FileTask, maxFileSize: number): FileResult {
  if (task.content !== undefined) return scanContent(engine, task, maxFileSize);
  return scanRead(engine, task.rel, readSync(task, maxFileSize));
}
