// `lsp`: the language server (src/lsp), loaded only when this command runs, so `scan` start-up does
// not pay for it.
import { InvalidArgumentError, type Command } from 'commander';
import type { CommandContext } from '../shared/context';
import { scanResultsFolder } from '../starter';

const port = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError('a TCP port (1-65535)');
  return n;
};

export function register(cli: Command, _ctx: CommandContext): void {
  cli.command('lsp')
    .description('run the language server (LSP 3.17) for editors: stdio by default')
    .option('--stdio', 'talk over stdin/stdout (the default)')
    .option('--socket <port>', "connect to the client's socket on 127.0.0.1:PORT", port)
    .option('--pipe <name>', "connect to the client's named pipe (or Unix socket)")
    .action(async (opts: { socket?: number; pipe?: string }) => {
      const { runLanguageServer } = await import('../../lsp/main');
      // Scan results are kept in the CLI's private folder, as `scan` keeps them.
      runLanguageServer(opts, { results: scanResultsFolder() });
      // The server runs until the client sends `exit` (or closes the stream): this command's promise never settles.
      await new Promise<never>(() => undefined);
    });
}
