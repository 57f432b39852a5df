// Options several commands share, defined once (flags, help text, parser), and the option parsers.
import { Option, type Command } from 'commander';
import { UserError } from '../../core/errors';
import { parseDate } from '../../core/ownership/dates';
import { CONFIDENCES } from '../../core/rules/types';

export function nowOption(v: string): Date {
  const d = parseDate(v);
  if (!d) throw new UserError(`--now must be an ISO 8601 date such as 2026-03-01 (or a date-time), not "${v}"`);
  return d;
}

export function intOption(name: string, max?: { value: number; why: string }) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UserError(`${name} must be a whole number, not "${v}"`);
    if (max && n > max.value) throw new UserError(`${name} can be at most ${max.value} (${max.why}), not ${v}`);
    return n;
  };
}

/** A repeatable option's values, in order. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `-f, --format <format>`: one of `choices`, `fallback` when not given. */
export function formatOption(choices: readonly string[], fallback: string): Option {
  return new Option('-f, --format <format>', 'output format').choices(choices).default(fallback);
}

export function outputOption(description: string, fallback?: string): Option {
  return new Option('-o, --output <file>', description).default(fallback);
}

export function configOption(description = 'configuration file (default: .credential-hygiene.json in the scanned folder)'): Option {
  return new Option('-c, --config <file>', description);
}

export function baselineOption(description = 'accept the findings listed in this baseline file'): Option {
  return new Option('-b, --baseline <file>', description);
}

/** `--no-gitignore`; `verb` says what the command does with the files ("scan", "look in"). */
export function noGitignoreOption(verb = 'scan'): Option {
  return new Option('--no-gitignore', `also ${verb} files that .gitignore ignores`);
}

export function workersOption(): Option {
  return new Option('--workers <n>', 'worker threads (0 = scan in the main thread)').argParser(intOption('--workers'));
}

export function noCacheOption(): Option {
  return new Option('--no-cache', 'read every file again, and keep nothing for the next run (by default a file unchanged since the last run of the same build and settings is not read again)');
}

export function noProgressOption(): Option {
  return new Option('--no-progress', 'no progress line on standard error');
}

export function noOwnershipOption(description: string): Option {
  return new Option('--no-ownership', description);
}

export function nowDateOption(): Option {
  return new Option('--now <date>', 'evaluate expiry and rotation as of this date (default: now)').argParser(nowOption);
}

export function minConfidenceOption(): Option {
  return new Option('--min-confidence <level>', 'leave out findings below this confidence, from the output and the exit code (default: minConfidence in the config, else medium)').choices(CONFIDENCES);
}

/** The options of a command that scans a workspace, as commander gives them (`--no-*` options are booleans). */
export interface WorkspaceOpts {
  config?: string;
  gitignore: boolean;
  workers?: number;
  progress: boolean;
  /** `--no-cache`: false. */
  cache: boolean;
  now?: Date;
}

/** A command that reads a workspace and writes one document of it: `[paths...]`, then -f/--format, -o/--output, -c/--config and --now. */
export function documentCommand(cli: Command, name: string, help: { description: string; paths: string; formats: readonly string[]; format: string; output: string }): Command {
  return cli.command(name)
    .description(help.description)
    .argument('[paths...]', help.paths)
    .addOption(formatOption(help.formats, help.format))
    .addOption(outputOption(help.output))
    .addOption(configOption())
    .addOption(nowDateOption());
}

/** --no-gitignore, --workers, --no-cache and --no-progress: how such a command reads the files. */
export function readOptions(cmd: Command, verb?: string): Command {
  return cmd.addOption(noGitignoreOption(verb)).addOption(workersOption()).addOption(noCacheOption()).addOption(noProgressOption());
}
