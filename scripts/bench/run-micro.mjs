// Drives micro.mjs: per-document latency, then every adversarial line in its own child process
// with a timeout, then each rule alone on the lines to say which rule costs most.
//
// These measurements are single-threaded; the figures judged are per-run min(wall, CPU), which on a
// shared machine estimates what an idle one would measure (see timeOnce in micro.mjs). Wall and CPU
// time are kept beside them.
import * as path from 'node:path';
import { fmt, pad, ROOT, runNodeLines } from './util.mjs';

const MICRO = path.join(ROOT, 'scripts/bench/micro.mjs');
const WORST_LINES_PER_RULE_QUICK = 3;

/** Sort key: slowest first, and a run that never finished slowest of all. */
const cost = (x) => (x.timedOut ? Infinity : x.ms);

export async function runMicro({ quick, log }) {
  const q = quick ? ['--quick'] : [];
  const caseTimeoutMs = quick ? 60_000 : 180_000;

  const lat = await runNodeLines(MICRO, ['latency', ...q], { timeoutMs: 120_000 });
  const latency = lat.docs.find((d) => d.type === 'latency');
  if (latency) {
    const { source1000: s, source1MiB: b } = latency;
    log(`\nEngine.scanText latency, one thread:`);
    log(`  1,000-line TS file (${fmt(s.bytes / 1024)} KiB), ${s.iterations} runs after 2,000: p50 ${fmt(s.p50, 2)} ms, p95 ${fmt(s.p95, 2)} ms, max ${fmt(s.max, 2)} ms ` +
      `(wall p95 ${fmt(s.wallP95, 2)}, CPU p95 ${fmt(s.cpuP95, 2)})`);
    log(`    the first ${s.early.iterations} runs after 50 (still compiling): p50 ${fmt(s.early.p50, 2)} ms, p95 ${fmt(s.early.p95, 2)} ms, max ${fmt(s.early.max, 2)} ms ` +
      `(wall p95 ${fmt(s.early.wallP95, 2)}, CPU p95 ${fmt(s.early.cpuP95, 2)})`);
    log(`  1 MiB source file, ${b.iterations} runs: p50 ${fmt(b.p50)} ms, p95 ${fmt(b.p95)} ms (wall p95 ${fmt(b.wallP95)}, CPU p95 ${fmt(b.cpuP95)}); ` +
      `${fmt(1000 / b.p50)} MiB/s on one core`);
  } else log('\nEngine.scanText latency: the measuring process failed or timed out');

  const { cases } = (await runNodeLines(MICRO, ['cases'], { timeoutMs: 60_000 })).docs[0];
  const size = quick ? '256 KiB' : '1 MiB';
  const lines = [];
  const rules = [];
  /** Rules that never finished within the timeout: the culprit is the last `start` without a `rule`. */
  const hung = [];
  const collect = (c, run) => {
    for (const d of run.docs) if (d.type === 'rule') rules.push(d);
    if (run.timedOut) {
      const done = new Set(run.docs.filter((d) => d.type === 'rule').map((d) => d.id));
      const culprit = run.docs.filter((d) => d.type === 'start' && !done.has(d.id)).at(-1);
      if (culprit) hung.push({ case: c, id: culprit.id, kind: culprit.kind, timedOut: true, timeoutS: caseTimeoutMs / 1000 });
    }
  };
  log(`\nadversarial ${size} inputs, whole engine, median ms (wall median, wall max, CPU median):`);
  for (const c of cases) {
    // The full run times every rule alone on every line; a quick run only on the worst few lines.
    const run = await runNodeLines(MICRO, ['adversarial', c, ...q, ...(quick ? [] : ['--per-rule'])], { timeoutMs: caseTimeoutMs });
    const line = run.docs.find((d) => d.type === 'line');
    if (line) {
      lines.push(line);
      collect(c, run);
    } else {
      lines.push({ case: c, timedOut: true, timeoutS: caseTimeoutMs / 1000 });
      // The whole engine never finished: find the rule that does not, one rule at a time.
      collect(c, await runNodeLines(MICRO, ['adversarial', c, ...q, '--rules-only'], { timeoutMs: caseTimeoutMs }));
    }
    const shown = line ? `${fmt(line.ms)} ms (${fmt(line.wallMs)}, ${fmt(line.wallMaxMs)}, ${fmt(line.cpuMs)}), ${line.findings} finding(s)` : `did not finish in ${caseTimeoutMs / 1000} s`;
    log(`  ${pad(c, 30)} ${shown}`);
  }
  const byCost = [...lines].sort((a, b) => cost(b) - cost(a));
  if (quick) {
    for (const l of byCost.slice(0, WORST_LINES_PER_RULE_QUICK).filter((l) => !l.timedOut)) {
      collect(l.case, await runNodeLines(MICRO, ['adversarial', l.case, ...q, '--rules-only'], { timeoutMs: caseTimeoutMs }));
    }
  }

  // Which rule costs most on each of the worst lines, and the worst figure per rule and per kind.
  const costliest = byCost.slice(0, 3).map((l) => {
    const top = [...hung, ...rules].filter((r) => r.case === l.case).sort((a, b) => cost(b) - cost(a)).slice(0, 3);
    return { case: l.case, ms: l.ms, timedOut: Boolean(l.timedOut), topRules: top };
  });
  log('  costliest rules, each alone in an engine, on the worst lines (ms):');
  for (const c of costliest) {
    log(`    ${pad(c.case, 28)} ${c.topRules.map((r) => `${r.id} ${r.timedOut ? 'hangs' : fmt(r.ms)}`).join(', ') || 'n/a'}`);
  }
  const worstPerRule = new Map();
  for (const r of [...rules, ...hung]) {
    const cur = worstPerRule.get(r.id);
    if (!cur || cost(r) > cost(cur)) worstPerRule.set(r.id, r);
  }
  const ruleRanking = [...worstPerRule.values()].sort((a, b) => cost(b) - cost(a));
  const perKind = {};
  for (const r of ruleRanking) {
    perKind[r.kind] ??= { worstMs: r.timedOut ? null : r.ms, rule: r.id, case: r.case };
  }
  log(`  worst single rule per rule kind${quick ? ` (on the worst ${WORST_LINES_PER_RULE_QUICK} lines)` : ''}: ` +
    Object.entries(perKind).map(([k, v]) => `${k} ${v.worstMs === null ? 'hangs' : fmt(v.worstMs) + ' ms'} (${v.rule})`).join('; '));

  return {
    latency,
    adversarial: {
      size, lines, worstLine: byCost[0], costliest, worstRule: ruleRanking[0], slowestRules: ruleRanking.slice(0, 10), perKind, rulesMeasured: worstPerRule.size,
    },
  };
}
