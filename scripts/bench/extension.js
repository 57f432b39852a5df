#!/usr/bin/env node
// Extension figures from a real VS Code (code-server): activation time and keystroke-to-diagnostics
// latency on a 1,000-line file, several runs, medians. Prints a table and writes .bench/extension.json.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { startHost, makeWorkspace, ROOT } = require('../../test/vscode/host');

const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function once(i) {
  const out = path.join(ROOT, '.bench', `extension-run-${i}.json`);
  fs.rmSync(out, { force: true });
  process.env.CH_BENCH_OUT = out;
  const { ws, cleanup } = makeWorkspace('bench', { 'README.md': '# bench\n' });
  let finish;
  const done = new Promise((r) => (finish = r));
  const timer = setTimeout(() => finish(124), 120_000);
  const host = await startHost({ workspace: ws, testsPath: path.join(ROOT, 'out/test/vscode/bench/index'), trust: true, onExit: finish, settings: { 'credentialHygiene.scanOnStartup': false } });
  const code = await done;
  clearTimeout(timer);
  await host.close();
  cleanup();
  const result = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : undefined;
  if (code !== 0 || !result || result.error) throw new Error(`benchmark run ${i} failed (exit ${code})${result?.error ? `: ${result.error}` : ''}`);
  return result;
}

(async () => {
  fs.mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(i));
  const result = {
    runs: RUNS,
    activationMs: median(runs.map((r) => r.activationMs)),
    keystrokeToDiagnostics: {
      defaultDebounce: { median: median(runs.map((r) => r.keystrokeToDiagnosticsMs.defaultDebounce.median)), p95: median(runs.map((r) => r.keystrokeToDiagnosticsMs.defaultDebounce.p95)) },
      noDebounce: { median: median(runs.map((r) => r.keystrokeToDiagnosticsMs.noDebounce.median)), p95: median(runs.map((r) => r.keystrokeToDiagnosticsMs.noDebounce.p95)) },
    },
    documentScan: { median: median(runs.map((r) => r.documentScanMs.median)), p95: median(runs.map((r) => r.documentScanMs.p95)) },
    // Start-up analysis of the bench workspace: time to a complete model, files read, reads repeated.
    startup: runs[0].startup && {
      ms: median(runs.map((r) => r.startup.ms)), reads: median(runs.map((r) => r.startup.reads)), repeated: median(runs.map((r) => r.startup.repeated)),
      files: runs[0].startup.files,
    },
  };
  fs.writeFileSync(path.join(ROOT, '.bench/extension.json'), JSON.stringify(result, null, 2));
  const f = (n) => `${n.toFixed(1)} ms`;
  console.log(`extension (real VS Code, medians of ${RUNS} runs)`);
  console.log(`  activation                                   ${f(result.activationMs)}`);
  console.log(`  keystroke -> diagnostics, 1,000 lines, debounce 250 ms   median ${f(result.keystrokeToDiagnostics.defaultDebounce.median)}  p95 ${f(result.keystrokeToDiagnostics.defaultDebounce.p95)}`);
  console.log(`  keystroke -> diagnostics, 1,000 lines, no debounce       median ${f(result.keystrokeToDiagnostics.noDebounce.median)}  p95 ${f(result.keystrokeToDiagnostics.noDebounce.p95)}`);
  console.log(`  document scan (engine + baseline), 1,000 lines           median ${f(result.documentScan.median)}  p95 ${f(result.documentScan.p95)}`);
  if (result.startup) {
    const again = Object.entries(result.startup.files ?? {}).filter(([, n]) => n > 1).map(([file, n]) => `${file} ${n}x`);
    console.log(`  start-up, complete workspace model                      ${f(result.startup.ms)}, ${result.startup.reads} files read, ${result.startup.repeated} repeated${again.length ? ` (${again.join(', ')})` : ''}`);
  }
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
