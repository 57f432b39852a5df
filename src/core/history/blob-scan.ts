// Scanning history blobs on a second thread: the history scan hands every other group of blobs to one
// worker (history-worker.js in `blobs` mode) while it scans the next group itself, so the scan uses
// both cores. A worker sends back, per blob and path, each finding with its in-run secret id (keyed
// hash of rule and value, under the run's random key) and an empty fingerprint: values never leave the
// thread that read them. At the end, the scan asks the worker for the fingerprints of the secrets it
// reports (computed there, off the main thread, as the worker met them).
import { createHmac } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { toEngineOptions, type SerializableEngineOptions } from '../config/custom-rules';
import { decode, type Skipped } from '../files/read';
import { fingerprintRule, meetsConfidence, type Finding } from '../findings';
import { Engine } from '../scan/engine';
import type { Confidence } from '../types/kinds';

/** One finding in one blob, and its secret's id within the run. */
export interface Hit {
  id: string;
  finding: Finding;
}

export interface BlobScanInit {
  kind: 'blobs';
  engine: SerializableEngineOptions;
  runKey: Uint8Array;
  minConfidence?: Confidence;
}

/** A blob's outcome: skipped (and why), or its hits per path (in the order the paths were given). */
export type BlobResult = { skip: Skipped['reason']; detail: string } | { bytes: number; hits: Hit[][] };

type Request = { type: 'scan'; id: number; blobs: Array<{ bytes: Uint8Array; paths: string[] }> } | { type: 'fingerprints'; id: number; ids: string[] };
type Response = { id: number; results?: BlobResult[]; fingerprints?: Array<[string, string]>; error?: string };

/** Scans blobs with one engine, remembering each secret's first finding (for its fingerprint). */
export class BlobScanner {
  private readonly warming = new Map<string, Promise<void>>();
  private readonly held = new Map<string, Finding>();

  constructor(private readonly engine: Engine, private readonly runKey: Uint8Array, private readonly minConfidence?: Confidence) {}

  scan(bytes: Uint8Array, paths: readonly string[]): BlobResult {
    const text = decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if ('skip' in text) return { skip: text.skip, detail: text.detail };
    return { bytes: bytes.byteLength, hits: paths.map((p) => this.hits(text.text, p)) };
  }

  /** A text's hits at `path`; each new secret's fingerprint starts computing off the main thread. */
  hits(text: string, path: string): Hit[] {
    return this.engine.scan(text, path).findings.map((f) => {
      const value = text.slice(f.offset.start, f.offset.end);
      // Keyed like the fingerprint: one value is one secret whichever rule reports it (an agent config's).
      const id = createHmac('sha256', this.runKey).update(fingerprintRule(f)).update('\0').update(value).digest('base64');
      if (!this.held.has(id)) {
        this.held.set(id, f);
        if (!this.minConfidence || meetsConfidence(f, this.minConfidence)) this.warming.set(id, this.engine.warmFingerprint(f, value));
      }
      return { id, finding: f };
    });
  }

  /** Once the fingerprints of these secrets (those this scanner met and warmed) are computed. */
  async warmed(ids: readonly string[]): Promise<void> {
    await Promise.all(ids.map((id) => this.warming.get(id)));
  }

  /** The fingerprints of these secrets (those this scanner met). */
  async fingerprints(ids: readonly string[]): Promise<Array<[string, string]>> {
    await this.warmed(ids);
    return ids.flatMap((id) => {
      const f = this.held.get(id);
      return f ? [[id, f.fingerprint] as [string, string]] : [];
    });
  }
}

/** A finding as it crosses to another thread: every field but the lazy fingerprint (read would compute it). */
function portable(f: Finding): Finding {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(f)) if (k !== 'fingerprint') out[k] = (f as unknown as Record<string, unknown>)[k];
  out.fingerprint = '';
  return out as unknown as Finding;
}

/** The worker's side (history/worker.ts calls it in `blobs` mode). */
export function serveBlobScans(port: { on(e: 'message', l: (m: Request) => void): void; postMessage(m: Response): void }, init: BlobScanInit): void {
  const scanner = new BlobScanner(new Engine(toEngineOptions(init.engine)), init.runKey, init.minConfidence);
  port.on('message', (m) => {
    if (m.type === 'scan') {
      try {
        const results = m.blobs.map((b) => {
          const r = scanner.scan(b.bytes, b.paths);
          return 'hits' in r ? { bytes: r.bytes, hits: r.hits.map((hs) => hs.map((h) => ({ id: h.id, finding: portable(h.finding) }))) } : r;
        });
        port.postMessage({ id: m.id, results });
      } catch (e) {
        port.postMessage({ id: m.id, error: (e as Error).message });
      }
    } else {
      void scanner.fingerprints(m.ids).then((fingerprints) => port.postMessage({ id: m.id, fingerprints }));
    }
  });
}

/** The scan's side: one worker, started on demand; requests answered in any order. */
export class BlobWorker {
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<number, { resolve(r: Response): void; reject(e: Error): void }>();
  /** Ids of the secrets this worker met (it holds their values' fingerprints). */
  readonly met = new Set<string>();

  constructor(script: string, init: BlobScanInit) {
    this.worker = new Worker(script, { workerData: init });
    this.worker.unref();
    this.worker.on('message', (r: Response) => {
      const w = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      if (r.error !== undefined) w?.reject(new Error(r.error));
      else w?.resolve(r);
    });
    const fail = (e: Error) => {
      this.failed = true;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', () => fail(new Error('the history scan worker stopped')));
  }

  private ask(m: Omit<Extract<Request, { type: 'scan' }>, 'id'> | Omit<Extract<Request, { type: 'fingerprints' }>, 'id'>): Promise<Response> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...m, id });
    });
  }

  /** Groups sent and not answered yet. */
  private queued = 0;
  /** The worker stopped or failed: what it was sent is scanned on the caller's thread instead. */
  failed = false;

  /** Whether the worker can take a group now: running, with fewer than two queued (one scanning, one waiting). */
  get ready(): boolean {
    return !this.failed && this.queued < 2;
  }

  async scan(blobs: Array<{ bytes: Uint8Array; paths: string[] }>): Promise<BlobResult[]> {
    this.queued++;
    try {
      const results = (await this.ask({ type: 'scan', blobs })).results ?? [];
      for (const r of results) if ('hits' in r) for (const hs of r.hits) for (const h of hs) this.met.add(h.id);
      return results;
    } finally {
      this.queued--;
    }
  }

  async fingerprints(ids: readonly string[]): Promise<Map<string, string>> {
    const mine = ids.filter((id) => this.met.has(id));
    if (!mine.length) return new Map();
    return new Map((await this.ask({ type: 'fingerprints', ids: mine })).fingerprints ?? []);
  }

  terminate(): void {
    void this.worker.terminate();
  }
}
