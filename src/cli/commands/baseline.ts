// `baseline create`, `baseline migrate` and `baseline prune`: the baseline of accepted findings, keyed by fingerprint.
import type { Command } from 'commander';
import * as path from 'node:path';
import { loadConfig } from '../../core/config/load';
import { BASELINE_FILE, CONFIG_FILE } from '../../core/config/files';
import { UserError } from '../../core/errors';
import { ensureProjectSalt } from '../../core/salt';
import { baselineFrom, migrateBaseline, pruneBaseline, readBaseline, writeBaseline } from '../../core/suppress/baseline';
import type { CommandContext } from '../shared/context';
import { baselineOption, configOption, outputOption, readOptions, type WorkspaceOpts } from '../shared/options';
import { projectDir, readingOf, runScan } from '../shared/run-scan';

export function register(cli: Command, { signal, setExit }: CommandContext): void {
  const baselineCmd = cli.command('baseline')
    .description('manage the baseline of accepted findings');
  // Each reads the files as `scan` does (--no-gitignore, --workers, --no-cache, --no-progress), so a
  // baseline can cover what a `scan` with the same options reports.
  readOptions(baselineCmd.command('create')
    .description('write a baseline that accepts every current finding (keyed by fingerprint, not line)')
    .argument('[paths...]', 'files or folders to scan')
    .addOption(outputOption('baseline file to write', '.credential-hygiene-baseline.json'))
    .option('-r, --reason <text>', 'why these findings are accepted', 'accepted when the baseline was created')
    .addOption(configOption('configuration file')))
    .action(async (paths: string[], opts: WorkspaceOpts & { output: string; reason: string }) => {
      addProjectSalt(paths, opts.config);
      // The baseline accepts what is found at every confidence (a later, lower minimum shows nothing new).
      const { report } = await runScan(paths, { ...readingOf(opts), minConfidence: 'low' }, signal, 'off');
      writeBaseline(opts.output, baselineFrom(report.findings, opts.reason));
      process.stdout.write(`baseline with ${new Set(report.findings.map((f) => f.fingerprint)).size} entr${report.findings.length === 1 ? 'y' : 'ies'} written to ${opts.output}\n`);
      setExit(0);
    });

  readOptions(baselineCmd.command('migrate')
    .description('rewrite the old (v1) fingerprints of a baseline as v2, keeping each entry\'s reason and expiry (scans to find each entry\'s secret)')
    .argument('[paths...]', 'files or folders to scan (default: the current folder)')
    .addOption(baselineOption('baseline file (default: the config\'s "baseline", or .credential-hygiene-baseline.json)'))
    .addOption(configOption('configuration file')))
    .action(async (paths: string[], opts: WorkspaceOpts & { baseline?: string }) => {
      addProjectSalt(paths, opts.config);
      const { file } = baselineFileOf(paths, opts);
      const before = readBaseline(file);
      const { summary } = await runScan(paths, { ...readingOf(opts), baseline: file }, signal, 'off');
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

  readOptions(baselineCmd.command('prune')
    .description('remove the baseline entries that match no finding any more (the secret is gone), keeping every other entry and its reason (scans to find out)')
    .argument('[paths...]', 'files or folders to scan (default: the current folder); entries elsewhere are kept')
    .addOption(baselineOption('baseline file (default: the config\'s "baseline", or .credential-hygiene-baseline.json)'))
    .addOption(configOption('configuration file')))
    .action(async (paths: string[], opts: WorkspaceOpts & { baseline?: string }) => {
      const { file, loaded } = baselineFileOf(paths, opts);
      const before = readBaseline(file);
      // Fingerprints are salted with the project's salt: without it every entry would look stale.
      if (!loaded.config.fingerprintSalt && before.entries.length) {
        throw new UserError(`${loaded.file ?? path.join(loaded.dir, CONFIG_FILE)} has no fingerprintSalt, so no entry of ${file} can be checked; pass the project's configuration with --config`);
      }
      const { summary, staleBaseline } = await runScan(paths, { ...readingOf(opts), baseline: file }, signal, 'off');
      if (summary.cancelled) {
        setExit(130);
        return;
      }
      const r = pruneBaseline(before, staleBaseline);
      if (r.removed) writeBaseline(file, r.baseline);
      const kept = r.baseline.entries.length;
      process.stdout.write(`${file}: ${r.removed} entr${r.removed === 1 ? 'y' : 'ies'} that matched nothing removed, ${kept} kept\n`);
      setExit(0);
    });
}

/** A baseline stores fingerprints: they need the project's own salt, committed with the config. */
function addProjectSalt(paths: string[], explicit?: string): void {
  const file = explicit ? path.resolve(explicit) : path.join(projectDir(paths), CONFIG_FILE);
  if (ensureProjectSalt(file).added) process.stderr.write(`added a random fingerprintSalt to ${file}: commit it with the baseline, so every machine computes the same fingerprints\n`);
}

/** The baseline a command works on: `--baseline`, else the config's `baseline`, else the default file beside the config. */
function baselineFileOf(paths: string[], opts: { baseline?: string; config?: string }): { file: string; loaded: ReturnType<typeof loadConfig> } {
  const loaded = loadConfig(projectDir(paths), opts.config);
  return { file: opts.baseline ?? path.resolve(loaded.dir, loaded.config.baseline ?? BASELINE_FILE), loaded };
}
