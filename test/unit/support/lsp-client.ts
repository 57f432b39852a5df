// A test client for the language server: starts `dist/cli.js lsp` as a child process and speaks
// JSON-RPC to it over its stdio (vscode-languageserver-protocol's own connection), keeps what the
// server pushes (diagnostics, progress, messages), answers what it asks (applyEdit on documents held
// here, showMessageRequest, progress creation, configuration), and sends edits back as didChange.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  type ClientCapabilities, type Diagnostic, type InitializeResult, type ProtocolConnection, type PublishDiagnosticsParams,
  type TextDocumentEdit, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { CLI } from './workspace';

export const uriOf = (file: string) => pathToFileURL(file).href;

export interface Waiter<T> {
  test(v: T): boolean;
  resolve(v: T): void;
}

export class LspClient {
  readonly child: ChildProcess;
  readonly connection: ProtocolConnection;
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly progress: Array<{ token: string | number; value: { kind: string; percentage?: number; message?: string } }> = [];
  readonly messages: Array<{ type: number; message: string }> = [];
  readonly logs: string[] = [];
  stderr = '';
  /** Documents the client holds: the server's applyEdit changes them, and the change goes back as didChange. */
  readonly docs = new Map<string, TextDocument>();
  /** The answer to window/showMessageRequest: the index of the action to pick. */
  pick = 0;
  private readonly waiters = new Set<Waiter<PublishDiagnosticsParams>>();

  /** `socket`: speak over it (the server was started with `--pipe`/`--socket` and connected to it), not over stdio. */
  /** `node`: the Node that runs the server (the extension host's own may not be one). */
  constructor(cwd: string, args: string[] = [], socket?: () => Promise<Socket>, node = process.execPath) {
    this.child = spawn(node, [CLI, 'lsp', ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d) => (this.stderr = (this.stderr + d).slice(-20000)));
    if (socket) {
      // Messages wait in a pass-through until the server has connected.
      const toServer = new PassThrough();
      const fromServer = new PassThrough();
      void socket().then((s) => {
        toServer.pipe(s);
        s.pipe(fromServer);
      });
      this.connection = createProtocolConnection(new StreamMessageReader(fromServer), new StreamMessageWriter(toServer));
    } else this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.push(p);
      for (const w of [...this.waiters]) if (w.test(p)) {
        this.waiters.delete(w);
        w.resolve(p);
      }
    });
    this.connection.onNotification('$/progress', (p: LspClient['progress'][number]) => void this.progress.push(p));
    this.connection.onNotification('window/showMessage', (p: { type: number; message: string }) => void this.messages.push(p));
    this.connection.onNotification('window/logMessage', (p: { message: string }) => void this.logs.push(p.message));
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.onRequest('workspace/configuration', () => [null]);
    this.connection.onRequest('window/showMessageRequest', (p: { actions?: Array<{ title: string }> }) => p.actions?.[this.pick] ?? null);
    this.connection.onRequest('workspace/applyEdit', (p: { edit: WorkspaceEdit }) => ({ applied: this.apply(p.edit) }));
    this.connection.listen();
  }

  async initialize(root: string, initializationOptions: unknown, capabilities: ClientCapabilities = FULL_CAPABILITIES): Promise<InitializeResult> {
    const r = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid, rootUri: uriOf(root), workspaceFolders: [{ uri: uriOf(root), name: 'ws' }], capabilities, initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return r;
  }

  open(file: string, text: string, languageId: string): TextDocument {
    const doc = TextDocument.create(uriOf(file), languageId, 1, text);
    this.docs.set(doc.uri, doc);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId, version: 1, text } });
    return doc;
  }

  /** Sends `edits` as an incremental change and keeps the new text. */
  change(uri: string, edits: TextEdit[]): TextDocument {
    const doc = this.docs.get(uri)!;
    const next = TextDocument.create(uri, doc.languageId, doc.version + 1, TextDocument.applyEdits(doc, edits));
    this.docs.set(uri, next);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: next.version },
      // Incremental: each change applies to the text the previous one left, so send them last first.
      contentChanges: [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start)).map((e) => ({ range: e.range, text: e.newText })),
    });
    return next;
  }

  /** Closes the document in the client. */
  closeDocument(uri: string): void {
    this.docs.delete(uri);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Says the document was saved (the caller writes its text to disk first). */
  save(uri: string): void {
    void this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  /** The next diagnostics for `uri` (at `version`, when given) that `test` accepts. */
  nextDiagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true, version?: number): Promise<PublishDiagnosticsParams> {
    const ok = (p: PublishDiagnosticsParams) => p.uri === uri && (version === undefined || p.version === version) && test(p);
    const seen = this.diagnostics.find(ok);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.add({ test: ok, resolve }));
  }

  /** Applies a workspace edit to the documents held here (and files on disk are the server's business). */
  apply(edit: WorkspaceEdit): boolean {
    const byUri = new Map<string, TextEdit[]>();
    for (const c of edit.documentChanges ?? []) {
      if ('kind' in c) continue;
      const e = c as TextDocumentEdit;
      byUri.set(e.textDocument.uri, [...(byUri.get(e.textDocument.uri) ?? []), ...(e.edits as TextEdit[])]);
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) byUri.set(uri, [...(byUri.get(uri) ?? []), ...edits]);
    for (const [uri, edits] of byUri) {
      if (!this.docs.has(uri)) this.docs.set(uri, TextDocument.create(uri, 'plaintext', 0, readOr(fileURLToPath(uri))));
      this.change(uri, edits);
    }
    return true;
  }

  async close(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    if (this.child.exitCode === null) {
      await this.connection.sendRequest('shutdown').catch(() => undefined);
      await this.connection.sendNotification('exit').catch(() => undefined);
    }
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}

/** A server started with `--pipe PATH`, connecting to a Unix socket this client listens on. */
export async function overPipe(cwd: string, pipe: string): Promise<LspClient> {
  const server = createServer();
  const connected = new Promise<Socket>((resolve) => server.once('connection', (s) => {
    server.close();
    resolve(s);
  }));
  await new Promise<void>((resolve) => server.listen(pipe, resolve));
  return new LspClient(cwd, ['--pipe', pipe], () => connected);
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: {
    applyEdit: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
    didChangeWatchedFiles: { dynamicRegistration: true },
    diagnostics: { refreshSupport: true },
    configuration: true,
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
    diagnostic: { dynamicRegistration: false },
    publishDiagnostics: { versionSupport: true },
  },
  window: { workDoneProgress: true, showMessage: {} },
};

export type { Diagnostic };
