// What the starter (dist/cli.js, from scripts/cli-shim.cjs) offers the program it starts: it knows the
// user's private cache folders and this build's hashes. It keeps the scan workers' compiled code as it
// keeps the CLI's own (workerCodeCache, and runWorker, which starts a worker from it), and says where
// scan results are kept between runs (scanResultsCache). From the sources (tests) there is no starter:
// workers compile as usual and nothing is kept.
import * as path from 'node:path';
import { useWorkerCodeCache, type WorkerCodeCache } from '../core/run/pool';
import type { ResultsFolder } from '../core/run/results-cache';

interface Starter {
  workerCodeCache?: (script: string) => WorkerCodeCache | undefined;
  scanResultsCache?: () => ResultsFolder | undefined;
}

let starter: Starter | null | undefined;
function theStarter(): Starter | undefined {
  if (starter === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the starter that is already running (dist/cli.js), when there is one
      starter = require(path.join(__dirname, 'cli.js')) as Starter;
    } catch {
      starter = null;
    }
  }
  return starter ?? undefined;
}

export function useStarterWorkerCache(): void {
  const s = theStarter();
  if (typeof s?.workerCodeCache === 'function') useWorkerCodeCache(s.workerCodeCache);
}

/** Where scan results are kept (made when something is kept), and the build that keeps them; undefined without a starter. */
export function scanResultsFolder(): ResultsFolder | undefined {
  const s = theStarter();
  return typeof s?.scanResultsCache === 'function' ? s.scanResultsCache() : undefined;
}
