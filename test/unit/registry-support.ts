// The registry reference server as a real process (dist/cli.js registry serve) on 127.0.0.1 with a
// real SQLite file, its tokens made by the real CLI, and every line it logs kept for leak checks.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import { CLI } from './support/workspace';

export function cliSync(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
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

  constructor(private readonly db: string, private readonly extra: string[] = []) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, [CLI, 'registry', 'serve', '--db', this.db, '--port', '0', '--host', '127.0.0.1', ...this.extra], { stdio: ['ignore', 'pipe', 'pipe'] });
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
