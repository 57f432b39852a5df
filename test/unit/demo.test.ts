// The quick-start demo (`npm run demo`, i.e. scripts/demo.mjs after a build) end to end: it exits 0,
// writes its reports, reports every credential it planted under the rule meant for it, stays quiet
// about the look-alikes and the files it must not scan, and never shows a planted value. The values
// are not on disk outside the demo workspace: the test regenerates them in memory from the seed in
// .demo/manifest.json with the script's own code.
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../src/core/findings';
import type { ScanReport } from '../../src/core/report/scan-report';

/** Tests run compiled, from out/test/unit. */
const ROOT = path.join(__dirname, '../../..');
const DEMO_SCRIPT = path.join(ROOT, 'scripts', 'demo.mjs');
const DEMO_DIR = path.join(ROOT, '.demo');

/** .demo/manifest.json, as scripts/demo.mjs writes it. */
interface Manifest {
  seed: number;
  workspace: string;
  mustFind: Array<{ file: string; line: number; endLine: number; kind: string; what: string; ruleIds: string[] }>;
  mustNotFlag: Array<{ file: string; line: number; why: string }>;
  cleanFiles: Array<{ file: string; why: string }>;
}

/** What the test uses of scripts/demo.mjs. */
interface DemoModule {
  REPORTS: Record<'sarif' | 'json' | 'markdown', string>;
  NOT_SCANNED: Record<string, string>;
  fillWorkspace(seed: number): {
    files: Array<{ file: string; text: string }>;
    planted: Array<{ file: string; line: number; kind: string; value: string }>;
  };
}

const where = (f: Finding) => `${f.path}:${f.range.start.line + 1} ${f.ruleId}`;

describe('demo (npm run demo)', function () {
  this.timeout(120_000);

  let run: SpawnSyncReturns<string>;
  let demo: DemoModule;
  let manifest: Manifest;
  let report: ScanReport;
  let filled: ReturnType<DemoModule['fillWorkspace']>;
  /** Every report file's text, by name. */
  const reportTexts = new Map<string, string>();

  before(async () => {
    // Needs the build (dist/cli.js, out/): `npm test` builds first; without it the demo says so and fails.
    run = spawnSync(process.execPath, [DEMO_SCRIPT], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    // Compiled to require(); Node >= 20.19 loads an ES module that way.
    demo = (await import(DEMO_SCRIPT)) as DemoModule;
    const manifestFile = path.join(DEMO_DIR, 'manifest.json');
    if (!existsSync(manifestFile)) throw new Error(`the demo wrote no manifest (exit ${run.status}):\n${run.stderr}`);
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    for (const name of Object.values(demo.REPORTS)) {
      const file = path.join(DEMO_DIR, name);
      if (existsSync(file)) reportTexts.set(name, readFileSync(file, 'utf8'));
    }
    report = JSON.parse(reportTexts.get(demo.REPORTS.json) ?? '{"findings":[]}') as ScanReport;
    filled = demo.fillWorkspace(manifest.seed);
  });

  it('exits 0 and ends with what to try next', () => {
    assert.equal(run.status, 0, `demo exited ${run.status}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`);
    assert.match(run.stdout, /npx credential-hygiene scan <dir>/);
    assert.match(run.stdout, /--format sarif/);
    assert.match(run.stdout, /baseline create/);
  });

  it('writes the SARIF, JSON and Markdown reports', () => {
    for (const name of Object.values(demo.REPORTS)) assert.ok(reportTexts.has(name), `.demo/${name} is missing`);
    const sarif = JSON.parse(reportTexts.get(demo.REPORTS.sarif)!) as { version: string; runs: Array<{ results: unknown[] }> };
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].results.length, report.findings.length);
    assert.equal(report.summary.findings, report.findings.length);
    assert.ok(reportTexts.get(demo.REPORTS.markdown)!.trim().length > 0);
  });

  it('plants at least a dozen credentials of different kinds', () => {
    assert.ok(manifest.mustFind.length >= 12, `only ${manifest.mustFind.length} planted`);
    assert.ok(new Set(manifest.mustFind.map((p) => p.kind)).size >= 11);
    assert.ok(manifest.mustNotFlag.length >= 10);
  });

  it('reports every planted credential, under the rule meant for it', () => {
    const problems = manifest.mustFind.flatMap((p) => {
      const hits = report.findings.filter((f) => f.path === p.file && f.range.start.line + 1 >= p.line && f.range.start.line + 1 <= p.endLine);
      if (!hits.length) return [`missed ${p.kind} at ${p.file}:${p.line} (expected ${p.ruleIds.join(' or ')})`];
      if (!hits.some((f) => p.ruleIds.includes(f.ruleId))) return [`${p.kind} at ${p.file}:${p.line} reported by ${hits.map((f) => f.ruleId)} (expected ${p.ruleIds.join(' or ')})`];
      return [];
    });
    assert.deepEqual(problems, []);
  });

  it('reports nothing else: no look-alike, no finding in a git-ignored, excluded or clean file', () => {
    const unexpected = report.findings.filter((f) => !manifest.mustFind.some((p) =>
      p.file === f.path && f.range.start.line + 1 >= p.line && f.range.start.line + 1 <= p.endLine));
    assert.deepEqual(unexpected.map(where), []);
    const onSafeLines = report.findings.filter((f) => manifest.mustNotFlag.some((s) => s.file === f.path && s.line === f.range.start.line + 1));
    assert.deepEqual(onSafeLines.map(where), []);
    const inCleanFiles = report.findings.filter((f) => manifest.cleanFiles.some((c) => c.file === f.path));
    assert.deepEqual(inCleanFiles.map(where), []);
    // The git-ignored and the excluded file were not even read; every other file was.
    assert.equal(report.summary.files, filled.files.length - Object.keys(demo.NOT_SCANNED).length);
    assert.deepEqual(report.skipped, []);
  });

  it('never shows a planted value: not on the terminal, not in a report, not in the manifest', () => {
    const { planted } = filled;
    // The regenerated values are the ones in the workspace (else this test would prove nothing).
    for (const p of planted) {
      const text = readFileSync(path.join(ROOT, manifest.workspace, p.file), 'utf8');
      assert.ok(text.includes(p.value), `regenerated ${p.kind} is not in ${p.file}`);
    }
    const outputs: Array<[string, string]> = [
      ['stdout', run.stdout], ['stderr', run.stderr], ['manifest.json', readFileSync(path.join(DEMO_DIR, 'manifest.json'), 'utf8')],
      ...[...reportTexts].map(([name, text]): [string, string] => [name, text]),
    ];
    for (const p of planted) {
      // A multi-line value (a PEM block) must not leak line by line either.
      const pieces = [p.value, ...p.value.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'))];
      for (const [name, text] of outputs) {
        for (const piece of pieces) assert.ok(!text.includes(piece), `${name} shows the ${p.kind} planted in ${p.file}:${p.line}`);
      }
    }
  });
});
