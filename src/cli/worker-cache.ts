// The scan workers' compiled code, kept between runs as the CLI's own is: the starter (dist/cli.js, from
// scripts/cli-shim.cjs) knows the user's cache folder and exports workerCodeCache (and runWorker, which
// starts a worker from it); the worker pool uses it from here on. From the sources (tests), there is no starter and workers compile as usual.
import * as path from 'node:path';
import { useWorkerCodeCache, type WorkerCodeCache } from '../core/run/pool';

export function useStarterWorkerCache(): void {
  let starter: { workerCodeCache?: (script: string) => WorkerCodeCache | undefined } | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the starter that is already running (dist/cli.js), when there is one
    starter = require(path.join(__dirname, 'cli.js')) as typeof starter;
  } catch {
    return;
  }
  if (typeof starter?.workerCodeCache === 'function') useWorkerCodeCache(starter.workerCodeCache);
}
