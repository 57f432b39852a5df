// Analyses off the message loop: a few worker threads on the scan worker's script (src/core/run/
// worker.ts), each analyzing one file at a time. Every analysis has a deadline: a file that takes
// longer (a hostile document) gets its worker terminated and replaced, and is reported as not
// analyzed; the other workers keep serving the other documents meanwhile.
import type { Worker } from 'node:worker_threads';
import type { FileResult, FileTask } from '../core/run/file';
import { startScanWorker } from '../core/run/pool';
import type { WorkerInit, WorkerRequest, WorkerResponse } from '../core/run/worker';

export type AnalysisOutcome =
  | { ok: true; result: FileResult }
  | { ok: false; reason: 'deadline' | 'failed' | 'closed'; detail: string };

interface Job {
  task: FileTask;
  resolve(o: AnalysisOutcome): void;
}

interface Slot {
  worker: Worker;
  /** The worker has built its engine (answered the empty warm-up batch): deadlines start from here. */
  ready: boolean;
  job?: Job;
  id: number;
  timer?: NodeJS.Timeout;
}

const WARM_UP = -1;

export class AnalysisWorkers {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;
  /** Workers replaced after a deadline or a crash (tests and logs read it). */
  replaced = 0;

  constructor(private readonly init: WorkerInit, size: number, private readonly deadlineMs: number, private readonly onLog: (m: string) => void = () => undefined) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Analyzes one file (its text in `task.content`, or read from `task.abs` with the bounded reader). */
  analyze(task: FileTask): Promise<AnalysisOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, reason: 'closed', detail: 'the server is shutting down' });
    return new Promise((resolve) => {
      this.queue.push({ task, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.resolve({ ok: false, reason: 'closed', detail: 'the server is shutting down' });
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => this.stop(s, { ok: false, reason: 'closed', detail: 'the server is shutting down' })));
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startScanWorker(this.init).worker, ready: false, id: WARM_UP };
    slot.worker.unref();
    slot.worker.postMessage({ id: WARM_UP, tasks: [] } satisfies WorkerRequest);
    slot.worker.on('message', (msg: WorkerResponse) => {
      if (msg.id === WARM_UP) {
        slot.ready = true;
        this.dispatch();
        return;
      }
      if (msg.id !== slot.id || !slot.job) return;
      const job = slot.job;
      this.finish(slot);
      job.resolve(msg.results[0] ? { ok: true, result: msg.results[0] } : { ok: false, reason: 'failed', detail: 'no result' });
      this.dispatch();
    });
    slot.worker.on('error', (e) => this.replace(slot, { ok: false, reason: 'failed', detail: `the analysis failed: ${e.message}` }));
    slot.worker.on('exit', () => {
      if (!this.closed && this.slots.includes(slot)) this.replace(slot, { ok: false, reason: 'failed', detail: 'the analysis worker stopped' });
    });
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job || !slot.ready) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.job = job;
      slot.id = this.nextId++;
      slot.timer = setTimeout(() => {
        this.onLog(`analysis of ${job.task.rel} took over ${this.deadlineMs} ms: its worker is replaced`);
        this.replace(slot, { ok: false, reason: 'deadline', detail: `its analysis took longer than ${this.deadlineMs} ms (credentialHygiene.analysisTimeoutMs) and was stopped` });
      }, this.deadlineMs);
      const req: WorkerRequest = { id: slot.id, tasks: [job.task] };
      slot.worker.postMessage(req);
    }
  }

  private finish(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
  }

  /** Ends the slot's worker, answers its job with `outcome`, and puts a fresh worker in its place. */
  private replace(slot: Slot, outcome: AnalysisOutcome): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    void this.stop(slot, outcome);
    if (this.closed) return;
    this.replaced++;
    this.slots[i] = this.spawn();
    this.dispatch();
  }

  private async stop(slot: Slot, outcome: AnalysisOutcome): Promise<void> {
    const job = slot.job;
    this.finish(slot);
    job?.resolve(outcome);
    slot.worker.removeAllListeners('exit');
    slot.worker.removeAllListeners('message');
    slot.worker.on('error', () => undefined);
    await slot.worker.terminate();
  }
}
