// In-process engine measurements, run as a child of bench.mjs so that a rule that backtracks for
// minutes can be killed by a timeout instead of hanging the whole benchmark. Prints JSON lines as
// it goes (stdout to a pipe is synchronous on Linux), so a killed run still says how far it got:
// a `start` line with no matching `rule` line names the rule that hung.
//
//   node scripts/bench/micro.mjs latency [--quick]
//   node scripts/bench/micro.mjs cases
//   node scripts/bench/micro.mjs adversarial <case> [--quick] [--per-rule | --rules-only]
import { performance } from 'node:perf_hooks';
import { minifiedLine, realisticSource, realisticSourceOfSize } from './corpus.mjs';
import { loadOut, median, MiB, percentile } from './util.mjs';

const { Engine } = loadOut('core/scan/engine.js');
const { builtinRules } = loadOut('core/rules/index.js');
const { SampleGen } = loadOut('core/rules/sample-gen.js');

const SEED = 0xbe9c;
const gc = globalThis.gc ?? (() => {});

/**
 * Milliseconds of one call: wall, CPU (the whole process) and `est`, the smaller of the two. On a
 * shared machine wall time includes waiting for a core, and process CPU time includes V8's helper
 * threads (parallel GC); neither happens to this single-threaded work on an idle machine, and each
 * inflates only its own figure, so the smaller one estimates what an idle machine would measure.
 */
function timeOnce(fn) {
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const wall = performance.now() - t;
  const d = process.cpuUsage(c);
  const cpu = (d.user + d.system) / 1000;
  return { wall, cpu, est: Math.min(wall, cpu) };
}

/** Times `fn` `runs` times after `warm` untimed calls: every sample of each measure, in milliseconds. */
function samples(fn, warm, runs) {
  for (let i = 0; i < warm; i++) fn();
  gc();
  const out = { wall: [], cpu: [], est: [] };
  for (let i = 0; i < runs; i++) {
    const t = timeOnce(fn);
    for (const k of ['wall', 'cpu', 'est']) out[k].push(t[k]);
  }
  return out;
}

function fill(unit, bytes) {
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

const PEM_HEAD = '-----BEGIN ' + 'PRIVATE KEY-----';

/**
 * The adversarial inputs, `n` characters each (1 MiB; 256 KiB in a quick run), built to defeat the
 * prefilter or make a careless regex backtrack. All but the last are one line; that one probes the
 * multi-line (PEM) rules, whose windows reach across lines.
 */
const CASES = {
  'minified-js': (n) => minifiedLine(SEED, n),
  'base64-blob': (n) => new SampleGen(SEED).base64Bytes(Math.ceil(n / 4) * 3).slice(0, n),
  'repeated-password=': (n) => fill('password=', n),
  'repeated-eyJ': (n) => fill('eyJ', n),
  'ghp_-then-alnum': (n) => 'ghp_' + new SampleGen(SEED).alnum(n - 4),
  'repeated-a://b:c@': (n) => fill('a://b:c@', n),
  'pem-header-then-base64': (n) => PEM_HEAD + new SampleGen(SEED).base64(n - PEM_HEAD.length),
  'repeated-all-keywords': (n) => fill([...new Set(builtinRules.flatMap((r) => r.keywords))].join(' ') + ' ', n),
  // Beyond the brief: every keyword assigned a plausible value, so regexes match and validators run
  // (a minified config bundle or a serialized settings blob looks like this).
  'keyword-assignments': (n) => {
    const g = new SampleGen(SEED);
    const kws = [...new Set(builtinRules.flatMap((r) => r.keywords))];
    const parts = [];
    for (let i = 0, len = 0; len < n; i++) {
      const s = `${kws[i % kws.length]}="${g.alnum(24)}" `;
      parts.push(s);
      len += s.length;
    }
    return parts.join('').slice(0, n);
  },
  'pem-header-then-64-col-lines': (n) => {
    const g = new SampleGen(SEED);
    const lines = [PEM_HEAD];
    for (let len = PEM_HEAD.length; len < n; len += 65) lines.push(g.base64(64));
    return lines.join('\n').slice(0, n);
  },
};

function latency(quick) {
  const engine = new Engine();
  const source = realisticSource(SEED, 1000);
  const big = realisticSourceOfSize(SEED + 1, MiB);
  const scanSmall = () => engine.scanText(source, 'src/app/service.ts');
  // Two figures for the 1,000-line file. `early`: the first scans after 50, while V8 is still compiling
  // the engine (its background compiler's time lands in the CPU figure). Then the target's figure: the
  // editor's engine has scanned the workspace's files before anyone types in one, so the same scans once
  // 2,000 more have settled the compiled code.
  const early = samples(scanSmall, quick ? 20 : 50, quick ? 60 : 200);
  const small = samples(scanSmall, quick ? 300 : 2000, quick ? 100 : 500);
  const large = samples(() => engine.scanText(big, 'src/app/bundle.ts'), quick ? 2 : 3, quick ? 5 : 20);
  const stats = ({ wall, cpu, est }) => ({
    iterations: wall.length, p50: percentile(est, 50), p95: percentile(est, 95), max: Math.max(...est),
    wallP50: percentile(wall, 50), wallP95: percentile(wall, 95), wallMax: Math.max(...wall), cpuP50: percentile(cpu, 50), cpuP95: percentile(cpu, 95),
  });
  return {
    source1000: { lines: 1000, bytes: Buffer.byteLength(source), findings: engine.scanText(source, 'src/app/service.ts').length, ...stats(small), early: stats(early) },
    source1MiB: { bytes: Buffer.byteLength(big), findings: engine.scanText(big, 'src/app/bundle.ts').length, ...stats(large) },
  };
}

const emit = (doc) => process.stdout.write(JSON.stringify(doc) + '\n');

/** Each rule alone on `line`: an engine with one rule pays only for that rule's prefilter and regex. */
function perRule(name, line, runs) {
  for (const rule of builtinRules) {
    const engine = new Engine({ rules: [rule] });
    emit({ type: 'start', case: name, id: rule.id, kind: rule.kind });
    const first = timeOnce(() => engine.scanText(line, 'x.js'));
    // A rule that already took a second has made its point; repeating it only burns the budget.
    const xs = first.wall > 1000 || runs === 0 ? { wall: [first.wall], cpu: [first.cpu], est: [first.est] } : samples(() => engine.scanText(line, 'x.js'), 0, runs);
    emit({ type: 'rule', case: name, id: rule.id, kind: rule.kind, ms: median(xs.est), wallMs: median(xs.wall), cpuMs: median(xs.cpu) });
  }
}

function adversarial(name, quick, mode) {
  const line = CASES[name](quick ? MiB / 4 : MiB);
  if (mode !== 'rules-only') {
    const engine = new Engine();
    let findings = 0;
    const run = () => {
      findings = engine.scanText(line, 'x.js').length;
    };
    const warm = timeOnce(run);
    const xs = samples(run, 0, quick || warm.wall > 1000 ? 3 : 5);
    emit({
      type: 'line', case: name, chars: line.length, lines: line.split('\n').length, findings,
      ms: median(xs.est), wallMs: median(xs.wall), wallMaxMs: Math.max(...xs.wall), cpuMs: median(xs.cpu),
    });
  }
  if (mode) perRule(name, line, quick ? 0 : 2);
}

const [mode, ...rest] = process.argv.slice(2);
const quick = rest.includes('--quick');
const positional = rest.filter((a) => !a.startsWith('--'));
if (mode === 'latency') emit({ type: 'latency', ...latency(quick) });
else if (mode === 'cases') emit({ type: 'cases', cases: Object.keys(CASES) });
else if (mode === 'adversarial') {
  adversarial(positional[0], quick, rest.includes('--rules-only') ? 'rules-only' : rest.includes('--per-rule') ? 'per-rule' : undefined);
} else throw new Error(`unknown mode ${mode}`);
