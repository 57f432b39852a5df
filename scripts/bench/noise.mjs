// Noise: findings per MiB on real code nobody wrote to hold secrets (this project's node_modules, and
// any folders given with --noise-dir, such as public repositories cloned for a local run). Nearly
// every finding there is a false alarm, so the figure is the false-alarm rate a developer sees.
//
//   node scripts/bench/noise.mjs [--noise-dir DIR]...      (also run by scripts/bench.mjs)
//
// Each folder is scanned once with --min-confidence low, so one run gives every confidence tier; the
// default-settings figure counts findings at medium and high (the CLI's and the editor's default).
// The findings left are listed, rule, confidence, path and line (never a value or even a preview),
// in .bench/noise-<name>.txt for hand-checking.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_DIR, fmt, MiB, ROOT } from './util.mjs';

const CLI = path.join(ROOT, 'dist/cli.js');
const RANK = { high: 3, medium: 2, low: 1 };
/** Target: at most one finding per 4 MiB at default settings. */
export const NOISE_TARGET_PER_MIB = 0.25;

/** Scans `dir` (gitignore off) and returns counts per MiB by rule and confidence; writes the list file. */
export function measureNoise(dir, name = path.basename(dir)) {
  const out = path.join(BENCH_DIR, `noise-${name}.json`);
  const r = spawnSync(process.execPath, [CLI, 'scan', dir, '--no-gitignore', '--min-confidence', 'low', '--no-ownership', '--no-progress',
    '--format', 'json', '--output', out], { encoding: 'utf8', maxBuffer: 64 * MiB });
  if (r.status !== 0 && r.status !== 1) throw new Error(`scan of ${dir} failed (exit ${r.status}): ${r.stderr}`);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const mib = report.summary.bytes / MiB;
  const byConfidence = { high: 0, medium: 0, low: 0 };
  const byRule = {};
  for (const f of report.findings) {
    byConfidence[f.confidence]++;
    const k = `${f.ruleId} (${f.confidence})`;
    byRule[k] = (byRule[k] ?? 0) + 1;
  }
  const atDefault = report.findings.filter((f) => RANK[f.confidence] >= RANK.medium).length;
  // Rule, confidence, place: what a person needs to look at the line, and nothing of the value.
  const lines = report.findings
    .map((f) => `${f.confidence.padEnd(6)} ${f.ruleId.padEnd(28)} ${f.path}:${f.range.start.line + 1}`)
    .sort((a, b) => RANK[b.slice(0, 6).trim()] - RANK[a.slice(0, 6).trim()] || (a < b ? -1 : 1));
  const listFile = path.join(BENCH_DIR, `noise-${name}.txt`);
  writeFileSync(listFile, `# ${report.summary.files} files, ${fmt(mib)} MiB; ${report.findings.length} findings, ${atDefault} at default settings (medium and high)\n` +
    `# confidence rule path:line (hand-check each; no values here)\n${lines.join('\n')}\n`);
  return {
    name, files: report.summary.files, mib: +mib.toFixed(1), findings: report.findings.length, atDefault,
    perMiB: +(report.findings.length / mib).toFixed(3), atDefaultPerMiB: +(atDefault / mib).toFixed(3), byConfidence, byRule,
    listFile: path.relative(ROOT, listFile),
  };
}

export function logNoise(n, log) {
  log(`  ${n.name}: ${n.files} files, ${fmt(n.mib)} MiB: ${n.findings} findings (${n.byConfidence.high} high, ${n.byConfidence.medium} medium, ` +
    `${n.byConfidence.low} low) = ${fmt(n.perMiB, 3)}/MiB; at default settings ${n.atDefault} = ${fmt(n.atDefaultPerMiB, 3)}/MiB ` +
    `(1 per ${n.atDefault ? fmt(n.mib / n.atDefault, 1) : '∞'} MiB; target <= ${NOISE_TARGET_PER_MIB}/MiB)`);
  for (const [k, v] of Object.entries(n.byRule).sort((a, b) => b[1] - a[1])) log(`    ${String(v).padStart(5)}  ${k}`);
  log(`    list: ${n.listFile}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'noise-dir': { type: 'string', multiple: true, default: [] } } });
  mkdirSync(BENCH_DIR, { recursive: true });
  const log = (s) => process.stdout.write(s + '\n');
  log('noise (findings per MiB on code nobody wrote to hold secrets):');
  for (const dir of [path.join(ROOT, 'node_modules'), ...values['noise-dir'].map((d) => path.resolve(d))]) logNoise(measureNoise(dir), log);
}
