// Worker-thread entry for a history scan off the caller's thread (the editor's extension host must
// never block): it takes plain options, runs scanHistory, and posts back plain findings (fingerprints
// already computed) and what was read. A message `abort` stops it.
import { parentPort, workerData } from 'node:worker_threads';
import { scanHistory, type HistoryScanRequest, type HistoryScanSummary } from './scan';

export type HistoryWorkerInit = Omit<HistoryScanRequest, 'signal' | 'onProgress'>;
export type HistoryWorkerResult = { ok: true; summary: HistoryScanSummary } | { ok: false; error: string };

if (parentPort) {
  const port = parentPort;
  const ac = new AbortController();
  port.on('message', (m: { type?: string }) => {
    if (m?.type === 'abort') ac.abort();
  });
  scanHistory({ ...(workerData as HistoryWorkerInit), signal: ac.signal }).then(
    (summary) => port.postMessage({ ok: true, summary } satisfies HistoryWorkerResult),
    // The message of our own errors says what and where, never a value.
    (e: Error) => port.postMessage({ ok: false, error: e.message } satisfies HistoryWorkerResult),
  ).finally(() => port.close());
}
