// The workspace model with ownership on, on the generated tree: files read and time to a complete,
// evaluated model, as the CLI builds it now (one read per file, on workers) and as it was built before
// (a scan, then ownership walking and reading every file again), for comparison.
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadOut, median } from './util.mjs';

export async function runModelBench(dir, runs) {
  const { ConfigSchema } = loadOut('core/config/schema.js');
  const { observeReads } = loadOut('core/files/bounded.js');
  const { buildWorkspaceModel } = loadOut('core/model/build.js');
  const { scan } = loadOut('core/run/scanner.js');
  const { runOwnership } = loadOut('core/model/run-ownership.js');
  const config = ConfigSchema.parse({});
  const workers = os.availableParallelism();
  const now = new Date('2026-03-01T00:00:00Z');
  const measure = async (fn) => {
    const times = [];
    let counts = new Map();
    let files = 0;
    for (let i = 0; i < runs; i++) {
      counts = new Map();
      observeReads((f) => counts.set(f, (counts.get(f) ?? 0) + 1));
      const t0 = performance.now();
      files = await fn();
      times.push(performance.now() - t0);
      observeReads(undefined);
    }
    // Reads are attempts: a folder's absent .gitignore and absent CODEOWNERS locations count once each.
    const reads = [...counts.values()].reduce((a, b) => a + b, 0);
    return { ms: median(times), reads, repeated: reads - counts.size, files };
  };
  // ownership 'force': on without a register (the tree has none), as `inventory` runs it.
  const after = await measure(async () => {
    const built = await buildWorkspaceModel({ roots: [dir], base: dir, config, now, workers, ownership: 'force' });
    return built.summary.files;
  });
  const before = await measure(async () => {
    const summary = await scan({ roots: [dir], base: dir, config, workers });
    await runOwnership({ roots: [dir], base: dir, config, findings: summary.findings, now, force: true });
    return summary.files;
  });
  return { workers, files: after.files, after, before };
}
