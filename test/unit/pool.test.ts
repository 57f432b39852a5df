// The scan workers (src/core/run/pool.ts), real worker threads running out/src/core/run/worker.js.
import * as assert from 'node:assert/strict';
import { WorkerPool } from '../../src/core/run/pool';
import { SampleGen } from '../../src/core/rules/sample-gen';

describe('worker pool', () => {
  it('a worker holds two batches at once: the next waits in its queue, not for this thread; every result comes back to its batch', async () => {
    const g = new SampleGen(5);
    const pool = new WorkerPool(1, { engine: { disabledRules: [], severityOverrides: {}, customRules: [] }, maxFileSize: 1 << 20 });
    const slots = () => (pool as unknown as { idle: unknown[] }).idle.length;
    try {
      assert.equal(slots(), 2, 'one worker, two places for batches');
      const batches = Array.from({ length: 5 }, (_, b) =>
        Array.from({ length: 3 }, (_, i) => ({ rel: `b${b}/f${i}.ts`, content: i === 1 ? `const token = "${g.checksummedToken('ghp_')}";\n` : 'const x = 1;\n' })));
      const runs = batches.map((batch) => pool.run(batch));
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(slots(), 0, 'two batches handed over at once, the other three wait for a place');
      const results = await Promise.all(runs);
      results.forEach((rs, b) => {
        assert.deepEqual(rs.map((r) => r.path), batches[b].map((t) => t.rel));
        assert.deepEqual(rs.map((r) => r.findings.length), [0, 1, 0]);
      });
      assert.equal(slots(), 2, 'both places free again');
    } finally {
      await pool.close();
    }
  });
});
