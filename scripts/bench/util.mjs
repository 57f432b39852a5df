// Small helpers shared by the benchmark: loading the tsc output, statistics, timing a child process
// (wall time including Node's startup, and its peak RSS), and formatting.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BENCH_DIR = path.join(ROOT, '.bench');

const require = createRequire(import.meta.url);

/** A module of the compiled sources (out/src/...), with a clear message when the build is missing. */
export function loadOut(rel) {
  const file = path.join(ROOT, 'out/src', rel);
  if (!existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run \`node scripts/build.mjs\` first`);
  return require(file);
}

export function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank percentile: always a value that was measured, never an interpolation. */
export function percentile(xs, p) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const MiB = 1024 * 1024;

// GNU time reports the child's peak RSS, which includes worker threads (same process) and, for
// secretlint, the formatter's output buffer: the figure a user's machine actually has to hold.
const GNU_TIME = '/usr/bin/time';
export const hasGnuTime = existsSync(GNU_TIME);
const USAGE_PRELOAD = path.join(ROOT, 'scripts/bench/report-usage.mjs');

/**
 * Runs a command to completion. Returns wall milliseconds; peak RSS in KiB and CPU seconds (user +
 * system) when GNU time is there; the exit code and the tail of stderr. CPU time is reported next to
 * wall time because this machine may be shared: wall time then includes waiting for a core, CPU
 * time does not. A run that exceeds `timeoutMs` is killed and flagged.
 */
export function timeCommand(cmd, args, { cwd = ROOT, timeoutMs = 0, env } = {}) {
  // Without GNU time, a Node command reports its own usage from a preloaded module.
  const argv = hasGnuTime ? [GNU_TIME, ['-f', '__BENCH_RSS_KB=%M __BENCH_CPU=%U+%S', cmd, ...args]]
    : cmd === process.execPath ? [cmd, ['--import', USAGE_PRELOAD, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // Its own process group, so whatever is left after a timeout can be stopped at once.
    const child = spawn(argv[0], argv[1], { cwd, stdio: ['ignore', 'ignore', 'pipe'], detached: true, env: env ? { ...process.env, ...env } : process.env });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-20000);
    });
    let timedOut = false;
    let last;
    const timer = timeoutMs ? setTimeout(() => {
      timedOut = true;
      // Kill the command under GNU time first, so time still reports its peak RSS and CPU up to
      // here; then, should anything be left, the whole group.
      for (const pid of childrenOf(child.pid)) killQuietly(pid);
      if (!hasGnuTime) killQuietly(-child.pid);
      last = setTimeout(() => killQuietly(-child.pid), 5000);
    }, timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      clearTimeout(last);
      const m = /__BENCH_RSS_KB=(\d+) __BENCH_CPU=([\d.]+)\+([\d.]+)/.exec(stderr);
      resolve({
        ms, rssKb: m ? Number(m[1]) : undefined, cpuS: m ? Number(m[2]) + Number(m[3]) : undefined, code, timedOut,
        stderr: stderr.replace(/__BENCH_RSS_KB=.*\n?/g, '').trim(),
      });
    });
  });
}

function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function killQuietly(pid) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Runs a Node script that prints JSON lines; returns every document it printed, and whether it
 * finished, failed or was killed at `timeoutMs` (the documents then show how far it got).
 */
export function runNodeLines(script, args, { timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const docs = out.split('\n').filter(Boolean).flatMap((l) => {
        try {
          return [JSON.parse(l)];
        } catch {
          return [];
        }
      });
      resolve({ ok: code === 0 && !timedOut, timedOut, docs });
    });
  });
}

export function fmt(n, digits = 1) {
  if (n === undefined || n === null || Number.isNaN(n)) return 'n/a';
  return n >= 100 ? n.toFixed(0) : n.toFixed(digits);
}

export function pad(s, n) {
  s = String(s);
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}
