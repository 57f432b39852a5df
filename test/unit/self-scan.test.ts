// The repository scans itself clean: its .credential-hygiene.json excludes the labelled corpus (whose
// secrets are planted at run time anyway), and everything else (rules, filters, docs, tests) holds no
// finding at any confidence. A new false positive in our own code shows up here first.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { CLI } from './support/workspace';

const ROOT = path.join(__dirname, '../../..');

function scan(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'json', '--no-progress', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, report: JSON.parse(r.stdout || '{}'), stderr: r.stderr };
}

describe('the repository scanned by itself', function () {
  this.timeout(120_000);

  it('exits 0 with no findings at the default settings', () => {
    const r = scan();
    const where = (r.report.findings ?? []).map((f: { path: string; range: { start: { line: number } }; ruleId: string }) => `${f.path}:${f.range.start.line + 1} ${f.ruleId}`);
    assert.deepEqual(where, [], r.stderr);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.report.summary.files > 100, `only ${r.report.summary.files} files scanned`);
  });

  it('has no finding at any confidence, and none suppressed, outside the excluded corpus', () => {
    const r = scan('--min-confidence', 'low');
    const all = [...(r.report.findings ?? []), ...(r.report.suppressed ?? [])]
      .map((f: { path: string; range: { start: { line: number } }; ruleId: string; confidence: string }) => `${f.path}:${f.range.start.line + 1} ${f.ruleId} (${f.confidence})`);
    assert.deepEqual(all, []);
    assert.ok(!r.report.findings.some((f: { path: string }) => f.path.startsWith('test/corpus/')));
  });
});
