// The language server over LSP, as an editor drives it: `dist/cli.js lsp` in a child process spoken to
// on stdio by the protocol test client (out/test/unit/support/lsp-client.js). Measures start-up
// (spawn to the initialize answer), didChange to publishDiagnostics on the 1,000-line file the
// extension's figure uses (no debounce, and the default 250 ms), and the server's resident memory
// (its whole process: main thread and analysis workers) with that document open.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { realisticSource } from './corpus.mjs';
import { median, percentile } from './util.mjs';

const require = createRequire(import.meta.url);
const { LspClient } = require('../../out/test/unit/support/lsp-client.js');

const rssMiB = (pid) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

async function session(dir, settings) {
  const started = performance.now();
  const client = new LspClient(dir);
  await client.initialize(dir, { credentialHygiene: { scanOnStartup: false, ...settings } });
  return { client, initializeMs: performance.now() - started };
}

/** didChange -> publishDiagnostics for that version, `n` times: each edit adds or removes a comment on a line. */
async function keystrokes(client, uri, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const line = 10 + (i % 900);
    const start = performance.now();
    const next = client.change(uri, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: '// edit\n' }]);
    await client.nextDiagnostics(uri, () => true, next.version);
    times.push(performance.now() - start);
  }
  return times;
}

export async function runLspBench({ quick, log }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ch-bench-lsp-'));
  const source = realisticSource(0x5eed, 1000);
  const file = path.join(dir, 'src/app/service.ts');
  try {
    const starts = [];
    for (let i = 0; i < (quick ? 3 : 5); i++) {
      const { client, initializeMs } = await session(dir, {});
      starts.push(initializeMs);
      await client.close();
    }
    const out = {};
    for (const [key, debounceMs, n] of [['noDebounce', 0, quick ? 30 : 100], ['defaultDebounce', 250, quick ? 10 : 20]]) {
      const { client } = await session(dir, { debounceMs });
      const doc = client.open(file, source, 'typescript');
      const first = await client.nextDiagnostics(doc.uri, () => true, 1);
      await keystrokes(client, doc.uri, 5); // warm-up: workers' first analyses, JIT
      const times = await keystrokes(client, doc.uri, n);
      out[key] = { samples: times.length, median: median(times), p95: percentile(times, 95), findings: first.diagnostics.length };
      if (key === 'noDebounce') out.rssMiB = rssMiB(client.child.pid);
      await client.close();
    }
    const r = { initializeMs: median(starts), keystrokeToDiagnostics: { noDebounce: out.noDebounce, defaultDebounce: out.defaultDebounce }, rssMiB: out.rssMiB, lines: 1000, bytes: Buffer.byteLength(source) };
    log(`  start-up to initialize answer ${r.initializeMs.toFixed(0)} ms; didChange -> publishDiagnostics on 1,000 lines: no debounce median ${r.keystrokeToDiagnostics.noDebounce.median.toFixed(1)} / p95 ${r.keystrokeToDiagnostics.noDebounce.p95.toFixed(1)} ms, debounce 250 ms median ${r.keystrokeToDiagnostics.defaultDebounce.median.toFixed(0)} ms; server RSS ${r.rssMiB.toFixed(0)} MiB`);
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
