// The CLI's starter (dist/cli.js, from scripts/cli-shim.cjs) as a pre-commit hook meets it: the bundle's
// compiled code kept in the user's private cache folder from the first run of a command on, used by the
// next runs, never trusted when damaged or of another build, never kept in a folder others can write.
// Each run is the real bundle in a child process, with HOME in a temporary folder.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { CLI, makeWorkspace, REPO_ROOT } from './support/workspace';

const made: string[] = [];
function tmpDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

describe('CLI starter: compiled code cache', () => {
  const g = new SampleGen(5150);
  const token = g.checksummedToken('ghp_');
  let ws: ReturnType<typeof makeWorkspace>;
  before(() => {
    ws = makeWorkspace({ 'deploy.py': `GITHUB_TOKEN = "${token}"\n`, 'ok.py': 'print(1)\n' });
  });
  after(() => {
    ws.cleanup();
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });

  const run = (home: string, args: string[], extra: Record<string, string> = {}) => {
    const env: Record<string, string | undefined> = { ...process.env };
    delete env.XDG_CACHE_HOME;
    delete env.NODE_DISABLE_COMPILE_CACHE;
    Object.assign(env, { HOME: home, ...extra });
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ws.dir, encoding: 'utf8', env, timeout: 60_000 });
    assert.ok(!r.stdout.includes(token) && !r.stderr.includes(token), 'no secret in the output');
    return r;
  };
  const scan = (home: string, extra?: Record<string, string>) => run(home, ['scan', '--no-progress', '--no-ownership', 'deploy.py', 'ok.py'], extra);
  /** The report without its timing ("in 0.01 s") nor what the kept scan results spared ("; 2 unchanged since the last run, not read again"). */
  const same = (out: string) => out.replace(/ in \d+(?:\.\d+)? s\b/g, '').replace(/; \d+ unchanged since the last run, not read again/g, '');
  const cacheOf = (home: string) => path.join(home, '.cache/credential-hygiene/compile-cache');
  const entries = (home: string) => readdirSync(cacheOf(home)).filter((f) => f.startsWith('cli-'));

  it('keeps the bundle\'s compiled code per command in a folder of its own (0700), and the next run uses it', () => {
    const home = tmpDir('ch-home-');
    const first = scan(home);
    assert.equal(first.status, 1, first.stderr);
    assert.match(first.stdout, /deploy\.py/);
    assert.equal(statSync(cacheOf(home)).mode & 0o777, 0o700);
    const [file] = entries(home);
    assert.match(file, new RegExp(`^cli-[0-9a-f]{32}-\\d+-\\d+-${process.version.replace(/\./g, '\\.')}-${process.arch}-scan\\.bin$`));
    const cached = path.join(cacheOf(home), file);
    assert.equal(statSync(cached).mode & 0o777, 0o600);
    assert.ok(statSync(cached).size > 100_000, 'the code the command compiled is in it');
    const before = statSync(cached);
    const second = scan(home);
    assert.equal(second.status, 1, second.stderr);
    assert.equal(same(second.stdout), same(first.stdout), 'the same report from the cached code');
    const after = statSync(cached);
    assert.deepEqual([after.ino, after.mtimeMs], [before.ino, before.mtimeMs], 'an accepted cache is not written again');
    // Another command gets its own file; --version too; a mistyped command (a usage error) none.
    assert.equal(run(home, ['--version']).status, 0);
    assert.equal(run(home, ['scna', 'deploy.py']).status, 2);
    assert.deepEqual(entries(home).map((f) => f.replace(/^.*-/, '')).sort(), ['none.bin', 'scan.bin']);
  });

  it('keeps the compiled code of a library in dist/lib/ that a command loads (RE2 for a custom rule) beside the bundle\'s, and uses it next time', () => {
    const home = tmpDir('ch-home-');
    const custom = makeWorkspace({
      '.credential-hygiene.json': JSON.stringify({ customRules: [{ id: 'acme-key', description: 'ACME key', regex: '(acme_[a-z0-9]{20})', keywords: ['acme_'], severity: 'high' }] }),
      'app.js': `const k = "acme_${'k3x9'.repeat(5)}";\n`,
    });
    try {
      const env: Record<string, string | undefined> = { ...process.env, HOME: home };
      delete env.XDG_CACHE_HOME;
      delete env.NODE_DISABLE_COMPILE_CACHE;
      const once = () => spawnSync(process.execPath, [CLI, 'scan', '--no-progress', '--no-ownership', '--workers', '0', '.'], { cwd: custom.dir, encoding: 'utf8', env, timeout: 60_000 });
      const first = once();
      assert.equal(first.status, 1, first.stderr);
      assert.match(first.stdout, /acme-key/);
      const lib = entries(home).filter((f) => /-lib-re2js-\d+-\d+-/.test(f));
      assert.equal(lib.length, 1, entries(home).join(' '));
      assert.match(lib[0], new RegExp(`^cli-[0-9a-f]{32}-\\d+-\\d+-lib-re2js-\\d+-\\d+-${process.version.replace(/\./g, '\\.')}-${process.arch}-scan\\.bin$`));
      const file = path.join(cacheOf(home), lib[0]);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const before = statSync(file);
      const second = once();
      assert.equal(second.status, 1, second.stderr);
      assert.equal(same(second.stdout), same(first.stdout));
      const after = statSync(file);
      assert.deepEqual([after.ino, after.mtimeMs], [before.ino, before.mtimeMs], 'an accepted cache is not written again');
      // The bundle's and each library's (RE2's, and the JSON-with-comments parser's for the configuration):
      // writing one did not remove another.
      const kept = entries(home);
      assert.equal(kept.filter((f) => !f.includes('-lib-')).length, 1, kept.join(' '));
      assert.deepEqual(kept.filter((f) => f.includes('-lib-')).map((f) => /-lib-([a-z0-9-]+?)-\d+-\d+-/.exec(f)?.[1]).sort(), ['jsonc-parser', 're2js']);
    } finally {
      custom.cleanup();
    }
  });

  it('loads the YAML, CSV and .env parsers (libraries of dist/lib/ the sources import) only when a run reads such a file, and they then find what they did in the bundle', () => {
    const home = tmpDir('ch-home-');
    const libs = () => entries(home).flatMap((f) => /-lib-([a-z0-9-]+?)-\d+-\d+-/.exec(f)?.[1] ?? []).sort();
    const first = scan(home);
    assert.equal(first.status, 1, first.stderr);
    assert.deepEqual(libs(), [], 'two Python files need neither');
    // A CSV file is parsed as CSV, a .env file as dotenv reads it; the ownership register is YAML.
    const files = makeWorkspace({
      'compose.yaml': `services:\n  api:\n    environment:\n      GITHUB_TOKEN: ${token}\n`,
      'keys.csv': `name,token\napi,${token}\n`,
      '.env': `export GITHUB_TOKEN='${token}'\n`,
      'credentials.yaml': 'version: 1\nidentities: []\n',
    });
    try {
      const env: Record<string, string | undefined> = { ...process.env, HOME: home };
      delete env.XDG_CACHE_HOME;
      const r = spawnSync(process.execPath, [CLI, 'scan', '--no-progress', '--workers', '0', '--format', 'json', '.'], { cwd: files.dir, encoding: 'utf8', env, timeout: 60_000 });
      assert.equal(r.status, 1, r.stderr);
      const found = (JSON.parse(r.stdout) as { findings: { path: string; ruleId: string }[] }).findings.map((f) => `${f.path} ${f.ruleId}`).sort();
      assert.deepEqual(found, ['.env github-pat-classic', 'compose.yaml github-pat-classic', 'keys.csv github-pat-classic']);
      assert.deepEqual(libs(), ['csv-parse', 'dotenv', 'yaml']);
    } finally {
      files.cleanup();
    }
  });

  it('the bundle is written as the CommonJS wrapper function, and its source map still points into the sources', () => {
    const bundle = path.join(REPO_ROOT, 'dist/cli-main.js');
    const lines = readFileSync(bundle, 'latin1').split('\n');
    assert.equal(lines[0], '(function (exports, require, module, __filename, __dirname) {');
    const map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as SourceMapPayload);
    // A message of the staged probe, found in the bundle, maps back to its line in the source.
    const message = '--staged needs a git repository';
    const line = lines.findIndex((l) => l.includes(message));
    const entry = map.findEntry(line, lines[line].indexOf(message)) as { originalSource?: string; originalLine?: number };
    assert.match(String(entry.originalSource), /src\/cli\/staged-probe\.ts$/);
    const source = readFileSync(path.join(REPO_ROOT, 'src/cli/staged-probe.ts'), 'utf8').split('\n');
    assert.ok(source[entry.originalLine!].includes(message), `line ${entry.originalLine! + 1} of staged-probe.ts: ${source[entry.originalLine!]}`);
  });

  it('the bundles leave out the rules\' own samples, and the rules after them still map to their own lines', () => {
    for (const name of ['cli-main.js', 'worker.js', 'history-worker.js']) {
      const text = readFileSync(path.join(REPO_ROOT, 'dist', name), 'latin1');
      // (A configuration's custom rule has an empty list of its own: at most that one.)
      assert.ok(!text.includes('truePositives') && text.split('falsePositives').length <= 2, `${name} carries samples`);
    }
    const bundle = path.join(REPO_ROOT, 'dist/worker.js');
    const lines = readFileSync(bundle, 'latin1').split('\n');
    const map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as SourceMapPayload);
    // The last rule of cloud.ts comes after 70-odd samples: its id maps back to the line it is on.
    const sourceFile = path.join(REPO_ROOT, 'src/core/rules/providers/cloud.ts');
    const source = readFileSync(sourceFile, 'utf8').split('\n');
    const id = [...source.join('\n').matchAll(/^\s+id: '([a-z0-9-]+)',$/gm)].at(-1)![1];
    const line = lines.findIndex((l) => l.includes(`"${id}"`));
    assert.ok(line >= 0, `${id} is in the bundle`);
    const entry = map.findEntry(line, lines[line].indexOf(`"${id}"`)) as { originalSource?: string; originalLine?: number };
    assert.match(String(entry.originalSource), /src\/core\/rules\/providers\/cloud\.ts$/);
    assert.ok(source[entry.originalLine!].includes(`'${id}'`), `line ${entry.originalLine! + 1} of cloud.ts: ${source[entry.originalLine!]}`);
  });

  it('a damaged cache file is rejected by V8 and replaced, with the same results', () => {
    const home = tmpDir('ch-home-');
    const first = scan(home);
    const file = path.join(cacheOf(home), entries(home)[0]);
    const junk = Buffer.alloc(statSync(file).size, 0x5a);
    writeFileSync(file, junk);
    const again = scan(home);
    assert.equal(again.status, first.status, again.stderr);
    assert.equal(same(again.stdout), same(first.stdout));
    assert.ok(!readFileSync(file).equals(junk), 'rewritten with good code');
  });

  it('removes the caches of other builds when it writes its own', () => {
    const home = tmpDir('ch-home-');
    mkdirSync(cacheOf(home), { recursive: true, mode: 0o700 });
    const stale = path.join(cacheOf(home), `cli-${'0'.repeat(32)}-1-1-${process.version}-${process.arch}-scan.bin`);
    writeFileSync(stale, 'old build');
    const other = path.join(cacheOf(home), 'not-ours.txt');
    writeFileSync(other, 'kept');
    assert.equal(scan(home).status, 1);
    assert.ok(!existsSync(stale), 'the other build\'s cache is gone');
    assert.ok(existsSync(other), 'files that are not ours stay');
    assert.equal(entries(home).length, 1);
  });

  it('uses no folder that others can write, and no compiled-code folder with NODE_DISABLE_COMPILE_CACHE=1', () => {
    const shared = tmpDir('ch-home-');
    mkdirSync(cacheOf(shared), { recursive: true });
    chmodSync(cacheOf(shared), 0o777);
    const r = scan(shared);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(readdirSync(cacheOf(shared)), []);
    const off = tmpDir('ch-home-');
    assert.equal(scan(off, { NODE_DISABLE_COMPILE_CACHE: '1' }).status, 1);
    assert.ok(!existsSync(cacheOf(off)));
  });

  it('scan workers start from their own kept code: written by the first run, used by the next, replaced when damaged', () => {
    const home = tmpDir('ch-home-');
    // Every run reads the files (--no-cache), so that workers start each time.
    const tree = ['scan', '--no-progress', '--no-ownership', '--no-cache', '--format', 'json', '--workers', '2', '.'];
    const findings = (out: string) => (JSON.parse(out) as { findings: Array<{ path: string; ruleId: string; fingerprint: string }> }).findings.map((f) => `${f.path} ${f.ruleId} ${f.fingerprint}`);
    const first = run(home, tree);
    assert.equal(first.status, 1, first.stderr);
    const workerFiles = () => readdirSync(cacheOf(home)).filter((f) => f.startsWith('worker-'));
    assert.equal(workerFiles().length, 1, readdirSync(cacheOf(home)).join(' '));
    const file = path.join(cacheOf(home), workerFiles()[0]);
    assert.match(workerFiles()[0], new RegExp(`^worker-[0-9a-f]{32}-\\d+-\\d+-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.bin$`));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const kept = statSync(file);
    const second = run(home, tree);
    assert.deepEqual(findings(second.stdout), findings(first.stdout));
    assert.deepEqual([statSync(file).ino, statSync(file).mtimeMs], [kept.ino, kept.mtimeMs], 'used, not written again');
    const junk = Buffer.alloc(kept.size, 0xa5);
    writeFileSync(file, junk);
    const third = run(home, tree);
    assert.deepEqual(findings(third.stdout), findings(first.stdout));
    assert.ok(!readFileSync(file).equals(junk), 'replaced');
  });

  it('keeps scan results in a private folder: the next run reads only what changed; --no-cache reads everything and keeps nothing', async function () {
    this.timeout(120_000);
    const g2 = new SampleGen(5151);
    const files: Record<string, string> = { 'deploy.py': `GITHUB_TOKEN = "${token}"\n` };
    for (let i = 0; i < 60; i++) files[`src/m${i}.ts`] = `export const v${i} = ${i};\n`;
    const tree = makeWorkspace(files);
    try {
      // A file changed within 3 s of a run is not kept (its times could not tell a second change apart).
      await new Promise((r) => setTimeout(r, 3200));
      const home = tmpDir('ch-home-');
      const scanTree = (...extra: string[]) => scanIn(home, ...extra);
      const scanIn = (where: string, ...extra: string[]) => {
        const r = spawnSync(process.execPath, [CLI, 'scan', '--no-progress', '--format', 'json', ...extra, '.'], { cwd: tree.dir, encoding: 'utf8', env: { ...process.env, HOME: where, XDG_CACHE_HOME: '', XDG_CONFIG_HOME: '' }, timeout: 60_000 });
        assert.equal(r.status, 1, r.stderr);
        return JSON.parse(r.stdout) as { summary: { files: number; unchanged?: number }; findings: Array<{ path: string; ruleId: string; fingerprint: string; preview: string }> };
      };
      const findings = (r: ReturnType<typeof scanTree>) => r.findings.map((f) => `${f.path} ${f.ruleId} ${f.fingerprint} ${f.preview}`);
      const off = scanTree('--no-cache');
      assert.ok(!existsSync(path.join(home, '.cache/credential-hygiene/scan-results')), '--no-cache keeps nothing');
      const first = scanTree();
      assert.equal(first.summary.unchanged, undefined);
      const folder = path.join(home, '.cache/credential-hygiene/scan-results');
      assert.equal(statSync(folder).mode & 0o777, 0o700);
      const [file] = readdirSync(folder);
      assert.equal(statSync(path.join(folder, file)).mode & 0o777, 0o600);
      assert.ok(!readFileSync(path.join(folder, file), 'utf8').includes(token.slice(4)), 'no secret kept');
      const second = scanTree();
      assert.equal(second.summary.unchanged, 61, 'every file answered from the kept results');
      assert.deepEqual(findings(second), findings(first));
      assert.deepEqual(findings(off), findings(first));
      // Without a project salt, fingerprints are under the machine's: a new machine salt, nothing kept is taken.
      rmSync(path.join(home, '.config/credential-hygiene/fingerprint-salt'));
      const resalted = scanTree();
      assert.equal(resalted.summary.unchanged, undefined);
      assert.notDeepEqual(findings(resalted), findings(first), 'fingerprints under the new salt');
      assert.equal(scanTree().summary.unchanged, 61);
      // A change is read (and is not kept until it is 3 s old).
      writeFileSync(path.join(tree.dir, 'src/m3.ts'), `const t = "${g2.checksummedToken('ghp_')}";\n`);
      const third = scanTree();
      assert.equal(third.summary.unchanged, 60);
      assert.deepEqual(third.findings.map((f) => f.path).sort(), ['deploy.py', 'src/m3.ts']);
      assert.equal(scanTree('--no-cache').summary.unchanged, undefined, '--no-cache reads every file');
      // A results folder others can write is not used.
      const shared = tmpDir('ch-home-');
      const sharedFolder = path.join(shared, '.cache/credential-hygiene/scan-results');
      mkdirSync(sharedFolder, { recursive: true });
      chmodSync(sharedFolder, 0o777);
      // (Another home has another machine salt: the fingerprints differ.)
      const where = (r: ReturnType<typeof scanTree>) => r.findings.map((f) => `${f.path} ${f.ruleId} ${f.preview}`);
      assert.deepEqual(where(scanIn(shared)), where(third));
      assert.deepEqual(readdirSync(sharedFolder), []);
      // The text report says so.
      const text = spawnSync(process.execPath, [CLI, 'scan', '--no-progress', '.'], { cwd: tree.dir, encoding: 'utf8', env: { ...process.env, HOME: home, XDG_CACHE_HOME: '', XDG_CONFIG_HOME: '' } });
      assert.match(text.stdout, /61 files scanned \([^)]*; 60 unchanged since the last run, not read again\)/);
    } finally {
      tree.cleanup();
    }
  });

  it('still runs when the cache folder cannot be made (a read-only home)', () => {
    const home = tmpDir('ch-home-');
    writeFileSync(path.join(home, '.cache'), 'a file where the folder would go');
    const r = scan(home);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /deploy\.py/);
  });
});
