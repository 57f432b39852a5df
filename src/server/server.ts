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
  /** Open connections at most (default 256); more are closed as they arrive. */
  maxConnections?: number;
  /** Time to receive a request's headers (default 10 s), then 408 and the connection closes. */
  headersTimeoutMs?: number;
  /** Time to receive a whole request (default 30 s). */
  requestTimeoutMs?: number;
}

export const DEFAULT_MAX_CONNECTIONS = 256;

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
  const server = http.createServer({
    requestTimeout: opts.requestTimeoutMs ?? 30_000,
    headersTimeout: opts.headersTimeoutMs ?? 10_000,
    // Node checks both timeouts on this interval (default 30 s): without it a slow header lives ~40 s.
    connectionsCheckingInterval: 1_000,
    maxHeaderSize: 16 * 1024,
  }, app);
  server.keepAliveTimeout = 5_000;
  // Past this many open connections, new ones are closed at once (idle keep-alive ones count too).
  server.maxConnections = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
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
