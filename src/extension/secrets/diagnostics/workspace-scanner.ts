// Fills the Problems panel for files that are not open: a workspace scan on worker threads with a
// cancellable progress notification, then a file watcher keeps those results current. Each file is
// read and analyzed once: its analysis feeds the findings store and, through the sink, ownership.
import { lstat } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { FileAnalysis } from '../../../core/analysis/analyze';
import { readForStructure } from '../../../core/certs/discover';
import type { Finding } from '../../../core/findings';
import type { Range } from '../../../core/types/range';
import { decode, humanSize, type Skipped } from '../../../core/files/read';
import { analysisOptionsFor } from '../../../core/model/workspace-model';
import type { FileTask } from '../../../core/run/file';
import { ResultsCache, type ResultsFolder } from '../../../core/run/results-cache';
import { scan, type ScanSummary } from '../../../core/run/scanner';
import { log } from '../../logger';
import { readSettings } from '../../settings';
import { invalidateProjects, projectFor, type Project } from '../../project';
import { binaryFindingsFor, findingsFor, type AnalysisSink } from './document-scanner';
import type { FindingsStore } from './findings-store';
import { forgetGitState } from './git-state';
import { readWorkspaceFile } from '../../workspace-read';

export interface WorkspaceScanResult {
  files: number;
  findings: number;
  cancelled: boolean;
  /** What was not scanned, and why (FIFOs, devices, links, binary or oversized files), workspace-relative. */
  skipped: Skipped[];
}

/** Where the workspace scan's analyses go besides the findings store (the ownership manager). */
export interface WorkspaceSink extends AnalysisSink {
  /** A folder's scan starts (it walks and analyzes at once). */
  beginFolder(folder: vscode.WorkspaceFolder, project: Project): void;
  /** The walk of a folder is complete: `tasks` are its files in the walk's order. */
  listedFolder(folder: vscode.WorkspaceFolder, tasks: readonly FileTask[]): void;
  acceptScanned(folder: vscode.WorkspaceFolder, analysis: FileAnalysis): void;
  /** The folder's scan ended (cancelled or not). */
  endFolder(folder: vscode.WorkspaceFolder, project: Project, summary: ScanSummary): Promise<void>;
  /** The folder's scan failed before it ended: what stood before stands. */
  abortFolder(folder: vscode.WorkspaceFolder): void;
  /** A file that is gone or is no file to read (a folder, a FIFO). */
  removed(uri: vscode.Uri): void;
  /** A path deleted from disk: a file, or a folder with every file under it. */
  deleted(uri: vscode.Uri): void;
}

export interface ScanOptions {
  /** false: analyze for ownership only, quietly, leaving the Problems panel to open files (`scanOnStartup` off). */
  store?: boolean;
}

export class WorkspaceScanner implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private running: { promise: Promise<WorkspaceScanResult>; store: boolean } | undefined;
  sink: WorkspaceSink | undefined;

  /**
   * `watcher`: the extension's one watcher over the workspace (shared with ownership; disposed by the caller).
   * `results`: where scan results are kept between sessions (a file unchanged since is not read again).
   */
  constructor(private readonly store: FindingsStore, watcher: vscode.FileSystemWatcher, private readonly onConfigChanged: () => void, private readonly results?: ResultsFolder) {
    this.disposables.push(
      watcher.onDidCreate((u) => void this.rescanFile(u)),
      watcher.onDidChange((u) => void this.rescanFile(u)),
      watcher.onDidDelete((u) => {
        const gone = () => {
          this.store.deleteUnder(u);
          this.sink?.deleted(u);
        };
        // The watcher reports a deletion late: a file written again since (a register just re-created)
        // is not gone, and its own create/change event brings its new text. The disk decides, asked
        // without blocking.
        if (u.scheme !== 'file') gone();
        else void lstat(u.fsPath).then(() => undefined, gone);
      }),
    );
  }

  /** One scan at a time: a second request while one runs joins it (a full one waits for a quiet one, then runs). */
  scanWorkspace(options: ScanOptions = {}): Promise<WorkspaceScanResult> {
    const store = options.store !== false;
    const current = this.running;
    if (current && (current.store || !store)) return current.promise;
    if (current && store) this.store.setCoverage('scanning'); // a quiet scan finishes first, then this one
    const promise: Promise<WorkspaceScanResult> = (current ? current.promise.catch(() => undefined).then(() => this.run(store)) : this.run(store))
      .finally(() => {
        if (this.running?.promise === promise) this.running = undefined;
      });
    this.running = { promise, store };
    return promise;
  }

  /** Workspace scans started so far (quiet ones included): each reads every file once. */
  scansStarted = 0;

  private async run(store: boolean): Promise<WorkspaceScanResult> {
    this.scansStarted++;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const total: WorkspaceScanResult = { files: 0, findings: 0, cancelled: false, skipped: [] };
    if (!store) {
      await this.scanFolders(folders, total, false, new AbortController().signal);
      return total;
    }
    this.store.setCoverage('scanning');
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Credential Hygiene: scanning for secrets'), cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          await this.scanFolders(folders, total, true, controller.signal, progress);
        },
      );
    } finally {
      this.store.setCoverage(total.cancelled ? 'partial' : 'workspace');
    }
    return total;
  }

  private async scanFolders(
    folders: readonly vscode.WorkspaceFolder[], total: WorkspaceScanResult, store: boolean, signal: AbortSignal,
    progress?: vscode.Progress<{ message?: string; increment?: number }>,
  ): Promise<void> {
    for (const folder of folders) {
      if (folder.uri.scheme !== 'file') continue;
      const project = await projectFor(folder.uri);
      let reported = 0;
      const base = folder.uri.fsPath;
      this.sink?.beginFolder(folder, project);
      // What an earlier session analysed and has not changed since is not read again; the workers
      // compare each file with what was kept, so this thread never waits on the file system.
      const cache = this.results && readSettings().keepScanResults ? ResultsCache.open({ folder: this.results.folder, build: this.results.build, base, checkIn: 'workers' }) : undefined;
      // The scan walks and analyzes at once; the config and baseline the project was loaded from are
      // analyzed from the text it read.
      const summary = await scanOrEnd(this.sink, folder, () => scan({
        roots: [base], base, config: project.config, baseline: project.baseline, known: project.texts, cache,
        onListed: (tasks) => this.sink?.listedFolder(folder, tasks),
        analysis: analysisOptionsFor({ base, config: project.config, configDir: project.configDir }),
        signal,
        onProgress: (p) => {
          const pct = (p.filesDone / Math.max(1, p.filesTotal)) * 100;
          progress?.report({ message: vscode.l10n.t('{0}/{1} files in {2}', p.filesDone, p.filesTotal, folder.name), increment: pct - reported });
          reported = pct;
        },
        onResult: (r) => {
          if (store) this.acceptResult(vscode.Uri.joinPath(folder.uri, r.path), r.findings, r.unusedAllows);
          this.sink?.acceptScanned(folder, r);
        },
      }));
      await cache?.save();
      await this.sink?.endFolder(folder, project, summary);
      for (const s of summary.skipped) log().info(`skipped ${s.path}: ${s.reason} (${s.detail})`);
      log().info(`scanned ${summary.files} files (${humanSize(summary.bytes)}) in ${folder.name} in ${Math.round(summary.durationMs)} ms: ${summary.findings.length} findings, ${summary.suppressed.length} suppressed` +
        `${summary.unchanged ? `, ${summary.unchanged} unchanged since the last scan (not read again)` : ''}${summary.cancelled ? ' (cancelled)' : ''}`);
      total.skipped.push(...summary.skipped);
      total.files += summary.files;
      total.findings += summary.findings.length;
      total.cancelled ||= summary.cancelled;
      if (summary.cancelled) break;
    }
  }

  /** A file the scan reached (baseline applied); an open document's live scan owns its findings. */
  private acceptResult(uri: vscode.Uri, findings: Finding[], unusedAllows?: Range[]): void {
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
    // A stale credential-hygiene:allow comment shows its hint from the start-up scan too, not only once opened.
    this.store.set({ uri, findings: findings.filter((f) => !f.suppressed), suppressed: findings.filter((f) => f.suppressed), unusedAllows });
  }

  async rescanFile(uri: vscode.Uri): Promise<void> {
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    if (name === '.credential-hygiene.json' || name === '.credential-hygiene-baseline.json') {
      invalidateProjects();
      this.onConfigChanged();
      return;
    }
    if (name === '.gitignore') forgetGitState();
    if (uri.path.includes('/.git/') || vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
    // The watcher reports folders too (one made for a new file): nothing to read (lstat never opens, nor follows a link).
    if (uri.scheme === 'file' && await lstat(uri.fsPath).then((s) => s.isDirectory(), () => false)) return;
    try {
      const project = await projectFor(uri);
      // Bounded and off the main thread: a FIFO or a link to /dev/zero is refused, not read.
      const read = await readWorkspaceFile(uri, project.config.maxFileSize);
      if (!('bytes' in read)) {
        if ('refused' in read) log().info(`skipped ${vscode.workspace.asRelativePath(uri)}: ${read.refused}`);
        this.store.delete(uri);
        this.sink?.removed(uri);
        return;
      }
      const d = decode(read.bytes);
      // One read, one analysis: the findings store and ownership both take it. A key file or a PKCS#12
      // store is read for its structure; another binary file is left as it was.
      const r = readForStructure(read.bytes, uri.path, !('text' in d) && d.skip === 'binary')
        ? await binaryFindingsFor(uri, read.bytes) : 'text' in d ? await findingsFor(uri, d.text) : undefined;
      if (!r) return;
      this.store.set({ uri, findings: r.findings, suppressed: r.suppressed, unusedAllows: r.unusedAllows });
      this.sink?.accept(uri, r, false);
    } catch {
      this.store.delete(uri); // gone or unreadable
      this.sink?.removed(uri);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Runs a folder's scan; if it throws, the sink hears that the folder's scan is over before the error goes on. */
async function scanOrEnd(sink: WorkspaceSink | undefined, folder: vscode.WorkspaceFolder, run: () => Promise<ScanSummary>): Promise<ScanSummary> {
  try {
    return await run();
  } catch (e) {
    sink?.abortFolder(folder);
    throw e;
  }
}
