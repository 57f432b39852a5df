// The registry reference server as a real process (dist/cli.js registry serve) on 127.0.0.1 with a
// real SQLite file or a real PostgreSQL database, its tokens made by the real CLI, and every line it logs kept for leak checks.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { CLI } from './support/workspace';

export function cliSync(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI as a child process, without blocking: for several runs at once. */
export function cliAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function makeToken(db: string, name: string, scope: string, owner?: string): string {
  const r = cliSync(['registry', 'token', 'create', '--db', db, '--name', name, '--scope', scope, ...(owner ? ['--owner', owner] : [])]);
  if (r.code !== 0) throw new Error(`token create failed: ${r.stderr}`);
  return r.stdout.trim();
}

export class ServerProcess {
  url = '';
  readonly lines: string[] = [];
  private child?: ChildProcess;
  private exited?: Promise<number | null>;

  /** `db` '' passes no --db (the database then comes from `extra` or `env`). */
  constructor(private readonly db: string, private readonly extra: string[] = [], private readonly env: Record<string, string> = {}) {}

  async start(): Promise<void> {
    const args = [CLI, 'registry', 'serve', ...(this.db ? ['--db', this.db] : []), '--port', '0', '--host', '127.0.0.1', ...this.extra];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...this.env } });
    this.child = child;
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    let buf = '';
    const onLine = (line: string) => this.lines.push(line);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => d.split('\n').filter(Boolean).forEach(onLine));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${this.lines.join('\n')}`)), 15_000);
      child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        buf += d;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          onLine(line);
          if (!this.url && line.includes('"listening"')) {
            this.url = (JSON.parse(line) as { url: string }).url;
            clearTimeout(timer);
            resolve();
          }
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}: ${this.lines.join('\n')}`));
      });
    });
  }

  /** SIGTERM, then the exit code (a graceful shutdown exits 0). */
  async stop(): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null) return this.child?.exitCode ?? null;
    this.child.kill('SIGTERM');
    return this.exited!;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  accessLog(): Array<Record<string, unknown>> {
    return this.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  json: () => Record<string, unknown>;
}

/** fetch with the token and JSON handling tests need. */
export async function call(base: string, method: string, path: string, opts: { token?: string; body?: unknown; type?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] = opts.type ?? (method === 'PATCH' ? 'application/merge-patch+json' : 'application/json');
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: Object.fromEntries(res.headers), body: text, json: () => JSON.parse(text) as Record<string, unknown> };
}

/** http.request through a keep-alive agent: for bodies and headers fetch would not send. */
export function request(agent: http.Agent, port: number, method: string, path: string, headers: Record<string, string | number>, body?: string | Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Writes raw bytes on a fresh connection and returns the status of the first response (0: none). */
export function rawRequest(port: number, bytes: string | Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    const done = () => {
      socket.destroy();
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(data);
      resolve(m ? Number(m[1]) : 0);
    };
    socket.setTimeout(5000, done);
    socket.on('data', (d) => {
      data += d.toString('latin1');
      if (/\r\n\r\n/.test(data)) done();
    });
    socket.on('error', done);
    socket.on('end', done);
    socket.on('connect', () => socket.write(bytes));
  });
}

/**
 * A TCP forwarder on 127.0.0.1 in front of a real database: `cut()` stops it and drops every
 * connection (the database "goes away" for the server behind it), `restore()` listens again.
 */
export class TcpProxy {
  port = 0;
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly targetPort: number) {}

  async restore(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
  }

  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
    this.server = undefined;
  }
}

/** Runs `tasks` with at most `n` in flight. */
export async function pool<T>(tasks: Array<() => Promise<T>>, n: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]();
    }
  }));
  return out;
}

// ---- Back ends: the same suite runs against a SQLite file and against a real PostgreSQL server. ----

/**
 * A throwaway PostgreSQL cluster (Debian's `postgresql` package: initdb and pg_ctl under
 * /usr/lib/postgresql/<version>/bin) in a temp folder, listening on 127.0.0.1 and a free port, with
 * trust authentication for local connections only. As root it runs as the `postgres` user (initdb
 * refuses root). Missing binaries are an error, unless CH_SKIP_POSTGRES=1 (then the PostgreSQL
 * suites are skipped).
 */
export class PgCluster {
  port = 0;
  private dir = '';
  private bin = '';
  private started = false;
  private dbCount = 0;

  static skipRequested(): boolean {
    return process.env.CH_SKIP_POSTGRES === '1';
  }

  static findBin(): string | undefined {
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return undefined;
    const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')) && existsSync(path.join(root, v, 'bin', 'pg_ctl')));
    versions.sort((a, b) => Number(b) - Number(a));
    return versions.length ? path.join(root, versions[0], 'bin') : undefined;
  }

  private run(cmd: string, args: string[]): void {
    const asRoot = process.getuid?.() === 0;
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(this.bin, cmd), ...args]] : [path.join(this.bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: 'utf8', cwd: this.dir, timeout: 60_000 });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status ?? r.signal ?? r.error?.message}): ${r.stderr}${r.stdout}${this.logTail()}`);
  }

  private logTail(): string {
    const log = path.join(this.dir, 'server.log');
    return existsSync(log) ? `\n--- server.log ---\n${readFileSync(log, 'utf8').slice(-2000)}` : '';
  }

  async start(): Promise<void> {
    const bin = PgCluster.findBin();
    if (!bin) {
      throw new Error('PostgreSQL is not installed (no initdb/pg_ctl under /usr/lib/postgresql/*/bin): install Debian\'s "postgresql" package (.ci/run does), or set CH_SKIP_POSTGRES=1 to skip the PostgreSQL suites');
    }
    this.bin = bin;
    this.dir = mkdtempSync(path.join(tmpdir(), 'ch-pg-'));
    if (process.getuid?.() === 0) {
      const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('running as root, but there is no "postgres" user to run PostgreSQL as');
      chownSync(this.dir, uid, gid);
    }
    const data = path.join(this.dir, 'data');
    this.run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    this.port = await freePort();
    // fsync off: a throwaway cluster; the tests restart the registry server, not PostgreSQL.
    const opts = `-c listen_addresses=127.0.0.1 -c port=${this.port} -c unix_socket_directories=${this.dir} -c fsync=off -c max_connections=200`;
    // Stopped even if mocha is interrupted before its after hooks run.
    process.once('exit', () => this.stop());
    this.run('pg_ctl', ['-D', data, '-l', path.join(this.dir, 'server.log'), '-o', opts, '-w', '-t', '60', 'start']);
    this.started = true;
  }

  /** A new, empty database; returns its postgres:// URL. */
  async createDatabase(): Promise<string> {
    const name = `registry_${process.pid}_${++this.dbCount}`;
    const client = new pg.Client({ host: '127.0.0.1', port: this.port, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`;
  }

  stop(): void {
    if (this.started) {
      this.started = false;
      try {
        this.run('pg_ctl', ['-D', path.join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
      } catch { /* removing the folder below is what matters */ }
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = '';
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** What the shared suite needs from a back end. */
export interface RegistryBackend {
  name: string;
  /** A fresh database for one suite: a file path or a postgres:// URL. */
  newDb(dir: string): Promise<string>;
  /** True when the database is a file the suite can check exists. */
  isFile: boolean;
}

export const sqliteBackend: RegistryBackend = {
  name: 'SQLite',
  isFile: true,
  newDb: async (dir) => path.join(dir, 'data', 'registry.db'),
};

export function postgresBackend(cluster: PgCluster): RegistryBackend {
  return { name: 'PostgreSQL', isFile: false, newDb: () => cluster.createDatabase() };
}
