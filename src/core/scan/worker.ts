// Worker-thread entry: builds its own engine from plain options, then scans batches it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { toEngineOptions, type SerializableEngineOptions } from '../config/load';
import { Engine } from './engine';
import { scanTaskSync, type FileTask } from './file';

export interface WorkerInit {
  engine: SerializableEngineOptions;
  maxFileSize: number;
}

export interface WorkerRequest {
  id: number;
  tasks: FileTask[];
}

if (parentPort) {
  const port = parentPort;
  const init = workerData as WorkerInit;
  const engine = new Engine(toEngineOptions(init.engine));
  port.on('message', (req: WorkerRequest) => {
    port.postMessage({ id: req.id, results: req.tasks.map((t) => scanTaskSync(engine, t, init.maxFileSize)) });
  });
}
