// Worker-thread entry: builds its own engine from plain options, then scans batches it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { toEngineOptions, type SerializableEngineOptions } from '../config/load';
import { Engine } from './engine';
import { scanTask, type FileTask } from './file';

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
  port.on('message', async (req: WorkerRequest) => {
    const results = [];
    for (const t of req.tasks) results.push(await scanTask(engine, t, init.maxFileSize));
    port.postMessage({ id: req.id, results });
  });
}
