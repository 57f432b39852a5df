// A stand-in for HashiCorp Vault's KV version 2 HTTP API, for tests only: no Vault server can be
// installed on these machines. It implements exactly the documented endpoints the extension calls
// (read data, write data with check-and-set, write custom_metadata) and Vault's error shape.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface KvSecret {
  data: Record<string, string>;
  version: number;
  customMetadata: Record<string, string>;
}

export class FakeKv2 {
  readonly secrets = new Map<string, KvSecret>();
  readonly requests: string[] = [];
  /** When set, every request fails with this status (Vault down or refusing). */
  failWith?: number;
  private server?: Server;

  constructor(readonly token: string) {}

  async start(port = 0): Promise<string> {
    this.server = createServer(async (req, res) => {
      this.requests.push(`${req.method} ${req.url}`);
      const send = (status: number, body?: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      if (this.failWith) return send(this.failWith, { errors: ['internal error'] });
      if (req.headers['x-vault-token'] !== this.token) return send(403, { errors: ['permission denied'] });
      const m = /^\/v1\/([^/]+)\/(data|metadata)\/(.+)$/.exec(req.url ?? '');
      if (!m) return send(404, { errors: [] });
      const key = `${m[1]}/${decodeURIComponent(m[3])}`;
      const current = this.secrets.get(key);
      if (m[2] === 'data' && req.method === 'GET') {
        return current ? send(200, { data: { data: current.data, metadata: { version: current.version } } }) : send(404, { errors: [] });
      }
      const body = JSON.parse((await readBody(req)) || '{}');
      if (m[2] === 'data' && req.method === 'POST') {
        const cas = body.options?.cas;
        if (cas !== undefined && cas !== (current?.version ?? 0)) return send(400, { errors: ['check-and-set parameter did not match the current version'] });
        const next: KvSecret = { data: body.data, version: (current?.version ?? 0) + 1, customMetadata: current?.customMetadata ?? {} };
        this.secrets.set(key, next);
        return send(200, { data: { version: next.version, created_time: new Date().toISOString() } });
      }
      if (m[2] === 'metadata' && req.method === 'POST') {
        const s = current ?? { data: {}, version: 0, customMetadata: {} };
        s.customMetadata = body.custom_metadata ?? {};
        this.secrets.set(key, s);
        return send(204);
      }
      return send(405, { errors: ['unsupported'] });
    });
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    req.on('data', (c) => (s += c));
    req.on('end', () => resolve(s));
  });
}
