// Suppressions that do not rot, with the real CLI: baseline entries that match nothing are reported after
// a scan and `baseline prune` removes them (keeping the others' reasons); `credential-hygiene:allow`
// comments that allow nothing are listed with --report-unused-suppressions.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { allowMarkers, unusedAllowMarkers } from '../../src/core/suppress/inline';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { CLI, REPO_ROOT, makeWorkspace } from './support/workspace';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const g = new SampleGen(4242);

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface BaselineFile { version: 1; entries: Array<{ fingerprint: string; ruleId: string; path?: string; reason: string }> }

describe('suppressions that do not rot', function () {
  this.timeout(60_000);

  it('reports baseline entries that match nothing, and baseline prune removes only them, keeping reasons', () => {
    const [a, b, c] = [g.checksummedToken('ghp_'), g.checksummedToken('ghp_'), g.checksummedToken('ghp_')];
    const ws = makeWorkspace({
      'api/a.ts': `export const a = "${a}";\n`,
      'api/b.ts': `export const b = "${b}";\n`,
      'web/c.ts': `export const c = "${c}";\n`,
    });
    try {
      assert.equal(cli(['baseline', 'create', '--reason', 'accepted for the migration'], ws.dir).code, 0);
      const file = path.join(ws.dir, '.credential-hygiene-baseline.json');
      const created = JSON.parse(readFileSync(file, 'utf8')) as BaselineFile;
      assert.equal(created.entries.length, 3);
      // One entry gets a reason of its own, which prune must keep.
      const keepA = created.entries.find((e) => e.path === 'api/a.ts')!;
      keepA.reason = 'test fixture, revoked';
      writeFileSync(file, JSON.stringify(created, null, 2) + '\n');
      assert.match(cli(['scan', '--no-progress'], ws.dir).stdout, /no hard-coded credentials found/);
      assert.doesNotMatch(cli(['scan', '--no-progress'], ws.dir).stdout, /match nothing/);

      // The secrets of b and c are removed from the code.
      writeFileSync(path.join(ws.dir, 'api/b.ts'), 'export const b = process.env.B_TOKEN;\n');
      writeFileSync(path.join(ws.dir, 'web/c.ts'), 'export const c = process.env.C_TOKEN;\n');
      const scan = cli(['scan', '--no-progress'], ws.dir);
      assert.equal(scan.code, 0, scan.stderr);
      assert.match(scan.stdout, /note: 2 baseline entries match nothing: `credential-hygiene baseline prune` removes them/);
      const json = JSON.parse(cli(['scan', '--no-progress', '--format', 'json'], ws.dir).stdout) as { notes: string[] };
      assert.ok(json.notes.some((n) => n.startsWith('2 baseline entries match nothing')));
      // A scan of api/ alone (with the project's config) judges only the entries under api/; without the
      // project's salt nothing can be judged, and prune refuses.
      const config = ['--config', '.credential-hygiene.json'];
      assert.match(cli(['scan', '--no-progress', ...config, '--baseline', file, 'api'], ws.dir).stdout, /note: 1 baseline entry matches nothing/);
      assert.doesNotMatch(cli(['scan', '--no-progress', '--baseline', file, 'api'], ws.dir).stdout, /match(es)? nothing/);
      const refused = cli(['baseline', 'prune', '--baseline', file, 'api'], ws.dir);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /has no fingerprintSalt/);

      // Pruning api/ only removes b's entry; pruning everything then removes c's; a's stays with its reason.
      assert.match(cli(['baseline', 'prune', ...config, 'api'], ws.dir).stdout, /1 entry that matched nothing removed, 2 kept/);
      const out = cli(['baseline', 'prune'], ws.dir);
      assert.equal(out.code, 0, out.stderr);
      assert.match(out.stdout, /1 entry that matched nothing removed, 1 kept/);
      const after = JSON.parse(readFileSync(file, 'utf8')) as BaselineFile;
      assert.deepEqual(after.entries, [keepA]);
      assert.doesNotMatch(cli(['scan', '--no-progress'], ws.dir).stdout, /match(es)? nothing/);
      assert.match(cli(['baseline', 'prune'], ws.dir).stdout, /0 entries that matched nothing removed, 1 kept/);
    } finally {
      ws.cleanup();
    }
  });

  it('lists credential-hygiene:allow comments that allow nothing, and not those allowing a finding or a reference', () => {
    const token = g.checksummedToken('ghp_');
    const ws = makeWorkspace({
      'src/app.ts': [
        `export const t = "${token}"; // credential-hygiene:allow test fixture, revoked`, // 1: allows a finding
        '// credential-hygiene:allow the key below is fake', //                                  2: allows line 3
        'export const k = process.env.STRIPE_SECRET_KEY;', //                                    3: a reference
        'export const n = 1; // credential-hygiene:allow left behind', //                         4: allows nothing
        '// credential-hygiene:allow nothing under me', //                                       5: allows nothing
        'export const m = 2;',
        '',
      ].join('\n'),
      'src/other.py': 'x = 1  # credential-hygiene:allow stale\n',
    });
    try {
      const text = cli(['scan', '--no-progress', '--report-unused-suppressions'], ws.dir);
      assert.equal(text.code, 0, text.stderr);
      const listed = text.stdout.split('\n').filter((l) => l.startsWith('unused suppression:')).map((l) => l.split(' ')[2]);
      assert.deepEqual(listed, ['src/app.ts:4:24', 'src/app.ts:5:4', 'src/other.py:1:10']);
      assert.ok(!text.stdout.includes(token));
      const json = JSON.parse(cli(['scan', '--no-progress', '--format', 'json', '--report-unused-suppressions'], ws.dir).stdout) as { unusedSuppressions: Array<{ path: string; range: { start: { line: number } } }> };
      assert.deepEqual(json.unusedSuppressions.map((u) => `${u.path}:${u.range.start.line + 1}`), ['src/app.ts:4', 'src/app.ts:5', 'src/other.py:1']);
      // SARIF: warnings of the run, each at its comment, valid against the SARIF 2.1.0 schema.
      const sarifRun = cli(['scan', '--no-progress', '--format', 'sarif', '--report-unused-suppressions'], ws.dir);
      const sarif = JSON.parse(sarifRun.stdout) as { runs: Array<{ invocations: Array<{ toolExecutionNotifications: Array<{ descriptor?: { id: string }; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }> }> }> }> };
      const notes = sarif.runs[0].invocations[0].toolExecutionNotifications.filter((n) => n.descriptor?.id === 'unused-suppression');
      assert.deepEqual(notes.map((n) => `${n.locations[0].physicalLocation.artifactLocation.uri}:${n.locations[0].physicalLocation.region!.startLine}:${n.level}`), ['src/app.ts:4:warning', 'src/app.ts:5:warning', 'src/other.py:1:warning']);
      const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
      addFormats(ajv);
      const validate = ajv.compile(JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/schemas/sarif-2.1.0.json'), 'utf8')));
      assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5)));
      // Markdown: a section that lists them.
      const md = cli(['scan', '--no-progress', '--format', 'markdown', '--report-unused-suppressions'], ws.dir).stdout;
      assert.match(md, /Unused suppressions \(3\)/);
      assert.ok(md.includes('`src/other.py:1:10`'), md);
      assert.ok(!sarifRun.stdout.includes(token) && !md.includes(token));
      // Without the option, nothing is listed.
      assert.doesNotMatch(cli(['scan', '--no-progress'], ws.dir).stdout, /unused suppression/);
    } finally {
      ws.cleanup();
    }
  });

  it('a marker on a comment-only line covers the next line; on a code line only its own', () => {
    const markers = allowMarkers('a // credential-hygiene:allow x\n# credential-hygiene:allow y\nb\nc\n');
    assert.deepEqual(markers.map((m) => m.lines), [[0], [1, 2]]);
    assert.deepEqual(unusedAllowMarkers(markers, new Set([2])).map((m) => m.range.start.line), [0]);
    assert.deepEqual(allowMarkers('nothing here'), []);
  });
});
