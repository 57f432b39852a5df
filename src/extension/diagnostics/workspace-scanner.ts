// Fills the Problems panel for files that are not open: a workspace scan on worker threads with a
// cancellable progress notification, then a file watcher keeps those results current.
import * as vscode from 'vscode';
import type { Finding } from '../../core/findings';
import { decode, humanSize, type Skipped } from '../../core/files/read';
import { scan } from '../../core/scan/scanner';
import { log } from '../logger';
import { invalidateProjects, projectFor } from '../project';
import { findingsFor } from './document-scanner';
import type { FindingsStore } from './findings-store';
import { forgetGitState } from './git-state';
import { readWorkspaceFile } from '../workspace-read';

export interface WorkspaceScanResult {
  files: number;
  findings: number;
  cancelled: boolean;
  /** What was not scanned, and why (FIFOs, devices, links, binary or oversized files), workspace-relative. */
  skipped: Skipped[];
}

export class WorkspaceScanner implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private running: Promise<WorkspaceScanResult> | undefined;

  /** `watcher`: the extension's one watcher over the workspace (shared with ownership; disposed by the caller). */
  constructor(private readonly store: FindingsStore, watcher: vscode.FileSystemWatcher, private readonly onConfigChanged: () => void) {
    this.disposables.push(
      watcher.onDidCreate((u) => void this.rescanFile(u)),
      watcher.onDidChange((u) => void this.rescanFile(u)),
      watcher.onDidDelete((u) => this.store.delete(u)),
    );
  }

  /** One scan at a time: a second request while one runs joins it. */
  scanWorkspace(): Promise<WorkspaceScanResult> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<WorkspaceScanResult> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const total: WorkspaceScanResult = { files: 0, findings: 0, cancelled: false, skipped: [] };
    this.store.setCoverage('scanning');
    try {
      await this.scanFolders(folders, total);
    } finally {
      this.store.setCoverage(total.cancelled ? 'partial' : 'workspace');
    }
    return total;
  }

  private async scanFolders(folders: readonly vscode.WorkspaceFolder[], total: WorkspaceScanResult): Promise<void> {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Credential Hygiene: scanning for secrets', cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        for (const folder of folders) {
          if (folder.uri.scheme !== 'file') continue;
          const project = await projectFor(folder.uri);
          let reported = 0;
          const summary = await scan({
            roots: [folder.uri.fsPath], base: folder.uri.fsPath, config: project.config, baseline: project.baseline,
            signal: controller.signal,
            onProgress: (p) => {
              const pct = (p.filesDone / Math.max(1, p.filesTotal)) * 100;
              progress.report({ message: `${p.filesDone}/${p.filesTotal} files in ${folder.name}`, increment: pct - reported });
              reported = pct;
            },
            onResult: (r) => this.acceptResult(vscode.Uri.joinPath(folder.uri, r.path), r.findings),
          });
          for (const s of summary.skipped) log().info(`skipped ${s.path}: ${s.reason} (${s.detail})`);
          log().info(`scanned ${summary.files} files (${humanSize(summary.bytes)}) in ${folder.name} in ${Math.round(summary.durationMs)} ms: ${summary.findings.length} findings, ${summary.suppressed.length} suppressed${summary.cancelled ? ' (cancelled)' : ''}`);
          total.skipped.push(...summary.skipped);
          total.files += summary.files;
          total.findings += summary.findings.length;
          total.cancelled ||= summary.cancelled;
          if (summary.cancelled) break;
        }
      },
    );
  }

  /** A file the scan reached (baseline applied); an open document's live scan owns its findings. */
  private acceptResult(uri: vscode.Uri, findings: Finding[]): void {
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
    this.store.set({ uri, findings: findings.filter((f) => !f.suppressed), suppressed: findings.filter((f) => f.suppressed) });
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
    try {
      const project = await projectFor(uri);
      // Bounded and off the main thread: a FIFO or a link to /dev/zero is refused, not read.
      const read = await readWorkspaceFile(uri, project.config.maxFileSize);
      if (!('bytes' in read)) {
        if ('refused' in read) log().info(`skipped ${vscode.workspace.asRelativePath(uri)}: ${read.refused}`);
        this.store.delete(uri);
        return;
      }
      const d = decode(read.bytes);
      if (!('text' in d)) return;
      const r = await findingsFor(uri, d.text);
      this.store.set({ uri, findings: r.findings, suppressed: r.suppressed });
    } catch {
      this.store.delete(uri); // gone or unreadable
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
