// What every command module gets from the program: the interrupt signal (SIGINT) and where to put its exit code.
import type { Command } from 'commander';

export interface CommandContext {
  /** Aborted on SIGINT: a scan stops and the command exits 130. */
  signal: AbortSignal;
  /** The exit code main() returns: 0 clean, 1 findings, 130 interrupted (errors are thrown: exit 2). */
  setExit: (code: number) => void;
}

/** A command module: adds its command(s) to the program. */
export type RegisterCommand = (cli: Command, ctx: CommandContext) => void;
