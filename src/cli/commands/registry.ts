// `registry serve` and `registry token create|list|revoke`: the reference registry server and its API tokens.
import { Command, Option } from 'commander';
import { UserError } from '../../core/errors';
import { TOKEN_SCOPES } from '../../core/registry/types';
import { DB_ENV, DB_FILE_ENV, describeDb, openStore, resolveDb } from '../../server/open-store';
import { DEFAULT_MAX_CONNECTIONS, startServer } from '../../server/server';
import { createToken } from '../../server/tokens';
import type { CommandContext } from '../shared/context';
import { intOption } from '../shared/options';

export function register(cli: Command, ctx: CommandContext): void {
  registryCommands(cli, ctx.signal, ctx.setExit);
}

/** `registry serve` and `registry token create|list|revoke`: the reference registry server (src/server). */
function registryCommands(cli: Command, signal: AbortSignal, setExit: (code: number) => void): void {
  const registry = cli.command('registry').description('run the central ownership registry and manage its API tokens');
  registry.command('serve')
    .description('serve the registry API (docs/registry-openapi.yaml) until SIGINT or SIGTERM; one JSON access-log line per request on standard output')
    .option('--db <file-or-url>', `SQLite database file (created if missing) or postgres:// URL (default: $${DB_ENV}, else registry.db)`)
    .option('--db-file <path>', `file holding the database URL, kept out of ps (default: $${DB_FILE_ENV})`)
    .option('--port <n>', 'TCP port (0: any free port)', intOption('--port'), 8787)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--max-body <bytes>', 'largest request body accepted', intOption('--max-body'), 64 * 1024)
    .option('--max-page <n>', 'largest page size a list accepts', intOption('--max-page'), 500)
    .option('--max-connections <n>', 'open connections at most; more are closed as they arrive (0: no limit)', intOption('--max-connections'), DEFAULT_MAX_CONNECTIONS)
    .action(async (opts: { db?: string; dbFile?: string; port: number; host: string; maxBody: number; maxPage: number; maxConnections: number }) => {
      const db = resolveDb(opts);
      const store = openStore(db);
      const log = (line: Record<string, unknown>) => process.stdout.write(JSON.stringify(line) + '\n');
      try {
        await store.ready?.(); // a database that is down ends here (exit 2), before anything listens
        for (const warning of await store.warnings?.().catch(() => []) ?? []) log({ msg: 'warning', t: new Date().toISOString(), warning });
      } catch (e) {
        await store.close();
        throw e;
      }
      let running;
      try {
        running = await startServer({ store, host: opts.host, port: opts.port, maxBodyBytes: opts.maxBody, maxPageSize: opts.maxPage, maxConnections: opts.maxConnections, log });
      } catch (e) {
        await store.close();
        throw new UserError(`cannot listen on ${opts.host}:${opts.port}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      log({ msg: 'listening', t: new Date().toISOString(), url: running.url, db: describeDb(db), pid: process.pid });
      await new Promise<void>((resolve) => {
        const stop = (why: string) => {
          log({ msg: 'shutting down', t: new Date().toISOString(), signal: why });
          running.close().then(resolve);
        };
        if (signal.aborted) stop('SIGINT');
        signal.addEventListener('abort', () => stop('SIGINT'), { once: true });
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
      log({ msg: 'stopped', t: new Date().toISOString() });
      setExit(0);
    });
  const token = registry.command('token').description('API tokens (stored as hashes; the value is shown once)');
  token.command('create')
    .description('create a bearer token and print it once on standard output')
    .requiredOption('--name <name>', 'who or what uses it (shown as the actor in the audit trail)')
    .addOption(new Option('--scope <scope>', 'read: read only; write: change identities (of --owner, if given); admin: everything').choices(TOKEN_SCOPES).makeOptionMandatory())
    .option('--owner <ref>', 'restrict writes to identities this entity ref owns (group:payments)')
    .option('--db <file-or-url>', `SQLite database file or postgres:// URL (default: $${DB_ENV}, else registry.db)`)
    .option('--db-file <path>', `file holding the database URL (default: $${DB_FILE_ENV})`)
    .action(async (opts: { name: string; scope: string; owner?: string; db?: string; dbFile?: string }) => {
      const store = openStore(resolveDb(opts));
      try {
        const value = await createToken(store, opts.name, opts.scope, opts.owner);
        process.stdout.write(value + '\n');
        process.stderr.write(`token "${opts.name}" (${opts.scope}${opts.owner ? `, ${opts.owner}` : ''}) created; it is not shown again\n`);
      } finally {
        await store.close();
      }
      setExit(0);
    });
  token.command('list')
    .description('list tokens (names, scopes and owners; never values)')
    .option('--db <file-or-url>', `SQLite database file or postgres:// URL (default: $${DB_ENV}, else registry.db)`)
    .option('--db-file <path>', `file holding the database URL (default: $${DB_FILE_ENV})`)
    .action(async (opts: { db?: string; dbFile?: string }) => {
      const store = openStore(resolveDb(opts));
      try {
        for (const t of await store.listTokens()) process.stdout.write(`${t.name}\t${t.scope}\t${t.owner ?? '-'}\t${t.createdAt}${t.revoked ? '\trevoked' : ''}\n`);
      } finally {
        await store.close();
      }
      setExit(0);
    });
  token.command('revoke')
    .description('revoke a token by name')
    .requiredOption('--name <name>', 'the token to revoke')
    .option('--db <file-or-url>', `SQLite database file or postgres:// URL (default: $${DB_ENV}, else registry.db)`)
    .option('--db-file <path>', `file holding the database URL (default: $${DB_FILE_ENV})`)
    .action(async (opts: { name: string; db?: string; dbFile?: string }) => {
      const store = openStore(resolveDb(opts));
      try {
        if (!(await store.revokeToken(opts.name))) throw new UserError(`no active token named "${opts.name}"`);
        process.stderr.write(`token "${opts.name}" revoked\n`);
      } finally {
        await store.close();
      }
      setExit(0);
    });
}
