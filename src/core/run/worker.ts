// Worker-thread entry: builds its own engine from plain options, then analyzes batches it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { materialize, type AnalysisOptions } from '../analysis/analyze';
import { observeReads } from '../files/bounded';
import { toEngineOptions, type SerializableEngineOptions } from '../config/custom-rules';
import { Engine } from '../scan/engine';
import type { Finding } from '../findings';
import { baselineMayMatch, isAgentRule } from '../suppress/may-match';
import { scanTaskSync, type FileResult, type FileTask } from './file';
import type { Confidence } from '../types/kinds';

export interface WorkerInit {
  engine: SerializableEngineOptions;
  maxFileSize: number;
  analysis?: AnalysisOptions;
  /** Report the paths this worker reads with each batch (the main thread observes reads). */
  observeReads?: boolean;
  /** Findings below this confidence get an empty fingerprint instead of a computed one (ScanRequest). */
  fingerprintsFrom?: Confidence;
  /** Say which file on disk each result was made of (a results cache keeps them: FileResult.identity). */
  identities?: boolean;
  /**
   * Only findings a baseline with entries of these rules could match carry a fingerprint (the others an
   * empty one): for a face that names findings without one and matches them against its baseline on its
   * own thread (the language server). A password's fingerprint is scrypt, and each keystroke in its value
   * makes a new one. Undefined: every finding at or above `fingerprintsFrom` carries one.
   */
  fingerprintRules?: readonly string[];
}

export interface WorkerRequest {
  id: number;
  tasks: FileTask[];
}

export interface WorkerResponse {
  id: number;
  results: FileResult[];
  reads?: string[];
}

if (parentPort) {
  const port = parentPort;
  // Started directly, or by the code-cache bootstrap (pool.ts), which passes the same data inside its own.
  const init = ((workerData as { workerInit?: WorkerInit }).workerInit ?? workerData) as WorkerInit;
  const analyzer = { engine: new Engine(toEngineOptions(init.engine)), options: init.analysis };
  const rules = init.fingerprintRules ? new Set(init.fingerprintRules) : undefined;
  const agentEntries = Boolean(rules && [...rules].some(isAgentRule));
  const wanted = rules && ((f: Finding) => baselineMayMatch(f, rules, agentEntries));
  let reads: string[] | undefined;
  if (init.observeReads) observeReads((f) => reads?.push(f));
  port.on('message', (req: WorkerRequest) => {
    if (!Array.isArray(req?.tasks)) return; // the bootstrap's own messages
    reads = init.observeReads ? [] : undefined;
    // Fingerprints are lazy getters: make them plain values before the results are cloned.
    const results = req.tasks.map((t) => materialize(scanTaskSync(analyzer, t, init.maxFileSize, init.identities), init.fingerprintsFrom, wanted));
    const res: WorkerResponse = { id: req.id, results, ...(reads ? { reads } : {}) };
    port.postMessage(res);
  });
}
