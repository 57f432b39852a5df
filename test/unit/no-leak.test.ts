// Plants one secret per kind, then searches every output format, the error output and the
// baseline for any of them: a finding may name a secret, never show it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { builtinRules } from '../../src/core/rules';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { CLI, makeWorkspace } from './support/workspace';

describe('no secret value in any output', () => {
  const g = new SampleGen(2024);
  const planted: string[] = [];
  const files: Record<string, string> = {};
  for (const rule of builtinRules) {
    if (!rule.samples.secret) continue;
    const value = rule.samples.secret(g);
    planted.push(value);
    files[`src/${rule.id}.py`] = `${rule.envName} = "${value}"\n`;
  }
  files['.env'] = `DB_PASSWORD=${g.password()}\n`;
  planted.push(files['.env'].slice('DB_PASSWORD='.length).trim());
  // A config that is broken in a way that could tempt an error message to quote it.
  const brokenConfig = `{ "fingerprintSalt": "${g.alnum(30)}", "rules": { "x": ${JSON.stringify(planted[0])} }, ]`;

  it('text, JSON, SARIF, Markdown, baseline and error messages hold no planted value', () => {
    const ws = makeWorkspace(files);
    try {
      const outputs: string[] = [];
      for (const format of ['text', 'json', 'sarif', 'markdown']) {
        const r = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', format, '--show-suppressed', '--output', `report.${format}`], { cwd: ws.dir, encoding: 'utf8' });
        assert.equal(r.status, 1, r.stderr);
        outputs.push(r.stdout, r.stderr);
      }
      const b = spawnSync(process.execPath, [CLI, 'baseline', 'create', '.', '--output', 'baseline.json'], { cwd: ws.dir, encoding: 'utf8' });
      outputs.push(b.stdout, b.stderr);
      const bad = makeWorkspace({ '.credential-hygiene.json': brokenConfig });
      try {
        const r = spawnSync(process.execPath, [CLI, 'scan', '.'], { cwd: bad.dir, encoding: 'utf8' });
        assert.equal(r.status, 2);
        outputs.push(r.stdout, r.stderr);
      } finally {
        bad.cleanup();
      }
      for (const f of readdirSync(ws.dir).filter((n) => /^report\.|^baseline/.test(n))) outputs.push(readFileSync(path.join(ws.dir, f), 'utf8'));
      const all = outputs.join('\n');
      const reported = JSON.parse(readFileSync(path.join(ws.dir, 'report.json'), 'utf8')).summary.findings as number;
      assert.ok(reported >= planted.length - 2, `only ${reported} of ${planted.length} planted secrets reported`);
      for (const value of planted) {
        assert.ok(!all.includes(value), `a planted value of length ${value.length} appears in the output`);
        // Any 12-character run from past the (public) prefix would also be a leak.
        const middle = value.slice(Math.floor(value.length / 2) - 6, Math.floor(value.length / 2) + 6);
        assert.ok(middle.length < 12 || !all.includes(middle), `part of a planted value (length ${value.length}) appears in the output`);
      }
    } finally {
      ws.cleanup();
    }
  });
});
