// History scan throughput (`scan --history --all-branches`) on a generated repository of 5,000+
// commits and on this project's own history, each as a ratio to `git log -p --all` to /dev/null in
// the same run: the floor, what merely reading every commit's changes costs. Target: within 3x.
// The generated repository is written once with `git fast-import` (fixed seed and dates) into
// .bench/history-repo and reused; secrets are planted, removed and re-added along the way.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BENCH_DIR, fmt, loadOut, median, ROOT, timeCommand } from './util.mjs';

const CLI = path.join(ROOT, 'dist/cli.js');
export const HISTORY_TARGET_RATIO = 3;
const COMMITS = 5000;
const FILES = 240;
const VERSION = 'v1'; // bump when the generator changes

/** A repository of COMMITS commits on main (and two side branches), built once. */
export function ensureHistoryRepo() {
  const dir = path.join(BENCH_DIR, 'history-repo');
  const stamp = path.join(dir, '.git', 'bench-version');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === VERSION) return dir;
  rmSync(dir, { recursive: true, force: true });
  const init = spawnSync('git', ['init', '-q', '-b', 'main', dir], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`git init: ${init.stderr}`);
  const { SampleGen } = loadOut('core/rules/sample-gen.js');
  const g = new SampleGen(0x4157);
  const words = ['client', 'order', 'invoice', 'payment', 'user', 'session', 'ledger', 'report', 'cache', 'queue', 'retry', 'limit', 'value', 'status'];
  const line = () => {
    const a = g.pick(words);
    const b = g.pick(words);
    switch (g.int(4)) {
      case 0: return `export function ${a}${b[0].toUpperCase()}${b.slice(1)}(x: number): number { return x * ${g.int(1000)}; }`;
      case 1: return `const ${a}_${b} = ${JSON.stringify(`${a}-${b}-${g.int(100000)}`)};`;
      case 2: return `  // ${a} ${b}: keep the ${g.pick(words)} in step with the ${g.pick(words)}`;
      default: return `if (${a}.${b} > ${g.int(500)}) ${a}.${b} = ${g.int(500)};`;
    }
  };
  const files = Array.from({ length: FILES }, (_, i) => ({
    path: `src/${words[i % words.length]}/${words[(i >> 3) % words.length]}-${i}.ts`,
    lines: Array.from({ length: 40 + g.int(120) }, line),
  }));
  const chunks = [];
  const put = (s) => chunks.push(Buffer.from(s));
  const data = (s) => {
    const b = Buffer.from(s);
    put(`data ${b.length}\n`);
    chunks.push(b, Buffer.from('\n'));
  };
  let time = Date.UTC(2020, 0, 1) / 1000;
  const commit = (ref, mark, from, message, changes) => {
    time += 3600;
    put(`commit ${ref}\nmark :${mark}\nauthor Bench <bench@example.com> ${time} +0000\ncommitter Bench <bench@example.com> ${time} +0000\n`);
    data(message);
    if (from) put(`from :${from}\n`);
    for (const c of changes) {
      if (c.delete) put(`D ${c.path}\n`);
      else {
        put(`M 100644 inline ${c.path}\n`);
        data(c.text);
      }
    }
  };
  commit('refs/heads/main', 1, 0, 'initial', files.map((f) => ({ path: f.path, text: f.lines.join('\n') + '\n' })));
  for (let n = 2; n <= COMMITS; n++) {
    const changes = [];
    for (let k = 1 + g.int(2); k > 0; k--) {
      const f = g.pick(files);
      for (let e = 1 + g.int(3); e > 0; e--) f.lines[g.int(f.lines.length)] = line();
      if (g.int(4) === 0) f.lines.push(line());
      changes.push({ path: f.path, text: f.lines.join('\n') + '\n' });
    }
    // Every 250th commit leaks a token in a config file, and the next one in 10 takes it out again.
    if (n % 250 === 0) {
      changes.push({ path: `config/leak-${n}.ts`, text: `export const LEAK_${n}_TOKEN = "${g.checksummedToken('ghp_')}";\n` });
    }
    if (n % 250 === 10 && n > 250) changes.push({ path: `config/leak-${n - 10}.ts`, delete: true });
    commit('refs/heads/main', n, n - 1, `change ${n}`, changes);
  }
  for (const [i, at] of [[1, 1500], [2, 3500]]) {
    commit(`refs/heads/side-${i}`, COMMITS + i, at, `side ${i}`, [{ path: `side/${i}.ts`, text: `export const SIDE_${i}_TOKEN = "${g.checksummedToken('ghp_')}";\n` }]);
  }
  const fi = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: Buffer.concat(chunks), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (fi.status !== 0) throw new Error(`git fast-import: ${fi.stderr}`);
  spawnSync('git', ['gc', '-q'], { cwd: dir });
  spawnSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
  writeFileSync(stamp, VERSION);
  return dir;
}

async function measure(dir, runs) {
  const reportFile = path.join(BENCH_DIR, `history-${path.basename(dir)}.json`);
  const ours = (out) => [CLI, 'scan', '--history', '--all-branches', '--format', 'json', '--output', out, '--no-progress'];
  const warm = await timeCommand(process.execPath, ours(reportFile), { cwd: dir, timeoutMs: 900_000 });
  if (warm.code !== 0 && warm.code !== 1) throw new Error(`scan --history failed on ${dir} (exit ${warm.code}): ${warm.stderr}`);
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const oursMs = [];
  const gitMs = [];
  const ratios = [];
  const cpuRatios = [];
  for (let i = 0; i < runs; i++) {
    // Interleaved, so both see the same load; the ratio is per pair, then the median.
    const gl = await timeCommand('git', ['-c', 'core.pager=cat', 'log', '-p', '--all', '--no-color'], { cwd: dir, timeoutMs: 900_000 });
    const us = await timeCommand(process.execPath, ours('/dev/null'), { cwd: dir, timeoutMs: 900_000 });
    gitMs.push(gl.ms);
    oursMs.push(us.ms);
    ratios.push(us.ms / gl.ms);
    if (us.cpuS !== undefined && gl.cpuS) cpuRatios.push(us.cpuS / gl.cpuS);
  }
  return {
    commits: report.history.commits, blobs: report.history.blobs, findings: report.summary.findings, bytes: report.summary.bytes,
    oursMs: median(oursMs), gitLogMs: median(gitMs), ratio: median(ratios), cpuRatio: cpuRatios.length ? median(cpuRatios) : undefined,
    commitsPerSec: report.history.commits / (median(oursMs) / 1000),
  };
}

export async function runHistoryBench({ runs, log }) {
  log('\nhistory scan (scan --history --all-branches) against `git log -p --all` > /dev/null:');
  const generated = await measure(ensureHistoryRepo(), runs);
  log(`  generated: ${generated.commits} commits, ${generated.blobs} blobs, ${generated.findings} findings: ${fmt(generated.oursMs / 1000, 2)} s vs git log -p ${fmt(generated.gitLogMs / 1000, 2)} s = ${fmt(generated.ratio, 2)}x, CPU ${fmt(generated.cpuRatio, 2)}x (${fmt(generated.commitsPerSec, 0)} commits/s)`);
  const own = await measure(ROOT, runs);
  log(`  this project: ${own.commits} commits, ${own.blobs} blobs, ${own.findings} findings: ${fmt(own.oursMs / 1000, 2)} s vs git log -p ${fmt(own.gitLogMs / 1000, 2)} s = ${fmt(own.ratio, 2)}x, CPU ${fmt(own.cpuRatio, 2)}x (startup and fingerprints weigh more on a short history)`);
  return { generated, own, target: HISTORY_TARGET_RATIO };
}
