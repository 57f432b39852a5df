// A small pool of scan workers. Each worker holds up to two batches: it starts the next as soon as it
// posts one's results, instead of waiting for this thread to wake, take them and send it another (a
// round trip that left each worker idle about 7% of a large tree's scan on two cores). Results
// stream back per batch.
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type * as WorkerThreads from 'node:worker_threads';
import type { FileResult, FileTask } from './file';
import { reportReads } from '../files/bounded';
import type { WorkerInit, WorkerResponse } from './worker';

/**
 * Compiled code for the worker script kept between runs (the CLI's starter keeps it in the user's cache
 * folder): the data to start from, if any, where to put a fresh one, and the CommonJS module whose
 * runWorker({ script, cachedData }) compiles and runs the script in a worker thread (posting
 * `{ codeCache: 'fresh' }` when it had no usable data, and answering `{ codeCache: 'get' }` with its code).
 */
export interface WorkerCodeCache {
  data?: Buffer;
  save(data: Buffer): void;
  runner: string;
}

let codeCacheFor: ((script: string) => WorkerCodeCache | undefined) | undefined;

/** Workers started from now on compile their script with what `provider` keeps (the CLI registers its starter's). */
export function useWorkerCodeCache(provider: ((script: string) => WorkerCodeCache | undefined) | undefined): void {
  codeCacheFor = provider;
}

/**
 * A worker's young generation (where most of a file's short-lived strings and matches live): small,
 * because on a large tree each worker's default one holds tens of MiB a scan has no use for, and
 * collecting a small one costs no more time there. Measured with `npm run bench` (large tree: peak
 * RSS about 25 MiB lower, same time).
 */
const LIMITS = { maxYoungGenerationSizeMb: 12 };
/** A scan worker on `script` (dist/worker.js), with its compiled code from the registered cache when there is one. */
export function startScanWorker(init: WorkerInit, script = workerScript()): { worker: Worker; cache?: WorkerCodeCache } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when a worker starts: a scan of a few files has none
  const { Worker } = require('node:worker_threads') as typeof WorkerThreads;
  const cache = codeCacheFor?.(script);
  if (!cache) return { worker: new Worker(script, { workerData: init, resourceLimits: LIMITS }) };
  const start = `require(${JSON.stringify(cache.runner)}).runWorker(require('node:worker_threads').workerData.codeCache);`;
  return { worker: new Worker(start, { eval: true, resourceLimits: LIMITS, workerData: { workerInit: init, codeCache: { script, cachedData: cache.data } } }), cache };
}

/** Batches a worker holds at once: the one it scans and the next. */
const BATCHES_PER_WORKER = 2;

/** How long closing a pool waits for a worker's compiled code before it goes on without. */
const CODE_CACHE_WAIT_MS = 1000;

interface Pending {
  resolve(r: FileResult[]): void;
  reject(e: Error): void;
}

export class WorkerPool {
  /** A free place for a batch: a worker appears once for each batch it could take now. */
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<(w: Worker) => void> = [];
  private readonly pending = new Map<number, Pending>();
  private readonly workers: Worker[] = [];
  private nextId = 0;

  private cache: WorkerCodeCache | undefined;
  /** A worker started without usable cached code: its compiled code is worth keeping when the pool closes. */
  private freshCode = false;
  private readonly exited = new Set<Worker>();

  constructor(size: number, private readonly init: WorkerInit, private readonly script = workerScript()) {
    this.grow(size);
  }

  /** Starts workers until there are `size` (a pool only grows). */
  grow(size: number): void {
    while (this.workers.length < size) {
      const { worker: w, cache } = startScanWorker(this.init, this.script);
      this.cache = cache;
      w.on('message', (msg: WorkerResponse | { codeCache: unknown }) => {
        if ('codeCache' in msg) {
          if (msg.codeCache === 'fresh') this.freshCode = true;
          return; // the code itself is an answer to close(), below
        }
        if (msg.reads) reportReads(msg.reads);
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        this.release(w);
        p?.resolve(msg.results);
      });
      w.on('error', (e) => this.failAll(e));
      w.on('exit', () => this.exited.add(w));
      this.workers.push(w);
      for (let i = 0; i < BATCHES_PER_WORKER; i++) this.release(w);
    }
  }

  async run(tasks: FileTask[]): Promise<FileResult[]> {
    const w = await this.acquire();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, tasks });
    });
  }

  async close(): Promise<void> {
    // An idle worker hands over its compiled code (a busy one, after a cancel, is not waited for).
    const idle = this.idle.find((w) => !this.exited.has(w) && this.idle.filter((x) => x === w).length === BATCHES_PER_WORKER);
    if (this.cache && this.freshCode && idle) await this.keepCompiledCode(idle, this.cache);
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.failAll(new Error('worker pool closed'));
  }

  /** A worker that started without usable cached code hands over what it compiled, for the next run. */
  private async keepCompiledCode(w: Worker, cache: WorkerCodeCache): Promise<void> {
    const data = await new Promise<Buffer | null>((resolve) => {
      const onMessage = (msg: { codeCache?: Uint8Array | string }) => {
        if (!msg || !(msg.codeCache instanceof Uint8Array)) return;
        done(Buffer.from(msg.codeCache.buffer, msg.codeCache.byteOffset, msg.codeCache.byteLength));
      };
      const done = (data: Buffer | null) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        resolve(data);
      };
      const timer = setTimeout(() => done(null), CODE_CACHE_WAIT_MS);
      w.on('message', onMessage);
      w.postMessage({ codeCache: 'get' });
    });
    if (data) cache.save(data);
  }

  private acquire(): Promise<Worker> {
    const w = this.idle.pop();
    if (w) return Promise.resolve(w);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}

/** The scan worker's script, next to this module (dist/worker.js in the bundle): other faces start their own workers on it. */
export function workerScript(): string {
  return path.join(__dirname, 'worker.js');
}
