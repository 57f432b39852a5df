// A small pool of scan workers. Each worker takes one batch at a time; results stream back per batch.
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type * as WorkerThreads from 'node:worker_threads';
import type { FileResult, FileTask } from './file';
import { reportReads } from '../files/bounded';
import type { WorkerInit, WorkerResponse } from './worker';

interface Pending {
  resolve(r: FileResult[]): void;
  reject(e: Error): void;
}

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<(w: Worker) => void> = [];
  private readonly pending = new Map<number, Pending>();
  private readonly workers: Worker[] = [];
  private nextId = 0;

  constructor(size: number, init: WorkerInit, script = path.join(__dirname, 'worker.js')) {
    for (let i = 0; i < size; i++) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when a pool starts: a scan of a few files has none
      const { Worker } = require('node:worker_threads') as typeof WorkerThreads;
      const w = new Worker(script, { workerData: init });
      w.on('message', (msg: WorkerResponse) => {
        if (msg.reads) reportReads(msg.reads);
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        this.release(w);
        p?.resolve(msg.results);
      });
      w.on('error', (e) => this.failAll(e));
      this.workers.push(w);
      this.idle.push(w);
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
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.failAll(new Error('worker pool closed'));
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
