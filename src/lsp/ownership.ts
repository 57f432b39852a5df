// Ownership in the language server, as in the extension (extension/ownership/ownership-manager.ts) and
// the CLI (core/model/build.ts): one WorkspaceModel per workspace folder where ownership is on (the one
// rule, vocabulary.ts), fed with the analyses the server already makes on its workers (the workspace
// scan, closed files that changed, open documents as they change: nothing is read twice), evaluated
// after a pause. `owner/unreferenced` needs every file's references: only a model a finished scan
// filled is complete. The certificate checks are not here: the server runs them per file (present.ts).
import * as path from 'node:path';
import type { FileAnalysis } from '../core/analysis/analyze';
import { isCertificateRule } from '../core/certs/channel';
import { readBounded } from '../core/files/bounded';
import { WorkspaceModel } from '../core/model/workspace-model';
import type { OwnershipFinding } from '../core/ownership/finding';
import { readUnanalyzedSources } from '../core/ownership/workspace';
import type { ScanSummary } from '../core/run/scanner';
import type { Project } from './project';

interface Folder {
  project: Project;
  model: WorkspaceModel;
  /** Open documents' analyses, by path: their text stands in for the file on disk. */
  live: Map<string, FileAnalysis>;
  /** The owner/* findings of the last evaluation, by path. */
  findings: Map<string, OwnershipFinding[]>;
  timer?: NodeJS.Timeout;
}

export interface OwnershipOptions {
  /** The pause before evaluating after a change (the server's `debounceMs`). */
  debounceMs(): number;
  log(message: string): void;
  /** A folder's owner/* findings changed at these paths (workspace-relative). */
  changed(root: string, paths: ReadonlySet<string>): void;
  /** Evaluation time (expiry, rotation). */
  now?(): Date;
  /**
   * Whether the open document at `rel` holds text not saved (changed since it was opened or last saved):
   * only such text stands for a file deleted from disk, as in the extension. Without it, every open document's does.
   */
  unsaved?(root: string, rel: string): boolean;
}

/** A workspace scan's analyses, fed into a fresh model that replaces the folder's once the scan is complete. */
export interface ScanFeed {
  add(a: FileAnalysis): void;
  /** The walk is complete: the folder's files in its order. */
  listed(order: readonly string[]): void;
  /**
   * The scan ended: finished, the model is complete and replaces the folder's; cancelled or failed
   * (undefined), the folder's model stays as it was.
   */
  end(summary: ScanSummary | undefined): Promise<void>;
}

function isInside(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export class OwnershipFolders {
  private readonly folders = new Map<string, Folder>();
  /** Folders a workspace scan is filling a fresh model for: the last evaluation stands until it ends (as in the extension). */
  private readonly scanning = new Map<string, number>();
  private closed = false;

  constructor(private readonly o: OwnershipOptions) {}

  /** The folder's owner/* findings at `rel` (none while ownership is off there). */
  findingsAt(root: string, rel: string): readonly OwnershipFinding[] {
    return this.folders.get(root)?.findings.get(rel) ?? [];
  }

  /** Every path of the folder that has owner/* findings. */
  paths(root: string): string[] {
    return [...(this.folders.get(root)?.findings.keys() ?? [])];
  }

  /** The register file of a folder where ownership is on (undefined: off there, or not loaded yet). */
  registerOf(root: string): string | undefined {
    return this.folders.get(root)?.project.registerFile;
  }

  roots(): string[] {
    return [...this.folders.keys()];
  }

  /**
   * The folder's project (re)loaded: a fresh model for it when ownership is on there (open documents'
   * analyses kept, the register and the other ownership sources read through the bounded reader until
   * a scan brings them), or no ownership at all (its diagnostics go).
   */
  async load(project: Project): Promise<void> {
    if (this.closed) return;
    const before = this.folders.get(project.root);
    if (before?.project === project) return;
    if (!project.ownership) {
      this.drop(project.root);
      return;
    }
    const model = new WorkspaceModel({ base: project.root, config: project.config, configDir: project.configDir }, true);
    const folder: Folder = { project, model, live: before?.live ?? new Map(), findings: before?.findings ?? new Map() };
    clearTimeout(before?.timer);
    for (const [rel, a] of folder.live) model.setAnalysis(rel, a);
    this.folders.set(project.root, folder);
    await this.readSources(folder, model);
    if (this.folders.get(project.root) === folder && folder.model === model) this.schedule(folder);
  }

  /** Forgets a folder (removed, or ownership turned off): its owner/* diagnostics go. */
  drop(root: string): void {
    const folder = this.folders.get(root);
    if (!folder) return;
    clearTimeout(folder.timer);
    this.folders.delete(root);
    if (folder.findings.size) this.o.changed(root, new Set(folder.findings.keys()));
  }

  /** A workspace scan of the folder begins: its analyses go into a fresh model (undefined: ownership is off). */
  beginScan(project: Project): ScanFeed | undefined {
    if (!project.ownership || this.closed) return undefined;
    const model = new WorkspaceModel({ base: project.root, config: project.config, configDir: project.configDir }, true);
    const root = project.root;
    this.scanning.set(root, (this.scanning.get(root) ?? 0) + 1);
    let ended = false;
    const finish = () => {
      if (ended) return;
      ended = true;
      const n = (this.scanning.get(root) ?? 1) - 1;
      if (n > 0) this.scanning.set(root, n);
      else this.scanning.delete(root);
    };
    return {
      add: (a) => model.setAnalysis(a.path, a),
      listed: (order) => model.state.setFileOrder(order),
      end: async (summary) => {
        try {
          if (!summary || summary.cancelled) return;
          // Complete: the walk listed the whole folder the register is in (as in the CLI).
          model.setCoverage({ files: summary.files, skipped: summary.skipped, complete: isInside(path.dirname(model.registerFile), root) });
          await this.load(project);
          const folder = this.folders.get(root);
          if (!folder || folder.project !== project) return; // the project changed meanwhile: its own scan decides
          for (const [rel, a] of folder.live) model.setAnalysis(rel, a);
          folder.model = model;
          await this.readSources(folder, model);
        } finally {
          finish();
          const folder = this.folders.get(root);
          if (folder) this.evaluateNow(root);
        }
      },
    };
  }

  /** A file's analysis: an open document's (`live`), or a closed file's from disk (ignored while the document is open). */
  accept(project: Project, rel: string, a: FileAnalysis, live: boolean): void {
    const folder = this.current(project);
    if (!folder) return;
    if (live) folder.live.set(rel, a);
    else if (folder.live.has(rel)) return;
    folder.model.setAnalysis(rel, a);
    this.schedule(folder);
  }

  /** An open document was closed: the file on disk speaks for it again (the caller analyzes it). */
  closeDocument(project: Project, rel: string): void {
    this.current(project)?.live.delete(rel);
  }

  /** A file that is gone. */
  /** A file that is gone; with `tree`, a path deleted from disk (a folder: every file under it). */
  remove(project: Project, rel: string, tree = false): void {
    const folder = this.current(project);
    if (!folder) return;
    if (tree) folder.model.removeTree(rel, (f) => this.editing(folder, f));
    else {
      folder.live.delete(rel);
      folder.model.remove(rel);
    }
    this.schedule(folder);
  }

  close(): void {
    this.closed = true;
    for (const f of this.folders.values()) clearTimeout(f.timer);
  }

  /** An open document's unsaved text stands for its file; a saved one's no longer does once the file is gone. */
  private editing(folder: Folder, rel: string): boolean {
    if (!folder.live.has(rel)) return false;
    if (this.o.unsaved?.(folder.project.root, rel) ?? true) return true;
    folder.live.delete(rel);
    return false;
  }

  private current(project: Project): Folder | undefined {
    const folder = this.folders.get(project.root);
    return folder?.project === project ? folder : undefined;
  }

  /** The register, catalogs and CODEOWNERS no analysis brought (not analyzed yet, git-ignored, over the cap): read once, bounded. */
  private async readSources(folder: Folder, model: WorkspaceModel): Promise<void> {
    const { root, config, configDir } = folder.project;
    try {
      await readUnanalyzedSources(model.state, (rel) => model.analysis(rel), root, config, configDir, (file, max) => readBounded(file, { maxBytes: max, root }));
    } catch (e) {
      this.o.log(`ownership sources of ${root} not read: ${(e as Error).message}`);
    }
    // An open document's text came in while the disk was read: it stands.
    for (const [rel, a] of folder.live) if (a.source) model.setAnalysis(rel, a);
  }

  private schedule(folder: Folder): void {
    clearTimeout(folder.timer);
    if (this.closed) return;
    folder.timer = setTimeout(() => this.evaluateNow(folder.project.root), this.o.debounceMs());
  }

  /** Evaluates the folder now and tells which paths' owner/* findings changed. */
  evaluateNow(root: string): void {
    const folder = this.folders.get(root);
    if (!folder || this.closed || this.scanning.has(root)) return;
    clearTimeout(folder.timer);
    const result = folder.model.evaluate(this.o.now?.() ?? new Date(), 'auto');
    const next = new Map<string, OwnershipFinding[]>();
    for (const f of result.findings) if (!isCertificateRule(f.ruleId)) next.set(f.path, [...(next.get(f.path) ?? []), f]);
    const changed = new Set<string>();
    for (const p of new Set([...folder.findings.keys(), ...next.keys()])) {
      if (JSON.stringify(folder.findings.get(p) ?? []) !== JSON.stringify(next.get(p) ?? [])) changed.add(p);
    }
    folder.findings = next;
    if (changed.size) this.o.changed(root, changed);
  }
}
