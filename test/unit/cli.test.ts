// The CLI as CI runs it: the real bundle (dist/cli.js) in a child process, on real folders and a real git repo.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { CLI, makeWorkspace } from './support/workspace';

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const g = new SampleGen(99);

describe('cli', () => {
  const token = g.checksummedToken('ghp_');
  const password = g.password(14);
  let ws: ReturnType<typeof makeWorkspace>;
  before(() => {
    ws = makeWorkspace({
      'src/app.ts': `import x from 'y';\n\nconst GITHUB_TOKEN = "${token}";\n`,
      'config/db.yaml': `database:\n  password: ${password}  # credential-hygiene:allow local docker only\n`,
      'README.md': '# demo\n',
    });
  });
  after(() => ws.cleanup());

  it('exits 1 with findings, prints them grouped by file with a summary', () => {
    const r = cli(['scan', '.'], ws.dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /src\/app\.ts\n {2}3:23 +error +critical +GitHub personal access token \(classic\) +ghp_\*{8} \(40 chars\) +github-pat-classic · high confidence/);
    assert.match(r.stdout, /✖ 1 finding \(1 critical\) in 1 file · 3 files scanned .* · 1 suppressed/);
  });

  it('exits 0 when nothing reaches --fail-on', () => {
    assert.equal(cli(['scan', 'README.md'], ws.dir).code, 0);
    assert.equal(cli(['scan', '.', '--fail-on', 'critical'], ws.dir).code, 1);
    const low = cli(['scan', '.', '--fail-on', 'critical', '--config', 'cfg.json'], makeWorkspace({}).dir);
    assert.equal(low.code, 2); // missing config file
  });

  describe('confidence decides how a finding shows', () => {
    // A generic secret in code (medium), the same in a test fixture (low) and a GitHub token in a
    // test fixture (high, lowered to medium there).
    const secret = g.alnum(32);
    const fixtureToken = g.checksummedToken('ghp_');
    let cw: ReturnType<typeof makeWorkspace>;
    before(() => {
      cw = makeWorkspace({
        'src/client.ts': `export const apiSecret = '${secret}';\n`,
        'test/fixtures/client.test.ts': `const apiSecret = '${g.alnum(32)}';\nconst token = '${fixtureToken}';\n`,
      });
    });
    after(() => cw.cleanup());

    it('leaves out low-confidence findings by default, and says how many', () => {
      const r = cli(['scan', '.'], cw.dir);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /src\/client\.ts\n {2}1:\d+ +warning +high +High-entropy secret .* generic-secret · medium confidence/);
      assert.match(r.stdout, /test\/fixtures\/client\.test\.ts\n {2}2:\d+ +warning .* github-pat-classic · medium confidence/);
      assert.doesNotMatch(r.stdout, /test\/fixtures\/client\.test\.ts\n {2}1:/);
      assert.match(r.stdout, /✖ 2 findings .* · 1 below medium confidence not shown \(--min-confidence low lists them\)/);
      const json = JSON.parse(cli(['scan', '.', '--format', 'json'], cw.dir).stdout);
      assert.deepEqual(json.summary.belowConfidence, { minConfidence: 'medium', findings: 1 });
      assert.deepEqual(json.findings.map((f: { confidence: string }) => f.confidence).sort(), ['medium', 'medium']);
    });

    it('--min-confidence low lists them as hints; high leaves only errors, and the exit code follows', () => {
      const low = cli(['scan', '.', '--min-confidence', 'low'], cw.dir);
      assert.equal(low.code, 1);
      assert.match(low.stdout, /test\/fixtures\/client\.test\.ts\n {2}1:\d+ +hint +high .* generic-secret · low confidence/);
      const high = cli(['scan', '.', '--min-confidence', 'high'], cw.dir);
      assert.equal(high.code, 0, high.stdout);
      assert.match(high.stdout, /no hard-coded credentials found .* 3 below high confidence not shown \(--min-confidence medium lists them\)/);
    });

    it('reads minConfidence from the config, and the command line wins', () => {
      const dir = makeWorkspace({ '.credential-hygiene.json': '{ "minConfidence": "high" }\n', 'src/client.ts': `export const apiSecret = '${secret}';\n` });
      try {
        assert.equal(cli(['scan', '.'], dir.dir).code, 0);
        assert.equal(cli(['scan', '.', '--min-confidence', 'medium'], dir.dir).code, 1);
      } finally {
        dir.cleanup();
      }
    });

    it('SARIF levels follow confidence: warning for medium, note for low; a generic rule names no provider', () => {
      const sarif = JSON.parse(cli(['scan', '.', '--format', 'sarif', '--min-confidence', 'low'], cw.dir).stdout);
      const run = sarif.runs[0];
      const levels = run.results.map((x: { ruleId: string; level: string; properties: { confidence: string } }) => `${x.ruleId} ${x.properties.confidence} ${x.level}`).sort();
      assert.deepEqual(levels, ['generic-secret low note', 'generic-secret medium warning', 'github-pat-classic medium warning']);
      const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === 'generic-secret');
      assert.doesNotMatch(rule.fullDescription.text, /Generic/);
      assert.ok(!rule.properties.tags.includes('Generic'));
    });
  });

  it('writes SARIF 2.1.0 that GitHub code scanning reads', () => {
    const r = cli(['scan', ws.dir, '--format', 'sarif', '--output', path.join(ws.dir, 'out.sarif')], ws.dir);
    assert.equal(r.code, 1, r.stderr);
    const sarif = JSON.parse(readFileSync(path.join(ws.dir, 'out.sarif'), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'credential-hygiene');
    const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === 'github-pat-classic');
    assert.ok(rule.shortDescription.text && rule.help.text);
    assert.equal(rule.properties['security-severity'], '9.5');
    const res = run.results.find((x: { ruleId: string }) => x.ruleId === 'github-pat-classic');
    assert.equal(res.level, 'error');
    assert.deepEqual(res.locations[0].physicalLocation, {
      artifactLocation: { uri: 'src/app.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 23, endLine: 3, endColumn: 63 },
    });
    assert.match(res.partialFingerprints['credentialHygiene/v1'], /^v2:[0-9a-f]{32}$/);
    assert.equal(run.tool.driver.rules[res.ruleIndex].id, 'github-pat-classic');
    const suppressed = run.results.find((x: { ruleId: string }) => x.ruleId === 'generic-password');
    assert.deepEqual(suppressed.suppressions, [{ kind: 'inSource', justification: 'local docker only' }]);
    assert.ok(run.originalUriBaseIds['%SRCROOT%'].uri.startsWith('file:///'));
  });

  it('writes JSON and Markdown reports', () => {
    const json = JSON.parse(cli(['scan', '.', '--format', 'json'], ws.dir).stdout);
    assert.equal(json.summary.findings, 1);
    assert.equal(json.findings[0].path, 'src/app.ts');
    assert.equal(json.suppressed[0].suppressed.reason, 'local docker only');
    const md = cli(['scan', '.', '--format', 'markdown'], ws.dir).stdout;
    assert.match(md, /\| 🔴 critical \| `src\/app\.ts:3` \| GitHub personal access token \(classic\) \| `ghp_\*{8} \(40 chars\)` \| `github-pat-classic` \|/);
  });

  it('creates a baseline that then accepts the findings, even after lines move', () => {
    const r = cli(['baseline', 'create', '.', '--output', 'baseline.json', '--reason', 'token revoked 2026-11-01'], ws.dir);
    assert.equal(r.code, 0, r.stderr);
    const baseline = JSON.parse(readFileSync(path.join(ws.dir, 'baseline.json'), 'utf8'));
    assert.equal(baseline.entries[0].reason, 'token revoked 2026-11-01');
    // The baseline's fingerprints use the salt `baseline create` added to the project config: the
    // project's other copies (another machine, this one after edits) share it.
    const config = readFileSync(path.join(ws.dir, '.credential-hygiene.json'), 'utf8');
    assert.match(JSON.parse(config).fingerprintSalt, /^[A-Za-z0-9_-]{43}$/);
    assert.match(r.stderr, /added a random fingerprintSalt/);
    const moved = makeWorkspace({ 'src/app.ts': `\n\n\n// moved down\nexport const GITHUB_TOKEN = "${token}";\n`, '.credential-hygiene.json': config });
    try {
      const again = cli(['scan', '.', '--baseline', path.join(ws.dir, 'baseline.json')], moved.dir);
      assert.equal(again.code, 0, again.stdout);
      assert.match(again.stdout, /no hard-coded credentials found .* 1 suppressed/);
    } finally {
      moved.cleanup();
    }
  });

  it('baseline create reads the files as scan does: with --no-gitignore it covers what scan --no-gitignore reports', () => {
    const w = makeWorkspace({
      '.gitignore': 'build/\n',
      'src/app.py': `TOKEN = "${g.checksummedToken('ghp_')}"\n`,
      'build/app.py': `TOKEN = "${g.checksummedToken('ghp_')}"\n`,
    });
    try {
      assert.equal(cli(['baseline', 'create', '.', '--output', 'tracked.json', '--no-progress'], w.dir).code, 0);
      const partial = JSON.parse(cli(['scan', '.', '--no-gitignore', '--baseline', 'tracked.json', '--format', 'json'], w.dir).stdout);
      assert.deepEqual(partial.findings.map((f: { path: string }) => f.path), ['build/app.py']);
      const all = cli(['baseline', 'create', '.', '--output', 'all.json', '--no-gitignore', '--no-cache', '--workers', '0', '--no-progress'], w.dir);
      assert.equal(all.code, 0, all.stderr);
      assert.equal(all.stderr, '', 'no progress line');
      const covered = JSON.parse(cli(['scan', '.', '--no-gitignore', '--baseline', 'all.json', '--format', 'json'], w.dir).stdout);
      assert.equal(covered.findings.length, 0);
      assert.equal(covered.suppressed.length, 2);
    } finally {
      w.cleanup();
    }
  });

  it('run in a folder of a git repository, applies the .gitignore files above it as git does (the same files as a scan of the top)', () => {
    const a = g.checksummedToken('ghp_');
    const w = makeWorkspace({ '.gitignore': 'app/gen/\n', 'app/src/app.py': `TOKEN = "${a}"\n`, 'app/gen/client.py': `TOKEN = "${a}"\n` });
    try {
      spawnSync('git', ['init', '-q'], { cwd: w.dir });
      const paths = (args: string[], cwd: string) => {
        const r = cli(['scan', ...args, '--format', 'json', '--no-cache'], cwd);
        assert.equal(r.code, 1, r.stderr);
        return JSON.parse(r.stdout).findings.map((f: { path: string }) => f.path);
      };
      assert.deepEqual(paths(['.'], w.dir), ['app/src/app.py']);
      assert.deepEqual(paths([], path.join(w.dir, 'app')), ['src/app.py']);
      assert.deepEqual(paths(['app'], w.dir), ['src/app.py']);
      // A folder the repository ignores, named on purpose, is scanned; --no-gitignore scans everything.
      assert.deepEqual(paths(['app/gen'], w.dir), ['client.py']);
      assert.deepEqual(paths(['--no-gitignore'], path.join(w.dir, 'app')).sort(), ['gen/client.py', 'src/app.py']);
    } finally {
      w.cleanup();
    }
  });

  it('lists every rule with id, provider and severity', () => {
    const rules = JSON.parse(cli(['rules', '--format', 'json'], ws.dir).stdout) as Array<Record<string, string>>;
    assert.ok(rules.length >= 9);
    assert.ok(rules.every((r) => r.id && r.provider && r.severity));
  });

  it('scans only what git has staged with --staged', () => {
    const repo = makeWorkspace({ 'staged.py': `t = "${g.checksummedToken('ghp_')}"\n`, 'unstaged.py': `t = "${g.checksummedToken('ghp_')}"\n` });
    try {
      const git = (...a: string[]) => spawnSync('git', a, { cwd: repo.dir, encoding: 'utf8' });
      git('init', '-q');
      git('add', 'staged.py');
      const r = cli(['scan', '--staged', '--format', 'json'], repo.dir);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout).findings.map((f: { path: string }) => f.path), ['staged.py']);
    } finally {
      repo.cleanup();
    }
  });

  describe('errors end with a clear message and exit 2, never a stack trace', () => {
    const cases: Array<[string, string[], Record<string, string>, RegExp]> = [
      ['unknown option', ['scan', '--bogus'], {}, /unknown option '--bogus'/],
      ['bad format', ['scan', '--format', 'xml'], {}, /argument 'xml' is invalid/],
      ['bad severity', ['scan', '--fail-on', 'severe'], {}, /argument 'severe' is invalid/],
      ['bad number', ['scan', '--max-file-size', 'lots'], {}, /--max-file-size must be a whole number/],
      ['missing path', ['scan', 'nope/'], {}, /no such file or folder: .*nope/],
      ['malformed config', ['scan', '.'], { '.credential-hygiene.json': '{ "exclude": [1] }' }, /invalid configuration:\n {2}- exclude\.0: /],
      ['config not JSON', ['scan', '.'], { '.credential-hygiene.json': '{ nope' }, /invalid JSON: .*\(line 1, column 3\)/],
      ['malformed baseline', ['scan', '.', '--baseline', 'b.json'], { 'b.json': '{"version": 2, "entries": []}' }, /invalid baseline:/],
      ['missing baseline', ['scan', '.', '--baseline', 'none.json'], {}, /cannot read baseline .*none\.json: ENOENT/],
      ['staged outside git', ['scan', '--staged'], {}, /--staged needs a git repository/],
      ['unknown command', ['scna'], {}, /unknown command 'scna'/],
    ];
    for (const [label, args, files, message] of cases) {
      it(label, () => {
        const w = makeWorkspace(files);
        try {
          const r = cli(args, w.dir);
          assert.equal(r.code, 2, `exit ${r.code}: ${r.stderr}`);
          assert.match(r.stderr, message);
          assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, 'printed a stack trace');
        } finally {
          w.cleanup();
        }
      });
    }
  });
});
