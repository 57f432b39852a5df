// credential-hygiene: the command line. Exit codes: 0 nothing at or above --fail-on, 1 findings,
// 2 usage or configuration error (a clear message, never a stack trace), 130 interrupted.
// Each command is a module of ./commands (register(cli, ctx)); the options they share and the scan they run are in ./shared.
import { Command, CommanderError } from 'commander';
import { UserError } from '../core/errors';
import { escapeMessage } from '../core/text/escape';
import { redactText } from '../core/scan/redact-text';
import * as baseline from './commands/baseline';
import * as inventory from './commands/inventory';
import * as registry from './commands/registry';
import * as report from './commands/report';
import * as retire from './commands/retire';
import * as rules from './commands/rules';
import * as scan from './commands/scan';
import * as sync from './commands/sync';
import type { RegisterCommand } from './shared/context';
import { version } from './version';

/** The commands, in the order --help lists them. */
const COMMANDS: RegisterCommand[] = [scan.register, inventory.register, report.register, baseline.register, rules.register, registry.register, sync.register, retire.register];

export function program(signal: AbortSignal, setExit: (code: number) => void): Command {
  const cli = new Command('credential-hygiene')
    .description('Finds hard-coded credentials and keeps every machine credential owned.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of COMMANDS) register(cli, { signal, setExit });
  return cli;
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
