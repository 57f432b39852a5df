// One file: size check before reading, decode, analyze (src/core/analysis/analyze.ts). Shared by worker threads (which read
// synchronously: blocking a worker costs nothing and saves the async round trips) and in-process
// scans (which must not block their thread: the editor's extension host, say).
import { analyze, analyzeBinary, type AnalysisOptions, type FileAnalysis } from '../analysis/analyze';
import { readForStructure } from '../certs/discover';
import { readBounded, readBoundedSync, type BoundedRead } from '../files/bounded';
import { lstatSync, type Stats } from 'node:fs';
import { decode, humanSize, type Skipped } from '../files/read';
import type { Engine } from '../scan/engine';

/**
 * A file given rather than read: its text (a staged blob, an unsaved editor), or the bytes of a binary
 * one (a staged key file or PKCS#12 store, read for its structure).
 */
export type GivenSource = { rel: string; content: string } | { rel: string; bytes: Uint8Array };

export interface FileTask {
  /** Absolute path to read, unless `content` or `bytes` is given (staged blobs, unsaved editor text). */
  abs?: string;
  rel: string;
  content?: string;
  /** A binary file's bytes, given (a staged blob git holds). */
  bytes?: Uint8Array;
  /** The folder the file was found in: a path that resolves outside it is not read. */
  root?: string;
  /**
   * The identity (`identityKey`) the file had when a kept analysis of it was made: a worker that finds
   * it unchanged (`lstat`) answers `unchanged` instead of reading it (results-cache.ts).
   */
  kept?: readonly number[];
}

/**
 * Which file on disk an analysis was made of, as `stat` told before reading it (device, inode, size,
 * modification and status-change times): a results cache takes a file whose identity has not changed
 * for the same file (see results-cache.ts).
 */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** A file's analysis: its findings, and its references and ownership source text when asked for. */
export interface FileResult extends FileAnalysis {
  /** The file's identity, when the scan keeps results between runs (`identities`). */
  identity?: FileIdentity;
  /** The file is as `FileTask.kept` says: not read, its kept analysis stands. */
  unchanged?: true;
}

/** `lstat`, or undefined when there is nothing to stat (or it cannot be). */
export function lstatQuietly(file: string): Stats | undefined {
  try {
    return lstatSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** An identity as a results cache keeps it. */
export function identityKey(i: FileIdentity): number[] {
  return [i.dev, i.ino, i.size, i.mtimeMs, i.ctimeMs];
}

/** Whether `st` (an `lstat`: a link is never the file) is a regular file with the identity `kept` (`identityKey`). */
export function sameFile(st: Stats | undefined, kept: readonly number[]): boolean {
  return Boolean(st?.isFile()) && identityKey(st!).every((v, i) => v === kept[i]);
}

/** What a scan runs on each file: the engine, and what else the project wants to know. */
export interface FileAnalyzer {
  engine: Engine;
  options?: AnalysisOptions;
}

type Read = { bytes: Buffer; stat: Stats } | { skipped: Skipped; size: number };

const tooLarge = (rel: string, size: number, max: number): Skipped =>
  ({ path: rel, reason: 'too-large', detail: `${humanSize(size)} is over the ${humanSize(max)} limit` });

/** Every read goes through the bounded reader: FIFOs, devices and links out of the root are refused, not read. */
function toRead(rel: string, r: BoundedRead): Read {
  return r.ok ? { bytes: r.bytes, stat: r.stat } : { skipped: { path: rel, reason: r.reason, detail: r.detail }, size: 0 };
}

async function readAsync(task: FileTask, max: number): Promise<Read> {
  return toRead(task.rel, await readBounded(task.abs!, { maxBytes: max, root: task.root }));
}

function readSync(task: FileTask, max: number): Read {
  return toRead(task.rel, readBoundedSync(task.abs!, { maxBytes: max, root: task.root }));
}

function identityOf(st: Stats): FileIdentity {
  return { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
}

function scanRead(analyzer: FileAnalyzer, rel: string, read: Read, identity: boolean): FileResult {
  if ('skipped' in read) return { path: rel, findings: [], bytes: read.size, skipped: read.skipped };
  const result = analyzeRead(analyzer, rel, read);
  if (identity) result.identity = identityOf(read.stat);
  return result;
}

function analyzeRead(analyzer: FileAnalyzer, rel: string, read: { bytes: Uint8Array }): FileResult {
  const decoded = decode(read.bytes);
  if (readForStructure(read.bytes, rel, 'skip' in decoded && decoded.skip === 'binary')) {
    const der = analyzeBinary(read.bytes, rel, analyzer);
    if (der) return { path: rel, bytes: read.bytes.length, ...der };
  }
  if ('skip' in decoded) return { path: rel, findings: [], bytes: read.bytes.length, skipped: { path: rel, reason: decoded.skip, detail: decoded.detail } };
  return analyzeText(analyzer, rel, decoded.text, read.bytes.length);
}

/** A custom rule that ran out of time makes the file "skipped" (its other findings still count). */
function analyzeText(analyzer: FileAnalyzer, rel: string, text: string, bytes: number): FileResult {
  const { timedOut, ...analysis } = analyze(text, rel, analyzer);
  const result: FileResult = { path: rel, bytes, ...analysis };
  if (timedOut) {
    result.skipped = { path: rel, reason: 'rule-timeout', detail: `custom rule "${timedOut.ruleId}" ran out of its ${timedOut.budgetMs} ms budget; later custom rules did not run on this file` };
  }
  return result;
}

function scanContent(analyzer: FileAnalyzer, task: FileTask, max: number): FileResult {
  const bytes = Buffer.byteLength(task.content!);
  if (bytes > max) return { path: task.rel, findings: [], bytes: 0, skipped: tooLarge(task.rel, bytes, max) };
  return analyzeText(analyzer, task.rel, task.content!, bytes);
}

function scanBytes(analyzer: FileAnalyzer, task: FileTask, max: number): FileResult {
  const bytes = task.bytes!;
  if (bytes.length > max) return { path: task.rel, findings: [], bytes: 0, skipped: tooLarge(task.rel, bytes.length, max) };
  return analyzeRead(analyzer, task.rel, { bytes });
}

/** `identity`: say which file on disk was read (FileResult.identity). */
export async function scanTask(analyzer: FileAnalyzer, task: FileTask, maxFileSize: number, identity = false): Promise<FileResult> {
  if (task.content !== undefined) return scanContent(analyzer, task, maxFileSize);
  if (task.bytes) return scanBytes(analyzer, task, maxFileSize);
  return scanRead(analyzer, task.rel, await readAsync(task, maxFileSize), identity);
}

export function scanTaskSync(analyzer: FileAnalyzer, task: FileTask, maxFileSize: number, identity = false): FileResult {
  if (task.content !== undefined) return scanContent(analyzer, task, maxFileSize);
  if (task.bytes) return scanBytes(analyzer, task, maxFileSize);
  if (task.kept && task.abs !== undefined) {
    const st = lstatQuietly(task.abs);
    if (sameFile(st, task.kept)) return { path: task.rel, findings: [], bytes: st!.size, unchanged: true };
  }
  return scanRead(analyzer, task.rel, readSync(task, maxFileSize), identity);
}
