// Runs the registry: opens the store, listens, logs one JSON line per request (never a body, a query
// value or a token), and shuts down gracefully: stop accepting, let requests in flight finish (up to
// a deadline), then close the database.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AccessLogEntry } from './app';
import type { RegistryStore } from './store';

export interface ServerOptions {
  store: RegistryStore;
  host?: string;
  port?: number;
  maxBodyBytes?: number;
  maxPageSize?: number;
  log?: (line: Record<string, unknown>) => void;
}

export interface RunningServer {
  url: string;
  server: http.Server;
  /** Stops accepting, waits for requests in flight (at most `graceMs`), closes the store. */
  close(graceMs?: number): Promise<void>;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const log = opts.log ?? (() => undefined);
  const app = createApp({
    store: opts.store, maxBodyBytes: opts.maxBodyBytes, maxPageSize: opts.maxPageSize,
    log: (e: AccessLogEntry) => log({ msg: 'request', ...e }),
    onError: (message) => log({ msg: 'error', t: new Date().toISOString(), error: message }),
  });
  const server = http.createServer({ requestTimeout: 30_000, headersTimeout: 10_000, maxHeaderSize: 16 * 1024 }, app);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8787, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${host}:${addr.port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    server,
    close(graceMs = 10_000) {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          opts.store.close().finally(resolve);
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
