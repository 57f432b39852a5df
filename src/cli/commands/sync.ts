// `sync`: credentials.yaml against the central registry.
import { Command, Option } from 'commander';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../core/config/load';
import { UserError } from '../../core/errors';
import { RegistryClient, RegistryError } from '../../core/registry/client';
import { SyncError, syncRegister, type SyncResult } from '../../core/registry/sync';
import { REGISTER_FILE } from '../../core/vocabulary';
import { escapeTerminal, safeJson } from '../../core/text/escape';
import { mapStrings } from '../../core/text/redact-text';
import { redactDeep, redactUrl, urlHasCredentials } from '../../core/scan/redact-text';
import type { CommandContext } from '../shared/context';
import { collect } from '../shared/options';
import { buildWorkspaceModel } from '../../core/model/build';
import { REPOSITORY_NAME } from '../../core/registry/types';

export function register(cli: Command, ctx: CommandContext): void {
  syncCommand(cli, ctx.signal, ctx.setExit);
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
    .option('--repository <name>', 'with --push, report under this name when this repository last referenced each identity (lastSeen; default: the register\'s folder name)')
    .option('--no-last-seen', 'with --push, do not scan the workspace to report lastSeen')
    .option('--take-registry <id>', 'settle the conflicts of this identity with the registry\'s values (repeatable)', collect, [])
    .option('--keep-mine <id>', 'settle the conflicts of this identity with the local values, sent with --push (repeatable)', collect, [])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (paths: string[], opts: { registry?: string; tokenEnv: string; push?: boolean; dryRun?: boolean; format: string; takeRegistry: string[]; keepMine: string[]; repository?: string; lastSeen: boolean }) => {
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
      if (opts.repository !== undefined && !REPOSITORY_NAME.test(opts.repository)) throw new UserError('--repository must be letters, digits and ._/:@- (at most 200 characters)');
      for (const { file, folder } of registerFiles(paths)) {
        const reporting = opts.push && !opts.dryRun && opts.lastSeen;
        const repository = opts.repository ?? repositoryName(folder);
        const referenced = reporting && repository ? await referencedIdentities(folder, signal) : undefined;
        try {
          results.push(await syncRegister({ registerFile: file, client, registryUrl: url, push: opts.push, dryRun: opts.dryRun, resolve, referenced, repository }));
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

function registerFiles(paths: string[]): Array<{ file: string; folder: string }> {
  return (paths.length ? paths : ['.']).map((p) => {
    const abs = path.resolve(p);
    if (!existsSync(abs)) throw new UserError(`no such file or folder: ${abs}`);
    if (!statSync(abs).isDirectory()) return { file: abs, folder: path.dirname(abs) };
    const loaded = loadConfig(abs);
    const file = path.resolve(loaded.dir, loaded.config.ownership?.register ?? REGISTER_FILE);
    if (!existsSync(file)) throw new UserError(`no register to sync: ${file} does not exist`);
    return { file, folder: abs };
  });
}

/** The default name sightings are reported under: the folder's name, when it is one the registry takes. */
function repositoryName(folder: string): string | undefined {
  const name = path.basename(folder);
  return REPOSITORY_NAME.test(name) ? name : undefined;
}

/** The register's identities the workspace references now (one scan, as `scan` runs it). */
async function referencedIdentities(folder: string, signal: AbortSignal): Promise<Set<string>> {
  const loaded = loadConfig(folder);
  const { ownership } = await buildWorkspaceModel({ roots: [folder], base: folder, config: loaded.config, configDir: loaded.dir, now: new Date(), ownership: 'force', signal });
  return new Set((ownership?.inventory ?? []).filter((e) => e.source !== 'unregistered' && e.references.length > 0).map((e) => e.id));
}

function syncText(r: SyncResult): string {
  const v = (s: string | undefined) => (s === undefined ? '(not set)' : JSON.stringify(s));
  const would = r.dryRun ? 'would ' : '';
  const lines = [`${r.registerFile} <-> ${r.registry}${r.dryRun ? ' (dry run: nothing changed)' : ''}`];
  const verb: Record<string, string> = {
    pull: `${would}pull`, push: `${would}push`, create: `${would}create in the registry`, 'local-only': 'not in the registry (sync --push creates it)',
    'pending-push': 'changed locally (sync --push sends it)', 'push-failed': 'push failed', refused: 'refused',
    retire: `${would}retire in the registry`, 'pending-retire': 'retired locally',
  };
  for (const a of r.actions) {
    if (a.kind === 'unchanged') continue;
    lines.push(`  ${a.id}: ${verb[a.kind]}${a.message ? `: ${a.message}` : ''}`);
    for (const f of a.fields) lines.push(`      ${f.field}: ${v(f.from)} -> ${v(f.to)}`);
  }
  for (const c of r.conflicts) lines.push(`  CONFLICT ${c.id} ${c.field}: mine ${v(c.local)}, registry ${v(c.remote)} (last synced ${v(c.base)}); neither side was changed (settle it with --take-registry ${c.id} or --keep-mine ${c.id} --push)`);
  for (const o of r.orphans) lines.push(`  orphaned ${o.message}`);
  if (r.lastSeen) lines.push(`  lastSeen reported for ${r.lastSeen.ids.length} identit${r.lastSeen.ids.length === 1 ? 'y' : 'ies'} as ${r.lastSeen.repository}${r.lastSeen.error ? ` (stopped: ${r.lastSeen.error})` : ''}`);
  const count = (k: string) => r.actions.filter((a) => a.kind === k).length;
  lines.push(`${r.identities} identit${r.identities === 1 ? 'y' : 'ies'}: ${count('pull')} pulled, ${count('push') + count('create')} pushed, ${count('unchanged')} unchanged, ${r.conflicts.length} conflict(s), ${r.orphans.length} orphaned${r.dryRun ? ' (dry run)' : ''}`);
  return lines.join('\n') + '\n';
}
