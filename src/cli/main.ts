// credential-hygiene: the command line. Exit codes: 0 nothing at or above --fail-on, 1 findings,
// 2 usage or configuration error (a clear message, never a stack trace), 130 interrupted.
import { Command, CommanderError, Option } from 'commander';
import { existsSync, opendirSync, readFileSync, statSync, writeFileSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { loadConfig, type LoadedConfig } from '../core/config/load';
import { BASELINE_FILE } from '../core/config/schema';
import { UserError } from '../core/errors';
import { describeRefusal, fileKind, readBoundedSync } from '../core/files/bounded';
import { builtinRules } from '../core/rules';
import { CONFIDENCES, SEVERITIES, type Confidence, type Severity } from '../core/rules/types';
import { atOrAbove, buildScanReport, ownershipSection, withMinConfidence, type ScanReport } from '../core/report/scan-report';
import { buildInventoryReport, toInventoryCsv, toInventoryMarkdown } from '../core/report/inventory';
import { toMarkdown } from '../core/report/markdown';
import { toSarif } from '../core/report/sarif';
import { renderWorkspaceHtml } from '../core/report/html';
import { appendHistory, parseHistory, summarize, workspaceReportFromScan } from '../core/report/workspace-report';
import { toWorkspaceCsv, toWorkspaceJson, toWorkspaceMarkdown } from '../core/report/workspace-formats';
import { baselineFrom, legacyBaselineMessage, legacyEntryCount, migrateBaseline, readBaseline, writeBaseline, type Baseline } from '../core/suppress/baseline';
import { ensureProjectSalt } from '../core/salt';
import { CONFIG_FILE } from '../core/config/schema';
import { compileCustomRule } from '../core/config/load';
import { buildWorkspaceModel, type OwnershipMode } from '../core/model/build';
import type { ScanSummary } from '../core/scan/scanner';
import { isoDay, parseDate } from '../core/ownership/dates';
import { OWNERSHIP_RULES } from '../core/ownership/rules';
import type { OwnershipRun } from '../core/ownership/workspace';
import { inventoryText } from './format-inventory';
import { toText } from './format-text';
import { MAX_SCANNABLE_SIZE, stagedSources } from './staged';
import { colorEnabled, styler } from './terminal';
import { packageVersion } from './version';
import { DB_ENV, DB_FILE_ENV, describeDb, openStore, resolveDb } from '../server/open-store';
import { DEFAULT_MAX_CONNECTIONS, startServer } from '../server/server';
import { createToken } from '../server/tokens';
import { TOKEN_SCOPES } from '../core/registry/types';
import { RegistryClient, RegistryError } from '../core/registry/client';
import { SyncError, syncRegister, type SyncResult } from '../core/registry/sync';
import { REGISTER_FILE } from '../core/ownership/schema';
import { escapeMessage, escapeTerminal, safeJson } from '../core/text/escape';
import { mapStrings, redactDeep, redactText, redactUrl, urlHasCredentials } from '../core/scan/redact-text';

const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

interface ScanOpts {
  format: Format;
  output?: string;
  baseline?: string;
  staged?: boolean;
  failOn: Severity;
  /** Findings below it are left out of the output and the exit code (default: the config's, medium). */
  minConfidence?: Confidence;
  config?: string;
  gitignore: boolean;
  maxFileSize?: number;
  workers?: number;
  showSuppressed?: boolean;
  progress: boolean;
  /** Pinned "now" for expiry, rotation and report dates (tests, "what expires by then" questions). */
  now?: Date;
  /** `--no-ownership` turns the ownership checks off. */
  ownership?: boolean;
}


interface ScanRun {
  report: ScanReport;
  loaded: LoadedConfig;
  ownership?: OwnershipRun;
  summary: ScanSummary;
}

const version = packageVersion();

async function runScan(paths: string[], opts: ScanOpts, signal: AbortSignal, mode: OwnershipMode = opts.ownership === false ? 'off' : 'auto'): Promise<ScanRun> {
  const cwd = process.cwd();
  const roots = (paths.length ? paths : ['.']).map((p) => path.resolve(cwd, p));
  const kinds = opts.staged ? [] : roots.map(namedPathKind);
  const single = kinds.length === 1 && kinds[0] === 'folder' ? roots[0] : undefined;
  let base = single ?? cwd;
  const loaded = loadConfig(base, opts.config);
  const config = { ...loaded.config, gitignore: loaded.config.gitignore && opts.gitignore, minConfidence: opts.minConfidence ?? loaded.config.minConfidence };
  if (opts.maxFileSize) config.maxFileSize = opts.maxFileSize;
  // A file named on the command line that cannot be scanned is an error, not a silent skip.
  roots.forEach((r, i) => kinds[i] === 'file' && checkNamedFile(r, config.maxFileSize));
  // As in the editor: the config's baseline, else the default file next to the config when it exists.
  const defaultBaseline = path.join(loaded.dir, BASELINE_FILE);
  const baselineFile = opts.baseline ?? (loaded.config.baseline ? path.resolve(loaded.dir, loaded.config.baseline) : existsSync(defaultBaseline) ? defaultBaseline : undefined);
  // A baseline the workspace's own config names must be inside the workspace.
  const baseline: Baseline | undefined = baselineFile ? readBaseline(baselineFile, { root: opts.baseline || opts.config ? undefined : loaded.dir }) : undefined;
  const notes = [...loaded.warnings];
  const legacy = baseline ? legacyEntryCount(baseline) : 0;
  if (legacy) notes.push(legacyBaselineMessage(legacy, baselineFile));
  const now = opts.now ?? new Date();
  const today = opts.now ? isoDay(opts.now) : undefined;
  let sources: Array<{ rel: string; content: string }> | undefined;
  let stagedSkipped: ScanSummary['skipped'] = [];
  const progress = opts.progress && process.stderr.isTTY ? progressLine() : undefined;
  if (opts.staged) {
    const staged = await stagedSources(cwd, config);
    base = staged.top;
    sources = staged.sources;
    stagedSkipped = staged.skipped;
  }
  // One model: every file read and analyzed once (findings, references, the register's text).
  const { summary, ownership } = await buildWorkspaceModel({
    roots: sources ? [] : roots, base, config, configDir: loaded.dir, baseline, sources, signal, now, today,
    workers: sources ? 0 : opts.workers, onProgress: progress?.update, ownership: mode,
  });
  summary.skipped.push(...stagedSkipped);
  progress?.done();
  // One minimum confidence for every command: what falls below it is no finding of this project, in the
  // scan, the report, the inventory and the ownership checks alike (the model applies the same test).
  const report = withMinConfidence(buildScanReport(summary, base, version, notes, now), config.minConfidence);
  if (ownership?.enabled) report.ownership = ownershipSection(ownership);
  return { report, loaded, ownership, summary };
}

/** The folder a scan of `paths` reads its config from (as runScan decides). */
function projectDir(paths: string[]): string {
  const roots = (paths.length ? paths : ['.']).map((p) => path.resolve(p));
  return roots.length === 1 && existsSync(roots[0]) && statSync(roots[0]).isDirectory() ? roots[0] : process.cwd();
}

/** A baseline stores fingerprints: they need the project's own salt, committed with the config. */
function addProjectSalt(paths: string[], explicit?: string): void {
  const file = explicit ? path.resolve(explicit) : path.join(projectDir(paths), CONFIG_FILE);
  if (ensureProjectSalt(file).added) process.stderr.write(`added a random fingerprintSalt to ${file}: commit it with the baseline, so every machine computes the same fingerprints\n`);
}

/** A path given on the command line: a folder or a regular file, else a UserError saying what it is (exit 2). */
function namedPathKind(p: string): 'file' | 'folder' {
  let st: Stats;
  try {
    st = statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError(`no such file or folder: ${p}`);
    if (code === 'ENAMETOOLONG') throw new UserError(`cannot scan ${p.slice(0, 120)}…: the path is longer than the OS allows (ENAMETOOLONG)`);
    if (code === 'ELOOP') throw new UserError(`cannot scan ${p}: too many levels of symbolic links (ELOOP)`);
    throw new UserError(`cannot scan ${p}: ${code ?? (e as Error).message}`);
  }
  if (st.isDirectory()) {
    try {
      closeDirSync(p);
    } catch (e) {
      throw new UserError(`cannot scan ${p}: the folder cannot be listed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return 'folder';
  }
  if (!st.isFile()) throw new UserError(`cannot scan ${p}: it is ${fileKind(st)}, not a file or folder`);
  return 'file';
}

function closeDirSync(p: string): void {
  opendirSync(p).closeSync();
}

function checkNamedFile(p: string, maxFileSize: number): void {
  const r = readBoundedSync(p, { maxBytes: maxFileSize });
  if (!r.ok) throw new UserError(`cannot scan ${describeRefusal(p, r)}`);
}

function progressLine() {
  let last = 0;
  return {
    update: (p: { filesDone: number; filesTotal: number }) => {
      const now = Date.now();
      if (now - last < 100 && p.filesDone < p.filesTotal) return;
      last = now;
      process.stderr.write(`\r\x1b[2Kscanning ${p.filesDone}/${p.filesTotal} files`);
    },
    done: () => process.stderr.write('\r\x1b[2K'),
  };
}

function render(report: ScanReport, loaded: LoadedConfig, format: Format, color: boolean, showSuppressed: boolean): string {
  switch (format) {
    case 'json':
      return safeJson(report) + '\n';
    case 'sarif': {
      const rules = [...builtinRules, ...loaded.config.customRules.map((r) => compileCustomRule(r))];
      return safeJson(toSarif(report, rules)) + '\n';
    }
    case 'markdown':
      return toMarkdown(report);
    default:
      return toText(report, styler(color), showSuppressed);
  }
}

function nowOption(v: string): Date {
  const d = parseDate(v);
  if (!d) throw new UserError(`--now must be an ISO 8601 date such as 2026-03-01 (or a date-time), not "${v}"`);
  return d;
}

function intOption(name: string, max?: { value: number; why: string }) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UserError(`${name} must be a whole number, not "${v}"`);
    if (max && n > max.value) throw new UserError(`${name} can be at most ${max.value} (${max.why}), not ${v}`);
    return n;
  };
}

export function program(signal: AbortSignal, setExit: (code: number) => void): Command {
  const cli = new Command('credential-hygiene')
    .description('Finds hard-coded credentials and keeps every machine credential owned.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  cli.command('scan')
    .description('scan files and folders (default: the current folder) for hard-coded credentials, and check every credential has an owner when there is a credentials.yaml')
    .argument('[paths...]', 'files or folders to scan')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('-b, --baseline <file>', 'accept the findings listed in this baseline file')
    .option('--staged', 'scan what is staged in git (for pre-commit hooks)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding shown (see --min-confidence) is at or above this severity').choices(SEVERITIES).default('low'))
    .addOption(new Option('--min-confidence <level>', 'leave out findings below this confidence, from the output and the exit code (default: minConfidence in the config, else medium)').choices(CONFIDENCES))
    .option('-c, --config <file>', 'configuration file (default: .credential-hygiene.json in the scanned folder)')
    .option('--no-gitignore', 'also scan files that .gitignore ignores')
    .option('--max-file-size <bytes>', 'skip files larger than this', intOption('--max-file-size', { value: MAX_SCANNABLE_SIZE, why: 'the largest file that can be scanned as text' }))
    .option('--workers <n>', 'worker threads (0 = scan in the main thread)', intOption('--workers'))
    .option('--show-suppressed', 'list suppressed findings too (text format)')
    .option('--no-progress', 'no progress line on standard error')
    .option('--no-ownership', 'skip the credential ownership checks (credentials.yaml)')
    .option('--now <date>', 'evaluate expiry and rotation as of this date (default: now)', nowOption)
    .action(async (paths: string[], opts: ScanOpts) => {
      const run = await runScan(paths, opts, signal);
      const { loaded } = run;
      const report = run.report;
      const text = render(report, loaded, opts.format, !opts.output && colorEnabled(process.stdout), Boolean(opts.showSuppressed));
      if (opts.output) writeOutput(opts.output, text);
      else process.stdout.write(text);
      const owned = report.ownership ? `, ${report.ownership.summary.findings} ownership finding(s)` : '';
      if (opts.output && opts.format !== 'text') process.stderr.write(`${report.summary.findings} finding(s)${owned}; report written to ${opts.output}\n`);
      const failing = atOrAbove(report.findings, opts.failOn).length + atOrAbove(report.ownership?.findings ?? [], opts.failOn).length;
      setExit(report.summary.cancelled ? 130 : failing ? 1 : 0);
    });

  cli.command('inventory')
    .description('list every credential with its owners, status (ok, expiring, expired, overdue, incomplete, no-owner) and where it is referenced')
    .argument('[paths...]', 'files or folders to look in (default: the current folder)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'csv', 'markdown']).default('text'))
    .option('-o, --output <file>', 'write the inventory to a file instead of standard output')
    .option('-c, --config <file>', 'configuration file (default: .credential-hygiene.json in the scanned folder)')
    .option('--now <date>', 'evaluate expiry and rotation as of this date (default: now)', nowOption)
    .option('--no-gitignore', 'also look in files that .gitignore ignores')
    .option('--workers <n>', 'worker threads (0 = scan in the main thread)', intOption('--workers'))
    .option('--no-progress', 'no progress line on standard error')
    .action(async (paths: string[], opts: { format: string; output?: string; config?: string; now?: Date; gitignore: boolean; workers?: number; progress: boolean }) => {
      const now = opts.now ?? new Date();
      const { report, ownership } = await runScan(paths, {
        format: 'json', failOn: 'info', config: opts.config, gitignore: opts.gitignore, workers: opts.workers, progress: opts.progress, now,
      }, signal, 'force');
      if (!ownership) {
        setExit(130);
        return;
      }
      const inventory = buildInventoryReport(ownership, report.root, version, now);
      const text = opts.format === 'json' ? safeJson(inventory) + '\n'
        : opts.format === 'csv' ? toInventoryCsv(inventory)
          : opts.format === 'markdown' ? toInventoryMarkdown(inventory)
            : inventoryText(inventory, styler(!opts.output && colorEnabled(process.stdout)));
      if (opts.output) {
        writeOutput(opts.output, text);
        process.stderr.write(`${inventory.summary.entries} credential(s); inventory written to ${opts.output}\n`);
      } else process.stdout.write(text);
      setExit(0);
    });

  cli.command('report')
    .description('write a workspace report for leads: findings by severity, provider, rule and folder, ownership coverage, expired/expiring/overdue/orphaned credentials, trend, and tables (redacted previews only)')
    .argument('[paths...]', 'files or folders to scan (default: the current folder)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['html', 'markdown', 'json', 'csv']).default('html'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('-c, --config <file>', 'configuration file (default: .credential-hygiene.json in the scanned folder)')
    .option('--now <date>', 'evaluate expiry and rotation as of this date (default: now)', nowOption)
    .option('--history <file>', 'JSON file of earlier scan summaries (counts only) for the trend; this scan is appended to it (50 kept)')
    .option('-b, --baseline <file>', 'accept the findings listed in this baseline file')
    .option('--no-ownership', 'skip the credential ownership checks')
    .option('--no-gitignore', 'also scan files that .gitignore ignores')
    .option('--workers <n>', 'worker threads (0 = scan in the main thread)', intOption('--workers'))
    .option('--no-progress', 'no progress line on standard error')
    .action(async (paths: string[], opts: { format: string; output?: string; config?: string; now?: Date; history?: string; baseline?: string; ownership: boolean; gitignore: boolean; workers?: number; progress: boolean }) => {
      const now = opts.now ?? new Date();
      const { report: scanned, ownership } = await runScan(paths, {
        format: 'json', failOn: 'info', config: opts.config, baseline: opts.baseline, gitignore: opts.gitignore, workers: opts.workers, progress: opts.progress, now,
      }, signal, opts.ownership === false ? 'off' : 'auto');
      if (scanned.summary.cancelled) {
        setExit(130);
        return;
      }
      const history = opts.history && existsSync(opts.history) ? parseHistory(readFileSync(opts.history, 'utf8')) : [];
      const report = workspaceReportFromScan(scanned, ownership, { history, now });
      const text = opts.format === 'json' ? toWorkspaceJson(report)
        : opts.format === 'csv' ? toWorkspaceCsv(report)
          : opts.format === 'markdown' ? toWorkspaceMarkdown(report)
            : renderWorkspaceHtml(report);
      if (opts.history) writeOutput(opts.history, JSON.stringify(appendHistory(history, summarize(report)), null, 2) + '\n');
      if (opts.output) {
        writeOutput(opts.output, text);
        process.stderr.write(`${report.tiles.findings.total} open finding(s), ownership coverage ${report.tiles.coverage.percent ?? '—'}%; report written to ${opts.output}\n`);
      } else process.stdout.write(text);
      setExit(0);
    });

  const baselineCmd = cli.command('baseline')
    .description('manage the baseline of accepted findings');
  baselineCmd.command('create')
    .description('write a baseline that accepts every current finding (keyed by fingerprint, not line)')
    .argument('[paths...]', 'files or folders to scan')
    .option('-o, --output <file>', 'baseline file to write', '.credential-hygiene-baseline.json')
    .option('-r, --reason <text>', 'why these findings are accepted', 'accepted when the baseline was created')
    .option('-c, --config <file>', 'configuration file')
    .action(async (paths: string[], opts: { output: string; reason: string; config?: string }) => {
      addProjectSalt(paths, opts.config);
      // The baseline accepts what is found at every confidence (a later, lower minimum shows nothing new).
      const { report } = await runScan(paths, { format: 'json', failOn: 'info', gitignore: true, progress: true, config: opts.config, minConfidence: 'low' }, signal, 'off');
      writeBaseline(opts.output, baselineFrom(report.findings, opts.reason));
      process.stdout.write(`baseline with ${new Set(report.findings.map((f) => f.fingerprint)).size} entr${report.findings.length === 1 ? 'y' : 'ies'} written to ${opts.output}\n`);
      setExit(0);
    });

  baselineCmd.command('migrate')
    .description('rewrite the old (v1) fingerprints of a baseline as v2, keeping each entry\'s reason and expiry (scans to find each entry\'s secret)')
    .argument('[paths...]', 'files or folders to scan (default: the current folder)')
    .option('-b, --baseline <file>', 'baseline file (default: the config\'s "baseline", or .credential-hygiene-baseline.json)')
    .option('-c, --config <file>', 'configuration file')
    .action(async (paths: string[], opts: { baseline?: string; config?: string }) => {
      addProjectSalt(paths, opts.config);
      const loaded = loadConfig(projectDir(paths), opts.config);
      const file = opts.baseline ?? path.resolve(loaded.dir, loaded.config.baseline ?? '.credential-hygiene-baseline.json');
      const before = readBaseline(file);
      const { summary } = await runScan(paths, { format: 'json', failOn: 'info', gitignore: true, progress: true, config: opts.config, baseline: file }, signal, 'off');
      if (summary.cancelled) {
        setExit(130);
        return;
      }
      const r = migrateBaseline(before, summary.legacyBaseline?.matches ?? new Map());
      if (r.migrated || r.duplicates) writeBaseline(file, r.baseline);
      process.stdout.write(`${file}: ${r.migrated} entr${r.migrated === 1 ? 'y' : 'ies'} migrated to v2 fingerprints` +
        (r.duplicates ? `, ${r.duplicates} duplicate(s) removed` : '') +
        (r.unmatched ? `; ${r.unmatched} v1 entr${r.unmatched === 1 ? 'y matches' : 'ies match'} no current finding and ${r.unmatched === 1 ? 'was' : 'were'} kept as they are (remove them once the secret is gone)` : '') + '\n');
      setExit(0);
    });

  cli.command('rules')
    .description('list every built-in rule (secret rules, then the owner/* ownership rules)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((opts: { format: string }) => {
      const rows = [
        ...builtinRules.map((r) => ({ id: r.id, provider: r.provider, severity: r.severity, confidence: r.confidence, kind: r.kind, description: r.description })),
        ...Object.values(OWNERSHIP_RULES).map((r) => ({ id: r.id, provider: 'Ownership', severity: r.severity, confidence: 'high', kind: 'ownership', description: r.description })),
      ];
      if (opts.format === 'json') process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      else {
        const w = Math.max(...rows.map((r) => r.id.length));
        for (const r of rows) process.stdout.write(`${r.id.padEnd(w)}  ${r.severity.padEnd(8)}  ${r.provider}: ${r.description}\n`);
        process.stdout.write(`${rows.length} rules\n`);
      }
      setExit(0);
    });

  registryCommands(cli, signal, setExit);
  syncCommand(cli, signal, setExit);
  return cli;
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

const REGISTRY_URL_ENV = 'CREDENTIAL_HYGIENE_REGISTRY_URL';
const REGISTRY_TOKEN_ENV = 'CREDENTIAL_HYGIENE_REGISTRY_TOKEN';

/** `sync`: owners between credentials.yaml and the central registry (src/core/registry/sync.ts). */
function syncCommand(cli: Command, signal: AbortSignal, setExit: (code: number) => void): void {
  cli.command('sync')
    .description(`sync credentials.yaml with the central registry: pull the registry's changes, push local ones (--push), three-way merge against the last sync; conflicts and orphaned identities exit 1. The URL comes from --registry or ${REGISTRY_URL_ENV}, the token from an environment variable, never from the workspace`)
    .argument('[paths...]', 'registers or folders holding one (default: the current folder)')
    .option('--registry <url>', `registry URL (default: $${REGISTRY_URL_ENV})`)
    .option('--token-env <var>', 'environment variable holding the registry token', REGISTRY_TOKEN_ENV)
    .option('--push', 'send local changes and new identities to the registry')
    .option('--dry-run', 'change nothing anywhere; print what would be done')
    .option('--take-registry <id>', 'settle the conflicts of this identity with the registry\'s values (repeatable)', collect, [])
    .option('--keep-mine <id>', 'settle the conflicts of this identity with the local values, sent with --push (repeatable)', collect, [])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (paths: string[], opts: { registry?: string; tokenEnv: string; push?: boolean; dryRun?: boolean; format: string; takeRegistry: string[]; keepMine: string[] }) => {
      const url = opts.registry || process.env[REGISTRY_URL_ENV];
      if (!url) throw new UserError(`no registry URL: pass --registry <url> or set ${REGISTRY_URL_ENV}`);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(opts.tokenEnv)) throw new UserError('--token-env must name an environment variable');
      // Refused before any request: a password in the URL would end up in messages, logs and the sync state.
      if (urlHasCredentials(url)) throw new UserError(`the registry URL ${redactUrl(url)} carries credentials: put the token in ${opts.tokenEnv}, not in the URL`);
      const token = process.env[opts.tokenEnv] || undefined;
      let client: RegistryClient;
      try {
        client = new RegistryClient({ baseUrl: url, token, source: 'cli', signal });
      } catch (e) {
        throw new UserError((e as RegistryError).message);
      }
      const both = opts.takeRegistry.filter((id) => opts.keepMine.includes(id));
      if (both.length) throw new UserError(`"${both[0]}" is both in --take-registry and --keep-mine`);
      const resolve: Record<string, 'registry' | 'mine'> = {};
      for (const id of opts.takeRegistry) resolve[id] = 'registry';
      for (const id of opts.keepMine) resolve[id] = 'mine';
      const results: SyncResult[] = [];
      for (const file of registerFiles(paths)) {
        try {
          results.push(await syncRegister({ registerFile: file, client, registryUrl: url, push: opts.push, dryRun: opts.dryRun, resolve }));
        } catch (e) {
          if (e instanceof SyncError) throw new UserError(`${e.message}${!token && /401/.test(e.message) ? ` (set ${opts.tokenEnv})` : ''}`);
          throw e;
        }
      }
      // Register values, ids and messages are workspace (and registry) text; the URL may hold a token in its query.
      const shown = redactDeep(results.map((r) => ({ ...r, registry: redactUrl(r.registry) })));
      process.stdout.write(opts.format === 'json' ? safeJson(shown.length === 1 ? shown[0] : shown) + '\n' : shown.map((r) => syncText(mapStrings(r, escapeTerminal))).join('\n'));
      const failing = results.some((r) => r.conflicts.length || r.orphans.length || r.actions.some((a) => a.kind === 'push-failed' || a.kind === 'refused'));
      setExit(failing ? 1 : 0);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function registerFiles(paths: string[]): string[] {
  return (paths.length ? paths : ['.']).map((p) => {
    const abs = path.resolve(p);
    if (!existsSync(abs)) throw new UserError(`no such file or folder: ${abs}`);
    if (!statSync(abs).isDirectory()) return abs;
    const loaded = loadConfig(abs);
    const file = path.resolve(loaded.dir, loaded.config.ownership?.register ?? REGISTER_FILE);
    if (!existsSync(file)) throw new UserError(`no register to sync: ${file} does not exist`);
    return file;
  });
}

function syncText(r: SyncResult): string {
  const v = (s: string | undefined) => (s === undefined ? '(not set)' : JSON.stringify(s));
  const would = r.dryRun ? 'would ' : '';
  const lines = [`${r.registerFile} <-> ${r.registry}${r.dryRun ? ' (dry run: nothing changed)' : ''}`];
  const verb: Record<string, string> = {
    pull: `${would}pull`, push: `${would}push`, create: `${would}create in the registry`, 'local-only': 'not in the registry (sync --push creates it)',
    'pending-push': 'changed locally (sync --push sends it)', 'push-failed': 'push failed', refused: 'refused',
  };
  for (const a of r.actions) {
    if (a.kind === 'unchanged') continue;
    lines.push(`  ${a.id}: ${verb[a.kind]}${a.message ? `: ${a.message}` : ''}`);
    for (const f of a.fields) lines.push(`      ${f.field}: ${v(f.from)} -> ${v(f.to)}`);
  }
  for (const c of r.conflicts) lines.push(`  CONFLICT ${c.id} ${c.field}: mine ${v(c.local)}, registry ${v(c.remote)} (last synced ${v(c.base)}); neither side was changed (settle it with --take-registry ${c.id} or --keep-mine ${c.id} --push)`);
  for (const o of r.orphans) lines.push(`  orphaned ${o.message}`);
  const count = (k: string) => r.actions.filter((a) => a.kind === k).length;
  lines.push(`${r.identities} identit${r.identities === 1 ? 'y' : 'ies'}: ${count('pull')} pulled, ${count('push') + count('create')} pushed, ${count('unchanged')} unchanged, ${r.conflicts.length} conflict(s), ${r.orphans.length} orphaned${r.dryRun ? ' (dry run)' : ''}`);
  return lines.join('\n') + '\n';
}

function writeOutput(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new UserError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let code = 0;
  try {
    await program(controller.signal, (c) => (code = c)).parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed by commander.
      return e.exitCode === 0 ? 0 : 2;
    }
    // Messages quote paths, register values and URLs: redacted, and no control character reaches the terminal.
    const message = escapeMessage(redactText(String((e as Error)?.message ?? e)));
    if (e instanceof UserError) {
      process.stderr.write(`credential-hygiene: ${message}\n`);
      return 2;
    }
    // Unexpected: say what and where to report it, without a stack (set DEBUG to see one).
    process.stderr.write(`credential-hygiene: internal error: ${message}\n`);
    if (process.env.DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return 2;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

if (require.main === module) {
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
