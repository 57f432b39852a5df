// Registry throughput: reads and writes per second against the real server process, on SQLite and on
// a throwaway PostgreSQL cluster (Debian's postgresql), with concurrent keep-alive clients on loopback.
// Medians over runs. Uses the registry test support (compiled to out/) to start both back ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const { ServerProcess, PgCluster, makeToken } = require('../../out/test/unit/registry-support.js');

const CLIENTS = 16;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function loop(ms, fn) {
  let n = 0;
  const end = performance.now() + ms;
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    for (let i = 0; performance.now() < end; i++) {
      await fn(c, i);
      n++;
    }
  }));
  return n / (ms / 1000);
}

async function measure(db, { runs, ms }) {
  const server = new ServerProcess(db);
  const token = makeToken(db, 'bench', 'admin');
  await server.start();
  const base = server.url;
  const auth = { Authorization: `Bearer ${token}` };
  try {
    for (let c = 0; c < CLIENTS; c++) {
      const body = { owners: { business: 'group:bench', technical: `group:team-${c}` }, purpose: 'benchmark', environment: 'test', rotation: 'P90D' };
      const r = await fetch(`${base}/v1/identities/bench-${c}`, { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (r.status >= 300) throw new Error(`seed failed: ${r.status}`);
    }
    const reads = [];
    const writes = [];
    for (let run = 0; run < runs; run++) {
      reads.push(await loop(ms, async (c) => {
        const r = await fetch(`${base}/v1/identities/bench-${c}`, { headers: auth });
        await r.arrayBuffer();
      }));
      // Each client patches its own identity, so every write succeeds (If-Match from its last ETag).
      const etags = new Map();
      writes.push(await loop(ms, async (c, i) => {
        let etag = etags.get(c);
        if (!etag) etag = (await fetch(`${base}/v1/identities/bench-${c}`, { headers: auth })).headers.get('etag');
        const r = await fetch(`${base}/v1/identities/bench-${c}`, {
          method: 'PATCH', headers: { ...auth, 'Content-Type': 'application/merge-patch+json', 'If-Match': etag }, body: JSON.stringify({ purpose: `benchmark ${run}.${i}` }),
        });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`write failed: ${r.status}`);
        etags.set(c, r.headers.get('etag'));
      }));
    }
    return { readsPerSec: median(reads), writesPerSec: median(writes) };
  } finally {
    await server.stop();
  }
}

export async function runRegistryBench({ quick, log }) {
  const opts = { runs: quick ? 1 : 3, ms: quick ? 1000 : 3000 };
  const dir = mkdtempSync(path.join(tmpdir(), 'ch-bench-registry-'));
  const out = {};
  try {
    out.sqlite = await measure(path.join(dir, 'registry.db'), opts);
    log(`  SQLite:      ${out.sqlite.readsPerSec.toFixed(0)} reads/s, ${out.sqlite.writesPerSec.toFixed(0)} writes/s (${CLIENTS} clients)`);
    if (PgCluster.findBin()) {
      const cluster = new PgCluster();
      await cluster.start();
      try {
        out.postgres = await measure(await cluster.createDatabase(), opts);
        log(`  PostgreSQL:  ${out.postgres.readsPerSec.toFixed(0)} reads/s, ${out.postgres.writesPerSec.toFixed(0)} writes/s (${CLIENTS} clients)`);
      } finally {
        await cluster.stop();
      }
    } else log('  PostgreSQL:  not installed (apt-get install postgresql), skipped');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runRegistryBench({ quick: process.argv.includes('--quick'), log: console.log });
}
