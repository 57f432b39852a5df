// Ownership in the editor: one OwnershipState per workspace folder, fed with every file's text (the
// workspace on load, then open documents as they change and closed files as they change on disk)
// and with the secret findings, evaluated after a short pause; its owner/* findings become
// diagnostics, and its inventory feeds the Credentials view.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { decode } from '../../core/files/read';
import { loadOwnershipContextAsync, OwnershipState, type OwnershipFinding, type OwnershipResult } from '../../core/ownership';
import { listTasks } from '../../core/scan/scanner';
import type { FindingsStore } from '../diagnostics/findings-store';
import { log } from '../logger';
import { projectFor, relativePath } from '../project';
import { readSettings } from '../settings';
import { readWorkspaceFile } from '../workspace-read';

export const OWNERSHIP_SOURCE = 'Credential Hygiene (ownership)';

interface FolderState {
  folder: vscode.WorkspaceFolder;
  state: OwnershipState;
  enabled: boolean;
  result?: OwnershipResult;
  /** Paths that got diagnostics last time, to clear them when they are gone. */
  published: Set<string>;
}

const LEVEL = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
} as const;

export class OwnershipManager implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('credential-hygiene-ownership');
  private readonly folders = new Map<string, FolderState>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly pending = new Map<string, { uri: vscode.Uri; text: string | undefined }>();
  private loading: Promise<void> | undefined;
  /** Injected clock (tests pin it); expiry and rotation are judged against it. */
  now: () => Date = () => new Date();

  /** `watcher`: the extension's one watcher over the workspace (shared; disposed by the caller). */
  constructor(private readonly store: FindingsStore, watcher: vscode.FileSystemWatcher) {
    this.disposables.push(
      watcher.onDidCreate((u) => void this.fromDisk(u)),
      watcher.onDidChange((u) => void this.fromDisk(u)),
      watcher.onDidDelete((u) => this.update(u, undefined)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length) this.update(e.document.uri, e.document.getText());
      }),
      vscode.workspace.onDidOpenTextDocument((d) => this.update(d.uri, d.getText())),
      store.onDidChange(() => this.schedule()),
    );
  }

  /** Reads every folder from disk (once; again after `reload`). */
  load(): Promise<void> {
    this.loading ??= this.loadAll();
    return this.loading;
  }

  reload(): Promise<void> {
    this.loading = undefined;
    this.folders.clear();
    this.pending.clear();
    return this.load();
  }

  private async loadAll(): Promise<void> {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const project = await projectFor(folder.uri);
      const ctx = await loadOwnershipContextAsync(folder.uri.fsPath, project.config, project.configDir);
      const registerRel = path.relative(folder.uri.fsPath, ctx.registerFile).split(path.sep).join('/');
      const fs: FolderState = { folder, state: new OwnershipState(registerRel, ctx.options), enabled: ctx.enabled, published: new Set() };
      this.folders.set(folder.uri.toString(), fs);
      if (!ctx.enabled) continue;
      const started = Date.now();
      const skipped: string[] = [];
      const tasks = await listTasks({ roots: [folder.uri.fsPath], base: folder.uri.fsPath, config: project.config, onSkip: (s) => skipped.push(s.path) });
      for (const t of tasks) {
        const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === t.abs);
        const text = open ? open.getText() : await readText(vscode.Uri.file(t.abs!), project.config.maxFileSize);
        if (text !== undefined) fs.state.updateFile(t.rel, text);
      }
      // The register itself may be outside the walk (git-ignored) or not exist yet; when it is there
      // but cannot be read (a FIFO, too large), the context's register says why (an issue) and stays.
      const registerText = await readText(vscode.Uri.file(ctx.registerFile), project.config.maxFileSize);
      if (registerText !== undefined || !ctx.register.exists) fs.state.updateFile(registerRel, registerText);
      else fs.state.setRegister(ctx.register);
      log().info(`ownership: read ${tasks.length} files in ${folder.name} in ${Date.now() - started} ms${skipped.length ? ` (${skipped.length} not read: see the scan log)` : ''}`);
    }
    this.evaluateNow();
  }

  private folderOf(uri: vscode.Uri): FolderState | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.folders.get(folder.uri.toString()) : undefined;
  }

  private async fromDisk(uri: vscode.Uri): Promise<void> {
    if (uri.path.includes('/.git/') || vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
    const name = path.basename(uri.fsPath);
    if (name === '.credential-hygiene.json') {
      await this.reload();
      return;
    }
    this.update(uri, await readText(uri, (await projectFor(uri)).config.maxFileSize));
  }

  /**
   * A file's new text (undefined: deleted). Applied at the next evaluation, so typing costs nothing
   * per keystroke: discovery runs once per pause, on the latest text.
   */
  update(uri: vscode.Uri, text: string | undefined): void {
    if (!this.folderOf(uri)) return;
    this.pending.set(uri.toString(), { uri, text });
    this.schedule();
  }

  private applyPending(): void {
    for (const { uri, text } of this.pending.values()) {
      const fs = this.folderOf(uri);
      if (!fs) continue;
      const rel = relativePath(uri);
      const isRegister = rel === fs.state.registerPath;
      if (!fs.enabled && !(isRegister && text !== undefined)) continue;
      if (isRegister && !fs.enabled) {
        // Onboarding hook: a register just appeared. The folder's other files were never read
        // (checks were off), so read all of it rather than judge from the register alone.
        setTimeout(() => void this.reload(), 0);
        continue;
      }
      fs.state.updateFile(rel, text);
    }
    this.pending.clear();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.evaluateNow(), 200);
  }

  /** Evaluates every folder now and publishes the diagnostics (tests call this to skip the pause). */
  evaluateNow(): void {
    clearTimeout(this.timer);
    this.applyPending();
    const levels = readSettings().severity;
    for (const fs of this.folders.values()) {
      if (!fs.enabled) continue;
      for (const entry of this.store.all()) {
        if (vscode.workspace.getWorkspaceFolder(entry.uri)?.uri.toString() === fs.folder.uri.toString()) {
          fs.state.setSecretFindings(relativePath(entry.uri), entry.findings);
        }
      }
      fs.result = fs.state.evaluate(this.now());
      const byPath = new Map<string, OwnershipFinding[]>();
      for (const f of fs.result.findings) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
      for (const p of fs.published) if (!byPath.has(p)) this.collection.delete(vscode.Uri.joinPath(fs.folder.uri, p));
      fs.published = new Set(byPath.keys());
      for (const [p, findings] of byPath) {
        const uri = vscode.Uri.joinPath(fs.folder.uri, p);
        const diagnostics: vscode.Diagnostic[] = [];
        for (const f of findings) {
          const level = levels[f.severity];
          if (level === 'none') continue;
          const d = new vscode.Diagnostic(toRange(f.range), f.message, LEVEL[level]);
          d.source = OWNERSHIP_SOURCE;
          d.code = f.ruleId;
          d.relatedInformation = f.related?.map((r) => new vscode.DiagnosticRelatedInformation(
            new vscode.Location(vscode.Uri.joinPath(fs.folder.uri, r.path), toRange(r.range)), r.message));
          diagnostics.push(d);
        }
        this.collection.set(uri, diagnostics);
      }
    }
    this.emitter.fire();
  }

  // --- Onboarding hook (register written by the extension's own flows) -------------------------
  /**
   * The register was just written by "Register an owner" or "Create the ownership register": judge
   * everything now, not after the pause. With checks off until now, the whole folder is read first.
   */
  async registerWritten(uri: vscode.Uri, text: string): Promise<void> {
    const fs = this.folderOf(uri);
    if (!fs?.enabled) {
      await this.reload();
      return;
    }
    this.update(uri, text);
    this.evaluateNow();
  }
  // ---------------------------------------------------------------------------------------------

  /** Folder state for a document (ownership enabled there or not). */
  stateFor(uri: vscode.Uri): FolderState | undefined {
    return this.folderOf(uri);
  }

  results(): Array<{ folder: vscode.WorkspaceFolder; result: OwnershipResult }> {
    return [...this.folders.values()].filter((f) => f.enabled && f.result).map((f) => ({ folder: f.folder, result: f.result! }));
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.collection.dispose();
    this.emitter.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** Bounded, off the main thread: a FIFO, device, link out of the workspace or oversized file reads as absent. */
async function readText(uri: vscode.Uri, max: number): Promise<string | undefined> {
  const r = await readWorkspaceFile(uri, max);
  if (!('bytes' in r)) return undefined;
  const d = decode(r.bytes);
  return 'text' in d ? d.text : undefined;
}
