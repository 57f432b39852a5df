// The git-history index the hover and the workspace report read: which secrets each workspace
// folder's history holds (a history scan, src/core/history), computed in the background on a worker
// thread, so the extension host never waits for it, and again when HEAD moves (a commit, a checkout). Never in an untrusted workspace: there no
// git runs at all. Until it is ready, the hover and the report simply do not mention history.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { Finding, FindingHistory } from '../../core/findings';
import type { HistoryWorkerInit, HistoryWorkerResult } from '../../core/history/worker';
import { gitTopLevel } from '../../core/git';
import { leakedInHistory, type LeakedInHistory } from '../../core/report/history-section';
import { gitAllowed } from '../secrets/diagnostics/git-state';
import { log } from '../logger';
import type { OwnershipManager } from '../ownership/ownership-manager';
import { projectFor } from '../project';

interface FolderIndex {
  /** Fingerprint -> where in history it came from. */
  byFingerprint: Map<string, FindingHistory>;
  findings: Finding[];
  commits: number;
  shallow: boolean;
}

export class HistoryIndex implements vscode.Disposable {
  private readonly folders = new Map<string, FolderIndex>();
  private running: Promise<void> | undefined;
  private readonly workers = new Set<Worker>();
  private disposed = false;
  /** Bumped by `forget`: a build started before it does not store its result. */
  private generation = 0;

  private readonly watchers: vscode.Disposable[] = [];
  /** Repository top levels whose reflog of HEAD is watched. */
  private readonly watched = new Set<string>();
  private refresh: NodeJS.Timeout | undefined;

  constructor(private readonly ownership: OwnershipManager, private readonly script = path.join(__dirname, 'history-worker.js'), private readonly refreshMs = 3000) {}

  /**
   * Rebuilds the index (a few seconds after the last one) when a folder's HEAD moves: a commit, a
   * checkout, a pull. git's own reflog of HEAD is watched, not run: nothing happens while untrusted.
   */
  watchCommits(): void {
    for (const folder of vscode.workspace.workspaceFolders ?? []) if (folder.uri.scheme === 'file') this.watch(folder.uri.fsPath);
  }

  /** Watches `top`'s reflog of HEAD (a folder's repository may start above the folder). */
  private watch(top: string): void {
    if (this.watched.has(top) || this.disposed) return;
    this.watched.add(top);
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(top), '.git/logs/HEAD'));
    const moved = () => this.headMoved();
    w.onDidChange(moved);
    w.onDidCreate(moved);
    this.watchers.push(w);
  }

  private headMoved(): void {
    // Only an index that was built (or is being built) is kept current; none is started here.
    if (!this.running || this.disposed || !gitAllowed()) return;
    clearTimeout(this.refresh);
    this.refresh = setTimeout(() => {
      this.forget();
      void this.ensure();
    }, this.refreshMs);
  }

  /** Builds the index once (again after `forget`); a no-op when untrusted or already built or building. */
  ensure(): Promise<void> {
    if (!gitAllowed() || this.disposed) return Promise.resolve();
    this.running ??= this.build(this.generation).catch((e: Error) => log().warn(`history index not built: ${e.message}`));
    return this.running;
  }

  /** Drops the index (and stops a build under way), so the next `ensure` reads history again. */
  forget(): void {
    for (const w of this.workers) w.postMessage({ type: 'abort' });
    this.folders.clear();
    this.running = undefined;
    this.generation++;
  }

  /** Resolves once the index is built (or immediately when it will not be). */
  get ready(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Where the secret with this fingerprint came from, when the history of the document's folder holds it. */
  lookup(uri: vscode.Uri, fingerprint: string): FindingHistory | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.folders.get(folder.uri.fsPath)?.byFingerprint.get(fingerprint) : undefined;
  }

  /** The report's "Leaked in history" section for a folder (the first one by default), once built. */
  section(folder = vscode.workspace.workspaceFolders?.[0]): LeakedInHistory | undefined {
    const index = folder && this.folders.get(folder.uri.fsPath);
    return index ? leakedInHistory(index.findings, { commits: index.commits, shallow: index.shallow }) : undefined;
  }

  private async build(generation: number): Promise<void> {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (this.disposed || generation !== this.generation || !gitAllowed() || folder.uri.scheme !== 'file') continue;
      const top = await gitTopLevel(folder.uri.fsPath);
      if (!top) continue;
      this.watch(top);
      const project = await projectFor(folder.uri);
      const fs = this.ownership.stateFor(folder.uri);
      const identities = fs?.result?.identities ?? fs?.state.currentRegister.identities;
      const init: HistoryWorkerInit = {
        top, config: project.config, baseline: project.baseline, minConfidence: project.config.minConfidence,
        ...(identities ? { identities: JSON.parse(JSON.stringify(identities)) } : {}),
      };
      const started = Date.now();
      const result = await this.run(init);
      if (!result.ok) {
        log().warn(`history scan of ${folder.name} failed: ${result.error}`);
        continue;
      }
      const s = result.summary;
      if (s.cancelled || generation !== this.generation) continue;
      const byFingerprint = new Map<string, FindingHistory>();
      for (const f of [...s.findings, ...s.suppressed]) if (f.history) byFingerprint.set(f.fingerprint, f.history);
      this.folders.set(folder.uri.fsPath, { byFingerprint, findings: s.findings, commits: s.commits, shallow: s.shallow });
      log().info(`history index of ${folder.name}: ${s.commits} commits, ${s.findings.length} secret(s) in history, ${Date.now() - started} ms${s.shallow ? ' (shallow clone: incomplete)' : ''}`);
    }
  }

  private run(init: HistoryWorkerInit): Promise<HistoryWorkerResult> {
    return new Promise((resolve) => {
      const w = new Worker(this.script, { workerData: init });
      this.workers.add(w);
      let done = false;
      const finish = (r: HistoryWorkerResult) => {
        if (done) return;
        done = true;
        this.workers.delete(w);
        resolve(r);
      };
      w.on('message', (r: HistoryWorkerResult) => finish(r));
      w.on('error', (e) => finish({ ok: false, error: e.message }));
      w.on('exit', () => finish({ ok: false, error: 'the history worker stopped' }));
    });
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.refresh);
    for (const w of this.watchers.splice(0)) w.dispose();
    for (const w of this.workers) void w.terminate();
    this.workers.clear();
  }
}
