// `credential-hygiene lsp`: starts the language server on stdio (the default), or connects to the
// client's socket (`--socket PORT`) or named pipe (`--pipe NAME`), as vscode-languageserver offers.
// On stdio nothing but protocol messages may reach stdout: console output goes to stderr.
import { createConnection, createServerPipeTransport, createServerSocketTransport, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer, type ServerOptions } from './language-server';

export interface LspTransport {
  socket?: number;
  pipe?: string;
}

export function runLanguageServer(t: LspTransport, options: ServerOptions = {}): void {
  if (t.socket !== undefined) {
    const [reader, writer] = createServerSocketTransport(t.socket);
    startServer(createConnection(ProposedFeatures.all, reader, writer), options);
    return;
  }
  if (t.pipe !== undefined) {
    const [reader, writer] = createServerPipeTransport(t.pipe);
    startServer(createConnection(ProposedFeatures.all, reader, writer), options);
    return;
  }
  for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    console[m] = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
  }
  startServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout), options);
}
