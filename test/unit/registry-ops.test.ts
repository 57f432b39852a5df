// The registry as a service: configured from the environment, structured logs, a request in flight
// finishing across SIGTERM, online backups of a live SQLite file, and a clear message where the
// optional SQLite driver is missing. Real CLI processes on 127.0.0.1 and real SQLite files.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RegistryClient } from '../../src/core/registry/client';
import { call, cliAsync, cliSync, freePort, makeToken, ServerProcess } from './registry-support';
import { REPO_ROOT } from './support/workspace';

const dirs: string[] = [];
function tmpDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'ch-registry-ops-'));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Resolves once `lines` holds a line matching `re` (the server's own log, read as it comes). */
async function waitForLine(lines: string[], re: RegExp): Promise<string> {
  for (;;) {
    const hit = lines.find((l) => re.test(l));
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('registry as a service', function () {
  this.timeout(60_000);

  it('takes its port, address and database from the environment, and logs one JSON object per line without token values', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'env.db');
    const token = makeToken(db, 'ops', 'admin');
    const port = await freePort();
    const env = { CREDENTIAL_HYGIENE_REGISTRY_DB: db, CREDENTIAL_HYGIENE_REGISTRY_PORT: String(port), CREDENTIAL_HYGIENE_REGISTRY_HOST: '127.0.0.1' };
    // ServerProcess passes --port and --host; the variables must stand on their own: run the CLI bare.
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), 'registry', 'serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buf = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      const parts = buf.split('\n');
      buf = parts.pop()!;
      lines.push(...parts);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const listening = JSON.parse(await waitForLine(lines, /"msg":"listening"/)) as Record<string, unknown>;
      assert.equal(listening.url, `http://127.0.0.1:${port}`);
      assert.equal(listening.db, db);
      const client = new RegistryClient({ baseUrl: `http://127.0.0.1:${port}`, token, retries: 0 });
      await client.put('env-configured', { purpose: 'configured by the environment' });
      assert.equal((await call(`http://127.0.0.1:${port}`, 'GET', '/v1/identities/env-configured')).status, 401);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    assert.ok(lines.length >= 5, lines.join('\n'));
    for (const line of lines) {
      const o = JSON.parse(line) as Record<string, unknown>;
      assert.ok(['info', 'warn', 'error'].includes(String(o.level)), line);
      assert.ok(typeof o.msg === 'string' && typeof o.t === 'string' && !Number.isNaN(Date.parse(String(o.t))), line);
    }
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { msg: string }).msg).filter((m) => m !== 'request'), ['listening', 'shutting down', 'stopped']);
    assert.ok(!lines.join('\n').includes(token), 'a log line holds the token');
    assert.ok(!lines.join('\n').includes(token.slice(6, 20)), 'a log line holds part of the token');
  });

  it('refuses a bad port from the environment plainly (exit 2)', () => {
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), 'registry', 'serve', '--db', path.join(tmpDir(), 'x.db')], { encoding: 'utf8', env: { ...process.env, CREDENTIAL_HYGIENE_REGISTRY_PORT: 'eighty' } });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--port must be a whole number, not "eighty"/);
  });

  it('on SIGTERM stops accepting, lets a request in flight finish, closes the database and exits 0', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'drain.db');
    const token = makeToken(db, 'drain', 'admin');
    const server = new ServerProcess(db);
    await server.start();
    const port = server.port;
    // A PUT whose body is half sent: the server is waiting for the rest when SIGTERM arrives. Its
    // "100 Continue" says the request has been read and is being served.
    const body = JSON.stringify({ purpose: 'written while the server shut down' });
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    let reply = '';
    socket.setEncoding('latin1').on('data', (d: string) => { reply += d; });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(`PUT /v1/identities/in-flight HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`);
    for (; !reply.includes('\r\n\r\n');) await new Promise((r) => setTimeout(r, 20));
    assert.match(reply, /^HTTP\/1\.1 100 Continue\r\n/);
    socket.write(body.slice(0, 10));
    const exit = server.stop(); // SIGTERM
    await waitForLine(server.lines, /"msg":"shutting down"/);
    // No new connection is accepted once it is shutting down.
    const refused = await new Promise<string>((resolve) => net.connect(port, '127.0.0.1').once('connect', function (this: net.Socket) { this.destroy(); resolve('connected'); }).once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error')));
    assert.equal(refused, 'ECONNREFUSED');
    socket.end(body.slice(10));
    await closed;
    assert.match(reply, /\r\n\r\nHTTP\/1\.1 201 /, reply.slice(0, 300));
    assert.equal(await exit, 0);
    assert.ok(server.lines.some((l) => l.includes('"msg":"stopped"')));
    // It was written and committed: a fresh server on the same file returns it.
    const again = new ServerProcess(db);
    await again.start();
    try {
      const got = await new RegistryClient({ baseUrl: again.url, token, retries: 0 }).get('in-flight');
      assert.equal(got?.value.purpose, 'written while the server shut down');
    } finally {
      await again.stop();
    }
  });

  it('backs up a live SQLite registry with the online backup API, and the copy serves the same data', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'live.db');
    const token = makeToken(db, 'backup-admin', 'admin');
    const server = new ServerProcess(db);
    await server.start();
    const out = path.join(dir, 'backups', 'registry-1.db');
    mkdirSync(path.dirname(out));
    try {
      const client = new RegistryClient({ baseUrl: server.url, token, retries: 0 });
      for (let i = 0; i < 40; i++) await client.put(`svc-${i}`, { purpose: `service ${i}`, owners: { technical: 'group:platform' } });
      // While the server runs (and keeps writing), the backup is taken.
      const writing = (async () => { for (let i = 40; i < 60; i++) await client.put(`svc-${i}`, { purpose: `service ${i}` }); })();
      const r = await cliAsync(['registry', 'backup', '--db', db, '--out', out]);
      await writing;
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^backed up \d+ pages \(\d+ bytes\) to .*registry-1\.db\n$/);
      assert.deepEqual(readdirSync(path.dirname(out)), ['registry-1.db']); // no partial file left
    } finally {
      assert.equal(await server.stop(), 0);
    }
    // The copy is a registry: its tokens and identities (at least the 40 written before) are there.
    assert.match(cliSync(['registry', 'token', 'list', '--db', out]).stdout, /^backup-admin\tadmin\t-\t/m);
    const restored = new ServerProcess(out);
    await restored.start();
    try {
      const client = new RegistryClient({ baseUrl: restored.url, token, retries: 0 });
      const page = await client.list({}, { limit: 500 });
      const ids = new Set(page.items.map((i) => i.id));
      for (let i = 0; i < 40; i++) assert.ok(ids.has(`svc-${i}`), `svc-${i} missing from the backup`);
      assert.equal((await client.get('svc-7'))?.value.purpose, 'service 7');
    } finally {
      await restored.stop();
    }
    // An existing file is not replaced without --force; a PostgreSQL URL is sent to pg_dump.
    const again = cliSync(['registry', 'backup', '--db', db, '--out', out]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /exists \(add --force to replace it\)/);
    assert.equal(cliSync(['registry', 'backup', '--db', db, '--out', out, '--force']).code, 0);
    const pgUrl = cliSync(['registry', 'backup', '--db', 'postgres://registry@127.0.0.1:1/registry', '--out', path.join(dir, 'pg.db')]);
    assert.equal(pgUrl.code, 2);
    assert.match(pgUrl.stderr, /pg_dump/);
    const missing = cliSync(['registry', 'backup', '--db', path.join(dir, 'nothing.db'), '--out', path.join(dir, 'n.db')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no registry database at /);
    assert.ok(!existsSync(path.join(dir, 'nothing.db')), 'backup created the database it was asked to copy');
  });

  it('without the optional SQLite driver: scan works, a registry command says how to install it (exit 2)', () => {
    // The CLI as an npm install without its optional dependency: the bundle and package.json only,
    // in a folder with no node_modules above it.
    const dir = tmpDir();
    mkdirSync(path.join(dir, 'pkg/dist/lib'), { recursive: true });
    const files = ['dist/cli.js', 'dist/cli-main.js', 'dist/worker.js', 'package.json', ...readdirSync(path.join(REPO_ROOT, 'dist/lib')).filter((f) => f.endsWith('.js')).map((f) => `dist/lib/${f}`)];
    for (const f of files) copyFileSync(path.join(REPO_ROOT, f), path.join(dir, 'pkg', f));
    writeFileSync(path.join(dir, 'app.py'), 'print("hello")\n');
    const cli = path.join(dir, 'pkg/dist/cli.js');
    // A node_modules in a folder above (a stray install in the temporary folder) would lend the driver.
    const lent = (() => {
      try {
        return require.resolve('better-sqlite3', { paths: [path.dirname(cli)] });
      } catch {
        return undefined;
      }
    })();
    assert.equal(lent, undefined, `better-sqlite3 is reachable from ${dir} through a node_modules above it: remove it, this test needs none`);
    // Bounded: a registry that did start would otherwise serve until killed.
    const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir, timeout: 30_000 });
    const scan = run(['scan', dir, '--no-progress']);
    assert.equal(scan.status, 0, scan.stderr);
    for (const args of [['registry', 'serve', '--port', '0'], ['registry', 'token', 'list'], ['registry', 'backup', '--db', path.join(dir, 'app.py'), '--out', path.join(dir, 'b.db')]]) {
      const r = run([...args, ...(args[1] === 'backup' ? [] : ['--db', path.join(dir, 'r.db')])]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^credential-hygiene: the SQLite driver \(better-sqlite3\) is not available.*`npm install better-sqlite3`.*--db postgres:\/\/.*\(not installed\)\n$/s, args.join(' '));
      assert.ok(!/\n\s+at /.test(r.stderr), 'a stack trace');
    }
  });
});
