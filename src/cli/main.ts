// credential-hygiene: the command line. Exit codes: 0 nothing at or above --fail-on, 1 findings,
// 2 usage or configuration error (a clear message, never a stack trace), 130 interrupted.
// Each command is a module of ./commands (register(cli, ctx)); the options they share and the scan they run are in ./shared.
// Start-up (a pre-commit hook runs `scan --staged` on every commit): only the command being run is
// set up; the bundler wraps each command's modules (scripts/build.mjs), so the registry server, the
// report renderers and the database drivers never run when they are not used, and the starter keeps
// what a command compiled for its next run (scripts/cli-shim.cjs).
import { Command, CommanderError } from 'commander';
import { UserError } from '../core/errors';
import { escapeMessage } from '../core/text/escape';
import { redactText } from '../core/scan/redact-text';
import type { RegisterCommand } from './shared/context';
import { version } from './version';
import { useStarterWorkerCache } from './starter';

/** The commands, in the order --help lists them, each loaded when it is needed. */
const COMMANDS: ReadonlyArray<readonly [string, () => Promise<{ register: RegisterCommand }>]> = [
  ['scan', () => import('./commands/scan')],
  ['inventory', () => import('./commands/inventory')],
  ['report', () => import('./commands/report')],
  ['baseline', () => import('./commands/baseline')],
  ['rules', () => import('./commands/rules')],
  ['registry', () => import('./commands/registry')],
  ['sync', () => import('./commands/sync')],
  ['retire', () => import('./commands/retire')],
  ['lsp', () => import('./commands/lsp')],
];

/** The program with every command, or with only `only` (the one argv names: nothing else is loaded). */
export async function program(signal: AbortSignal, setExit: (code: number) => void, only?: string): Promise<Command> {
  const cli = new Command('credential-hygiene')
    .description('Finds hard-coded credentials and keeps every machine credential owned.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const wanted = COMMANDS.filter(([name]) => only === undefined || name === only);
  for (const load of await Promise.all(wanted.map(([, load]) => load()))) load.register(cli, { signal, setExit });
  return cli;
}

/** The command argv names, when it is one (else every command is loaded: help, a typo's suggestion). */
function commandIn(argv: string[]): string | undefined {
  const name = argv[2];
  return COMMANDS.some(([n]) => n === name) ? name : undefined;
}

export async function main(argv: string[]): Promise<number> {
  useStarterWorkerCache();
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let code = 0;
  try {
    await (await program(controller.signal, (c) => (code = c), commandIn(argv))).parseAsync(argv);
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
