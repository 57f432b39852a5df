// "One analysis, every face agrees": a workspace scan with ownership on reads each file once. The scan's
// workers return each file's findings, credential references and the register/catalog/CODEOWNERS text;
// ownership is evaluated from those analyses instead of walking and reading the workspace again.
// Reads are counted by the bounded reader's observer (workers report theirs with their results).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { loadConfig } from '../../src/core/config/load';
import { observeReads } from '../../src/core/files/bounded';
import { buildWorkspaceModel } from '../../src/core/model/build';
import { EXPECTED, FIXTURE_NOW, fixtureCopy, ownershipOf } from './ownership-support';

/** Every regular file below `dir`, absolute. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Runs `fn` while counting reads by path. */
async function countReads<T>(fn: () => Promise<T>): Promise<{ value: T; reads: Map<string, number> }> {
  const reads = new Map<string, number>();
  observeReads((f) => reads.set(f, (reads.get(f) ?? 0) + 1));
  try {
    return { value: await fn(), reads };
  } finally {
    observeReads(undefined);
  }
}

function assertEachReadOnce(dir: string, reads: Map<string, number>): void {
  const files = filesBelow(dir);
  assert.ok(files.length > 10, 'the fixture has files');
  const wrong = files.map((f) => [path.relative(dir, f), reads.get(f) ?? 0] as const).filter(([, n]) => n !== 1);
  assert.deepEqual(wrong, [], 'each workspace file is read exactly once');
  const twice = [...reads].filter(([, n]) => n > 1).map(([f]) => f);
  assert.deepEqual(twice, [], 'no path is read twice');
}

describe('one analysis per file', () => {
  let ws: ReturnType<typeof fixtureCopy>;
  let out: string;
  before(() => {
    ws = fixtureCopy();
    // More files than one worker batch, so several workers share the job.
    // The walk reads .gitignore files for their rules and hands their text to the scan.
    writeFileSync(path.join(ws.dir, '.gitignore'), 'node_modules/\n');
    writeFileSync(path.join(ws.dir, 'worker/.gitignore'), '*.log\n');
    // The config and the baseline are read when the project loads: the scan analyzes those texts.
    writeFileSync(path.join(ws.dir, '.credential-hygiene.json'), JSON.stringify({ minConfidence: 'medium' }, null, 2));
    writeFileSync(path.join(ws.dir, '.credential-hygiene-baseline.json'), JSON.stringify({ version: 1, entries: [] }, null, 2));
    for (let i = 0; i < 30; i++) writeFileSync(path.join(ws.dir, `worker/job${i}.py`), `import os\nTOKEN = os.environ["JOB_${i}_TOKEN"]\n`);
    out = mkdtempSync(path.join(tmpdir(), 'ch-reads-'));
  });
  after(() => {
    ws.cleanup();
    rmSync(out, { recursive: true, force: true });
  });

  for (const workers of [0, 2]) {
    it(`the CLI's scan reads each file once with ownership on (${workers ? `${workers} workers` : 'in process'})`, async () => {
      const file = path.join(out, `scan-${workers}.json`);
      const { value: code, reads } = await countReads(() =>
        main(['node', 'cli', 'scan', ws.dir, '--format', 'json', '--output', file, '--now', '2026-03-01', '--workers', String(workers), '--no-progress']));
      assert.equal(code, 1);
      assertEachReadOnce(ws.dir, reads);
      const report = JSON.parse(readFileSync(file, 'utf8'));
      assert.equal(report.ownership.registerFound, true);
      const expected = EXPECTED.map(([rule, at]) => [rule, at]);
      const got = report.ownership.findings.map((f: { ruleId: string; path: string; range: { start: { line: number; character: number } } }) =>
        [f.ruleId, `${f.path}:${f.range.start.line + 1}:${f.range.start.character + 1}`]);
      for (const e of expected) assert.ok(got.some((g: string[]) => g[0] === e[0] && g[1] === e[1]), `${e.join(' ')} is reported`);
      assert.equal(report.ownership.summary.references, 29 + 30);
      assert.ok(!readFileSync(file, 'utf8').includes(ws.token));
    });
  }

  it('the inventory and the report read each file once too', async () => {
    for (const cmd of ['inventory', 'report']) {
      const file = path.join(out, `${cmd}.json`);
      const { value: code, reads } = await countReads(() =>
        main(['node', 'cli', cmd, ws.dir, '--format', 'json', '--output', file, '--now', '2026-03-01', '--workers', '2', '--no-progress']));
      assert.equal(code, 0, cmd);
      assertEachReadOnce(ws.dir, reads);
    }
  });

  it('workers return each file\'s references, the sources\' text and plain fingerprints; the result is the re-reading pipeline\'s', async () => {
    const loaded = loadConfig(ws.dir);
    const built = await buildWorkspaceModel({ roots: [ws.dir], base: ws.dir, config: loaded.config, configDir: loaded.dir, now: FIXTURE_NOW, workers: 2 });
    const { model } = built;
    assert.equal(model.coverage.complete, true);
    assert.equal(model.coverage.files, filesBelow(ws.dir).length);
    assert.equal(model.analysis('credentials.yaml')?.source?.kind, 'register');
    assert.equal(model.analysis('catalog-info.yaml')?.source?.kind, 'catalog');
    assert.equal(model.analysis('.github/CODEOWNERS')?.source?.kind, 'codeowners');
    assert.deepEqual(model.analysis('worker/job3.py')?.references?.map((r) => [r.kind, r.name]), [['env-read', 'JOB_3_TOKEN']]);
    const secret = model.findings();
    assert.equal(secret.length, 1);
    assert.match(secret[0].fingerprint, /^\S{16,}$/, 'the fingerprint crossed from the worker as a value');
    assert.ok(!JSON.stringify([...model.analyses()].map((a) => a.findings)).includes(ws.token), 'analyses hold redacted previews only');
    // The same answer as the old pipeline that read every file a second time.
    const before = await ownershipOf(ws.dir);
    const key = (f: { ruleId: string; path: string; message: string }) => `${f.ruleId} ${f.path} ${f.message}`;
    assert.deepEqual(built.ownership!.findings.map(key), before.findings.map(key));
    assert.deepEqual(built.ownership!.inventory.map((e) => [e.id, e.status]), before.inventory.map((e) => [e.id, e.status]));
  });
});
