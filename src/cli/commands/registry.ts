// `registry serve`, `registry backup` and `registry token create|list|revoke`: the reference registry server, its backups and its API tokens.
import { Command, Option } from 'commander';
import { UserError } from '../../core/errors';
import { TOKEN_SCOPES } from '../../core/registry/types';
import { backupSqlite } from '../../server/backup';
import { DB_ENV, DB_FILE_ENV, describeDb, openStore, resolveDb } from '../../server/open-store';
import { DEFAULT_MAX_CONNECTIONS, startServer } from '../../server/server';
import { createToken } from '../../server/tokens';
import type { CommandContext } from '../shared/context';
import { intOption } from '../shared/options';

/** The prefix of `registry serve`'s environment variables (CREDENTIAL_HYGIENE_REGISTRY_PORT, …). */
const SERVE_ENV = 'CREDENTIAL_HYGIENE_REGISTRY';

/** A log line's level by its msg (the rest are info). */
const LEVELS: Record<string, string> = { error: 'error', warning: 'warn' };

export function register(cli: Command, ctx: CommandContext): void {
  registryCommands(cli, ctx.signal, ctx.setExit);
}

/** `registry serve`, `registry backup` and `registry token create|list|revoke`: the reference registry server (src/server). */
function registryCommands(cli: Command, signal: AbortSignal, setExit: (code: number) => void): void {
  const registry = cli.command('registry').description('run the central ownership registry and manage its API tokens');
  registry.command('serve')
    .description('serve the registry API (docs/registry-openapi.yaml) until SIGINT or SIGTERM; one JSON access-log line per request on standard output')
    .option('--db <file-or-url>', `SQLite database file (created if missing) or postgres:// URL (default: $${DB_ENV}, else registry.db)`)
    .option('--db-file <path>', `file holding the database URL, kept out of ps (default: $${DB_FILE_ENV})`)
    // Each also from the environment (a container or a systemd unit): the option wins, then the variable.
    .addOption(new Option('--port <n>', 'TCP port (0: any free port)').env(`${SERVE_ENV}_PORT`).argParser(intOption('--port')).default(8787))
    .addOption(new Option('--host <host>', 'address to listen on').env(`${SERVE_ENV}_HOST`).default('127.0.0.1'))
    .addOption(new Option('--max-body <bytes>', 'largest request body accepted').env(`${SERVE_ENV}_MAX_BODY`).argParser(intOption('--max-body')).default(64 * 1024))
    .addOption(new Option('--max-page <n>', 'largest page size a list accepts').env(`${SERVE_ENV}_MAX_PAGE`).argParser(intOption('--max-page')).default(500))
    .addOption(new Option('--max-connections <n>', 'open connections at most; more are closed as they arrive (0: no limit)').env(`${SERVE_ENV}_MAX_CONNECTIONS`).argParser(intOption('--max-connections')).default(DEFAULT_MAX_CONNECTIONS))
    .action(async (opts: { db?: string; dbFile?: string; port: number; host: string; maxBody: number; maxPage: number; maxConnections: number }) => {
      const db = resolveDb(opts);
      const store = openStore(db);
      // One JSON object per line (level first): what a log shipper reads without a parser of its own.
      const log = (line: Record<string, unknown>) => process.stdout.write(JSON.stringify({ level: LEVELS[String(line.msg)] ?? 'info', ...line }) + '\n');
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
  registry.command('backup')
    .description('copy a SQLite registry to a file with SQLite\'s online backup API: consistent while `registry serve` runs (PostgreSQL: use pg_dump)')
    .option('--db <file>', `the SQLite database file (default: $${DB_ENV}, else registry.db)`)
    .option('--db-file <path>', `file holding the database path (default: $${DB_FILE_ENV})`)
    .requiredOption('--out <file>', 'the backup file to write (written beside it under a temporary name, then renamed)')
    .option('--force', 'replace --out if it exists')
    .action(async (opts: { db?: string; dbFile?: string; out: string; force?: boolean }) => {
      const r = await backupSqlite(resolveDb(opts), opts.out, { overwrite: opts.force });
      process.stderr.write(`backed up ${r.pages} pages (${r.bytes} bytes) to ${r.out}\n`);
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
