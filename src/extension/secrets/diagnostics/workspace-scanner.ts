// Fills the Problems panel for files that are not open: a workspace scan on worker threads with a
// cancellable progress notification, then a file watcher keeps those results current. Each file is
// read and analyzed once: its analysis feeds the findings store and, through the sink, ownership.
import { lstat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import * as path from 'node:path';
import pLimit from 'p-limit';
import * as vscode from 'vscode';
import type { FileAnalysis } from '../../../core/analysis/analyze';
import { readForStructure } from '../../../core/certs/discover';
import type { Finding } from '../../../core/findings';
import type { Range } from '../../../core/types/range';
import { decode, humanSize, type Skipped } from '../../../core/files/read';
import { forgetIgnoreFilesUnder, walk, type IgnoreFile } from '../../../core/files/walk';
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

/**
 * A file whose modification time is this close to when it was looked at may still change within the
 * same timestamp (file systems keep them in coarse ticks): the version read is not known by its
 * identity alone ("racily clean", as git says), so it is not remembered as analyzed.
 */
const RACY_MS = 50;
/** How long the version of a file the watcher analyzed is remembered (its events and its new folder's arrive within moments). */
const REMEMBER_MS = 30_000;
/** Files the watcher analyzes at once. */
const RESCANS_AT_ONCE = 4;

export class WorkspaceScanner implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private running: { promise: Promise<WorkspaceScanResult>; store: boolean } | undefined;
  sink: WorkspaceSink | undefined;
  /**
   * The `.gitignore` of each folder a walk listed (null: none), for every walk of this session: each is
   * read once, until the watcher says it changed.
   */
  private readonly ignoreFiles = new Map<string, IgnoreFile | null>();
  /** The file version (lstat identity) each watcher analysis read, by path: a second event for it reads nothing. */
  private readonly analyzed = new Map<string, { id: string; at: number }>();
  /** Per file, the watcher's analysis under way: the next one for that file waits for it. */
  private readonly queued = new Map<string, Promise<void>>();
  /**
   * The watcher's file analyses at a time: thousands of files written at once (a checkout, an unpacked
   * archive, a hostile script) are read a few at a time, not all at once (and a key file's analysis
   * starts a scan worker: one each, not thousands).
   */
  private readonly slots = pLimit(RESCANS_AT_ONCE);

  /**
   * `watcher`: the extension's one watcher over the workspace (shared with ownership; disposed by the caller).
   * `results`: where scan results are kept between sessions (a file unchanged since is not read again).
   */
  constructor(private readonly store: FindingsStore, watcher: vscode.FileSystemWatcher, private readonly onConfigChanged: () => void, private readonly results?: ResultsFolder) {
    this.disposables.push(
      watcher.onDidCreate((u) => void this.rescanFile(u, true)),
      watcher.onDidChange((u) => void this.rescanFile(u)),
      watcher.onDidDelete((u) => {
        const gone = () => {
          this.store.deleteUnder(u);
          this.sink?.deleted(u);
          if (u.scheme === 'file') forgetIgnoreFilesUnder(this.ignoreFiles, u.fsPath); // a folder made again there lists anew
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
    this.analyzed.clear();
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
        roots: [base], base, config: project.config, baseline: project.baseline, known: project.texts, cache, ignoreFiles: this.ignoreFiles,
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

  /**
   * What the watcher reports: a file is analyzed again (one at a time per file); a new folder (`created`)
   * has the files a workspace scan would list in it analyzed, since the watcher may report only the
   * folder for files made with it.
   */
  rescanFile(uri: vscode.Uri, created = false): Promise<void> {
    const key = uri.toString();
    const next = (this.queued.get(key) ?? Promise.resolve()).then(() => this.rescanNow(uri, created));
    this.queued.set(key, next);
    void next.finally(() => {
      if (this.queued.get(key) === next) this.queued.delete(key);
    });
    return next;
  }

  private async rescanNow(uri: vscode.Uri, created: boolean): Promise<void> {
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    if (name === '.credential-hygiene.json' || name === '.credential-hygiene-baseline.json') {
      invalidateProjects();
      this.analyzed.clear();
      this.onConfigChanged();
      return;
    }
    if (name === '.gitignore') {
      forgetGitState();
      if (uri.scheme === 'file') this.ignoreFiles.delete(path.dirname(uri.fsPath));
    }
    if (uri.path.includes('/.git/') || vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
    // lstat never opens, nor follows a link.
    const st = uri.scheme === 'file' ? await lstat(uri.fsPath).catch(() => undefined) : undefined;
    const lookedAt = Date.now();
    if (st?.isDirectory()) {
      if (created) await this.scanNewFolder(uri);
      return;
    }
    const seen = st && this.analyzed.get(uri.fsPath);
    if (seen && seen.id === identityOf(st) && Date.now() - seen.at < REMEMBER_MS) return; // this version was analyzed
    await this.slots(() => this.analyzeFile(uri, st, lookedAt));
  }

  /**
   * Reads and analyzes one file the watcher named (`st`: its lstat, taken at `lookedAt`), unless a
   * workspace scan would not list it.
   */
  private async analyzeFile(uri: vscode.Uri, st: Stats | undefined, lookedAt: number): Promise<void> {
    try {
      const project = await projectFor(uri);
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (st && folder?.uri.scheme === 'file' && !(await this.covers(folder.uri.fsPath, uri.fsPath, project))) {
        // Ignored (.gitignore, the exclude settings) or never read: as a workspace scan leaves it.
        this.store.delete(uri);
        this.sink?.removed(uri);
        return;
      }
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
      if (st) this.remember(uri.fsPath, st, lookedAt);
    } catch {
      this.store.delete(uri); // gone or unreadable
      this.sink?.removed(uri);
    }
  }

  /** Whether a workspace scan of `root` lists `file` (its .gitignore files, include and exclude). */
  private async covers(root: string, file: string, project: Project): Promise<boolean> {
    const { include, exclude, gitignore } = project.config;
    for await (const _ of walk(root, { within: file, include, exclude, gitignore, ignoreFiles: this.ignoreFiles })) return true;
    return false;
  }

  /** The files a workspace scan would list in a new folder, each analyzed as the watcher analyzes a file. */
  private async scanNewFolder(uri: vscode.Uri): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || folder.uri.scheme !== 'file') return;
    const { include, exclude, gitignore } = (await projectFor(uri)).config;
    const files: string[] = [];
    for await (const f of walk(folder.uri.fsPath, { within: uri.fsPath, include, exclude, gitignore, ignoreFiles: this.ignoreFiles })) files.push(f.abs);
    for (const f of files) await this.rescanFile(vscode.Uri.file(f));
  }

  /**
   * The version of `file` just analyzed (`st`, looked at `lookedAt`, before it was read), unless a write
   * after the read could have left the same identity (within the same timestamp tick).
   */
  private remember(file: string, st: Stats, lookedAt: number): void {
    const now = Date.now();
    if (lookedAt - Math.max(st.mtimeMs, st.ctimeMs) < RACY_MS) return;
    if (this.analyzed.size >= 1000) {
      for (const [k, v] of this.analyzed) if (now - v.at >= REMEMBER_MS) this.analyzed.delete(k);
      if (this.analyzed.size >= 1000) this.analyzed.clear();
    }
    this.analyzed.set(file, { id: identityOf(st), at: now });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** What tells one version of a file from the next without reading it. */
function identityOf(st: Stats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
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
