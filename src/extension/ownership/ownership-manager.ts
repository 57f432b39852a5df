// Ownership in the editor: one WorkspaceModel per workspace folder (src/core/model), fed with each
// file's analysis as the workspace scan makes it on its workers (no second read of the workspace),
// with open documents' live analyses from the document scanner, and with the watcher's re-analysis of
// a changed file; evaluated after a short pause. Its owner/* findings become diagnostics, and its
// inventory feeds the Credentials view. The certificate checks (cert/*, crypto/*) run in every folder,
// register or not (core/certs/channel.ts): with ownership off, the folder's evaluation is theirs alone.
import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { FileAnalysis } from '../../core/analysis/analyze';
import { isCertificateRule } from '../../core/certs/channel';
import { CERTIFICATES_SOURCE, OWNERSHIP_SOURCE } from '../../core/display';
import { readBounded } from '../../core/files/bounded';
import { WorkspaceModel } from '../../core/model/workspace-model';
import { readUnanalyzedSources, type OwnershipFinding, type OwnershipResult, type OwnershipState } from '../../core/ownership';
import type { FileTask } from '../../core/run/file';
import type { ScanSummary } from '../../core/run/scanner';
import type { EditorAnalysis } from '../secrets/diagnostics/document-scanner';
import type { FindingsStore } from '../secrets/diagnostics/findings-store';
import type { WorkspaceSink } from '../secrets/diagnostics/workspace-scanner';
import { log } from '../logger';
import type { DiagnosticsPublisher, Published } from '../publisher';
import { projectFor, relativePath, type Project } from '../project';
import { readSettings } from '../settings';

export { OWNERSHIP_SOURCE };

interface FolderState {
  folder: vscode.WorkspaceFolder;
  model: WorkspaceModel;
  /** The model's ownership state (the register, catalogs, CODEOWNERS, references). */
  state: OwnershipState;
  enabled: boolean;
  /** The last evaluation of ownership (with the certificate checks); undefined while ownership is off. */
  result?: OwnershipResult;
  /** While ownership is off: the last evaluation of the certificate checks alone (they need no register). */
  certificates?: OwnershipResult;
  /** Paths that got diagnostics last time, to clear them when they are gone. */
  published: Set<string>;
  /** Paths whose open document's live analysis stands in for the file on disk. */
  live: Set<string>;
  /**
   * A workspace scan is filling a fresh model: until it ends, the last evaluation (and its diagnostics)
   * stands, rather than a judgement over half the files.
   */
  scanning?: boolean;
}

/** `tree`: the path was deleted from disk (a folder: every file under it). */
type Pending = { uri: vscode.Uri } & ({ text: string | undefined; tree?: boolean } | { analysis: EditorAnalysis; live: boolean });

const LEVEL = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
} as const;

export class OwnershipManager implements vscode.Disposable, WorkspaceSink {
  private readonly folders = new Map<string, FolderState>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly pending = new Map<string, Pending>();
  private loading: Promise<void> | undefined;
  /** Injected clock (tests pin it); expiry and rotation are judged against it. */
  now: () => Date = () => new Date();

  /**
   * `watcher`: the extension's one watcher over the workspace (shared; disposed by the caller): the
   * workspace scanner re-analyzes changed files and hands the analyses here.
   * `analyzeWorkspace`: runs the workspace scan (quietly, for ownership only, when none has run).
   */
  constructor(private readonly publisher: DiagnosticsPublisher, private readonly store: FindingsStore, watcher: vscode.FileSystemWatcher, private readonly analyzeWorkspace: () => Promise<unknown>) {
    const configChanged = (u: vscode.Uri) => {
      if (u.path.endsWith('/.credential-hygiene.json')) void this.reload();
    };
    this.disposables.push(
      watcher.onDidCreate(configChanged),
      watcher.onDidChange(configChanged),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // The file on disk speaks for it again at the next watcher event or scan.
        this.folderOf(d.uri)?.live.delete(relativePath(d.uri));
      }),
      store.onDidChange(() => this.schedule()),
    );
  }

  /** Counts scan starts and load requests in one sequence, to tell a scan begun before a load from one after. */
  private scanEpoch = 0;
  private lastScanBegan = 0;

  /** Makes sure every folder has been analyzed (once; again after `reload`), then evaluates. */
  load(): Promise<void> {
    this.loading ??= this.loadAll();
    return this.loading;
  }

  reload(): Promise<void> {
    this.loading = undefined;
    this.deciding = undefined;
    for (const fs of this.folders.values()) fs.model.coverage.complete = false;
    return this.load();
  }

  /**
   * A document's folder state as soon as whether ownership is on there is known: the project's config
   * and a stat of the register, never the workspace's analysis (the load goes on behind). Code actions
   * ask this, so their answer does not depend on how busy the machine is.
   */
  async folderState(uri: vscode.Uri): Promise<FolderState | undefined> {
    const now = this.folderOf(uri);
    if (now) return now;
    void this.load().catch((e) => log().error(`ownership: ${(e as Error).message}`));
    await this.decide().catch(() => undefined);
    return this.folderOf(uri);
  }

  private deciding: Promise<boolean> | undefined;
  /** Each folder's state, and whether ownership is on there; true when it is on in one of them. */
  private decide(): Promise<boolean> {
    this.deciding ??= this.decideFolders();
    return this.deciding;
  }

  private async decideFolders(): Promise<boolean> {
    let needed = false;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const fs = this.folders.get(folder.uri.toString());
      if (fs?.model.coverage.complete) continue;
      const project = await projectFor(folder.uri);
      const model = new WorkspaceModel({ base: folder.uri.fsPath, config: project.config, configDir: project.configDir });
      // Whether ownership is on needs only whether the register exists: a stat. The scan reads it.
      const exists = await stat(model.registerFile).then(() => true, () => false);
      const enabled = new WorkspaceModel(model.project, exists).ownershipEnabled;
      // A scan may have begun the folder meanwhile: its state stands.
      const current = this.folders.get(folder.uri.toString());
      if (!current) this.folders.set(folder.uri.toString(), this.newFolder(folder, model, enabled));
      else current.enabled = enabled; // a reload decides again: the register may be gone (or new)
      needed ||= enabled;
    }
    return needed;
  }

  private async loadAll(): Promise<void> {
    const asked = ++this.scanEpoch;
    const needed = await this.decide();
    // One pass over the workspace analyzes every file once (it joins a workspace scan under way). A scan
    // that was already walking when this load was asked for may have missed what changed since (a
    // register just written): then one more pass, started after the request.
    if (needed) {
      await this.analyzeWorkspace();
      if (this.lastScanBegan < asked) await this.analyzeWorkspace();
    }
    this.evaluateNow();
  }

  private newFolder(folder: vscode.WorkspaceFolder, model: WorkspaceModel, enabled: boolean, before?: FolderState): FolderState {
    const fs: FolderState = { folder, model, state: model.state, enabled, result: before?.result, published: before?.published ?? new Set(), live: new Set() };
    // Documents still open keep their live analyses across a rescan (the walk's reading replaces a saved
    // one's; one the walk does not reach, a git-ignored file, stands). A document closed since says
    // nothing: its last analysis would stand wherever the walk does not reach.
    for (const rel of before?.live ?? []) {
      if (!this.documentOf(before!, rel)) continue;
      const a = before!.model.analysis(rel);
      if (a) {
        model.setAnalysis(rel, a);
        fs.live.add(rel);
      }
    }
    return fs;
  }

  // The workspace scan (WorkspaceSink): a folder's analyses as they stream in from the workers.

  beginFolder(folder: vscode.WorkspaceFolder, project: Project): void {
    this.lastScanBegan = ++this.scanEpoch;
    const model = new WorkspaceModel({ base: folder.uri.fsPath, config: project.config, configDir: project.configDir });
    const key = folder.uri.toString();
    const before = this.folders.get(key);
    const fs = this.newFolder(folder, model, model.ownershipEnabled || Boolean(before?.enabled), before);
    fs.scanning = true;
    this.folders.set(key, fs);
  }

  listedFolder(folder: vscode.WorkspaceFolder, tasks: readonly FileTask[]): void {
    this.folders.get(folder.uri.toString())?.model.state.setFileOrder(tasks.map((t) => t.rel));
  }

  acceptScanned(folder: vscode.WorkspaceFolder, a: FileAnalysis): void {
    const fs = this.folders.get(folder.uri.toString());
    if (fs && !this.editing(fs, a.path)) fs.model.setAnalysis(a.path, a);
  }

  abortFolder(folder: vscode.WorkspaceFolder): void {
    const fs = this.folders.get(folder.uri.toString());
    if (!fs) return;
    fs.scanning = false;
    fs.model.setCoverage({ ...fs.model.coverage, complete: false });
    this.schedule();
  }

  async endFolder(folder: vscode.WorkspaceFolder, project: Project, summary: ScanSummary): Promise<void> {
    const fs = this.folders.get(folder.uri.toString());
    if (!fs) return;
    const base = folder.uri.fsPath;
    fs.model.setCoverage({ files: summary.files, skipped: summary.skipped, complete: !summary.cancelled });
    try {
      // The register, catalogs and CODEOWNERS the walk did not reach (git-ignored, say): read once, bounded.
      await readUnanalyzedSources(fs.state, (rel) => fs.model.analysis(rel), base, project.config, project.configDir,
        (file, max) => readBounded(file, { maxBytes: max, root: base }));
      // A register deleted while the scan ran: the disk, not the walk's snapshot, decides.
      if (fs.state.currentRegister.exists && !(await stat(fs.model.registerFile).then(() => true, () => false))) fs.model.remove(fs.state.registerPath);
    } finally {
      fs.enabled = fs.model.ownershipEnabled;
      fs.scanning = false;
      this.schedule();
    }
    log().info(`ownership: ${summary.files} files of ${folder.name} analyzed by the workspace scan, none read again${fs.enabled ? '' : ' (ownership is off there)'}`);
  }

  /**
   * Whether an open document's unsaved text stands in for the file on disk. A saved one says what the
   * disk says (VS Code reloads it when the file changes), and a document whose editor was closed can
   * linger before it is disposed: neither may hide a newer file from the scan.
   */
  private editing(fs: FolderState, rel: string): boolean {
    if (!fs.live.has(rel)) return false;
    if (this.documentOf(fs, rel)?.isDirty) return true;
    fs.live.delete(rel);
    return false;
  }

  /** The open document of `rel` in the folder, if there is one. */
  private documentOf(fs: FolderState, rel: string): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => relativePath(d.uri) === rel && vscode.workspace.getWorkspaceFolder(d.uri)?.uri.toString() === fs.folder.uri.toString());
  }

  accept(uri: vscode.Uri, analysis: EditorAnalysis, live: boolean): void {
    if (!this.folderOf(uri)) return;
    this.pending.set(uri.toString(), { uri, analysis, live });
    this.schedule();
  }

  removed(uri: vscode.Uri): void {
    this.update(uri, undefined);
  }

  deleted(uri: vscode.Uri): void {
    if (!this.folderOf(uri)) return;
    this.pending.set(uri.toString(), { uri, text: undefined, tree: true });
    this.schedule();
  }

  private folderOf(uri: vscode.Uri): FolderState | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.folders.get(folder.uri.toString()) : undefined;
  }

  /**
   * A file's new text (undefined: deleted), from something that wrote it (a registry sync). Applied at
   * the next evaluation.
   */
  update(uri: vscode.Uri, text: string | undefined): void {
    if (!this.folderOf(uri)) return;
    this.pending.set(uri.toString(), { uri, text });
    this.schedule();
  }

  private applyPending(): void {
    for (const p of this.pending.values()) {
      const fs = this.folderOf(p.uri);
      if (!fs) continue;
      const rel = relativePath(p.uri);
      if ('analysis' in p) {
        if (!p.live && this.editing(fs, rel)) continue; // unsaved text in the editor stands in for the file
        if (p.live) fs.live.add(rel);
        const a = p.analysis;
        fs.model.setAnalysis(rel, { path: rel, bytes: 0, findings: [...a.findings, ...a.suppressed], references: a.references, source: a.source, certificates: a.certificates });
      } else if (p.text === undefined && p.tree) {
        fs.model.removeTree(rel, (f) => this.editing(fs, f)); // unsaved text in the editor stands for its file
      } else if (p.text === undefined) {
        fs.live.delete(rel);
        fs.model.remove(rel);
      } else fs.model.setSourceText(rel, p.text);
      if (rel === fs.state.registerPath && !fs.enabled && fs.model.ownershipEnabled) {
        // A register just appeared: ownership checks start, over every file at once.
        fs.enabled = true;
        if (!fs.model.coverage.complete) void this.reload();
      }
      // The register is gone (and the config does not ask for ownership): the checks stop.
      else if (rel === fs.state.registerPath && fs.enabled && !fs.model.ownershipEnabled) fs.enabled = false;
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
      if (fs.scanning) continue; // the last evaluation stands until the scan has read every file
      // Ownership off: the certificate checks alone (they need no register).
      const owning = fs.enabled && fs.model.ownershipEnabled;
      if (owning) {
        for (const entry of this.store.all()) {
          if (vscode.workspace.getWorkspaceFolder(entry.uri)?.uri.toString() === fs.folder.uri.toString()) {
            fs.state.setSecretFindings(relativePath(entry.uri), entry.findings);
          }
        }
      }
      const evaluated = fs.model.evaluate(this.now(), owning ? 'auto' : 'off');
      fs.result = owning ? evaluated : undefined;
      fs.certificates = owning ? undefined : evaluated;
      const byPath = new Map<string, OwnershipFinding[]>();
      for (const f of evaluated.findings) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
      for (const p of fs.published) if (!byPath.has(p)) this.publisher.delete(vscode.Uri.joinPath(fs.folder.uri, p), 'ownership');
      fs.published = new Set(byPath.keys());
      for (const [p, findings] of byPath) {
        const uri = vscode.Uri.joinPath(fs.folder.uri, p);
        const diagnostics: Array<Published<OwnershipFinding>> = [];
        for (const f of findings) {
          const level = levels[f.severity];
          if (level === 'none') continue;
          const d = new vscode.Diagnostic(toRange(f.range), f.message, LEVEL[level]);
          d.source = isCertificateRule(f.ruleId) ? CERTIFICATES_SOURCE : OWNERSHIP_SOURCE;
          d.code = f.ruleId;
          d.relatedInformation = f.related?.map((r) => new vscode.DiagnosticRelatedInformation(
            new vscode.Location(vscode.Uri.joinPath(fs.folder.uri, r.path), toRange(r.range)), r.message));
          diagnostics.push({ diagnostic: d, data: f });
        }
        this.publisher.set(uri, 'ownership', diagnostics);
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
    // What was just written is on disk: it replaces whatever is queued for the file (the watcher's
    // report of an earlier deletion, which may arrive after the register was written again).
    this.update(uri, text);
    if (!fs?.enabled) {
      await this.reload();
      return;
    }
    this.evaluateNow();
  }
  // ---------------------------------------------------------------------------------------------

  /** Folder state for a document (ownership enabled there or not). */
  stateFor(uri: vscode.Uri): FolderState | undefined {
    return this.folderOf(uri);
  }

  /** The folders where ownership is on, with their evaluation. */
  results(): Array<{ folder: vscode.WorkspaceFolder; result: OwnershipResult }> {
    return [...this.folders.values()].filter((f) => f.enabled && f.result).map((f) => ({ folder: f.folder, result: f.result! }));
  }

  /** Every folder's last evaluation, ownership on or off: the certificate checks' findings and entries are in each. */
  certificateResults(): Array<{ folder: vscode.WorkspaceFolder; result: OwnershipResult; owning: boolean }> {
    const out: Array<{ folder: vscode.WorkspaceFolder; result: OwnershipResult; owning: boolean }> = [];
    for (const f of this.folders.values()) {
      if (f.enabled && f.result) out.push({ folder: f.folder, result: f.result, owning: true });
      else if (f.certificates) out.push({ folder: f.folder, result: f.certificates, owning: false });
    }
    return out;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.publisher.clear('ownership');
    this.emitter.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
