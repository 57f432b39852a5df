// One workspace folder as every face sees it: each file's analysis (computed once, on a scan worker or
// for an open document), the ownership state fed from those analyses, its evaluation, and how much of
// the folder the analyses cover. The CLI builds it once (build.ts); the editor keeps it current file by
// file. No disk, no clock, no vscode: analyses and "now" come from the caller.
import { meetsConfidence } from '../findings';
import * as path from 'node:path';
import type { AnalysisOptions, FileAnalysis } from '../analysis/analyze';
import type { Config } from '../config/schema';
import type { Finding } from '../findings';
import type { Skipped } from '../files/read';
import { toPosix } from '../files/walk';
import { ownershipOptions } from '../config/ownership';
import { evaluateCertificates } from '../certs/channel';
import { evaluateWithCertificates } from '../certs/evaluate';
import type { OwnershipResult } from '../ownership/evaluate';
import type { CredentialReference } from '../ownership/reference';
import type { Register } from '../ownership/register';
import { REGISTER_FILE } from '../vocabulary';
import { OwnershipState } from '../ownership/state';
import { ownershipEnabled } from '../vocabulary';

export interface ModelProject {
  /** The folder paths are relative to. */
  base: string;
  config: Config;
  /** Folder the config file is in: `ownership.register` resolves against it (default `base`). */
  configDir?: string;
}

/** What each file's analysis holds for a folder: references, and the register's path (so its text comes back). */
export function analysisOptionsFor(project: ModelProject): AnalysisOptions {
  const registerFile = path.resolve(project.configDir ?? project.base, project.config.ownership?.register ?? REGISTER_FILE);
  return { references: true, registerPath: toPosix(path.relative(project.base, registerFile)) };
}

export interface Coverage {
  /** Files analyzed (read or refused) by the workspace scan and since. */
  files: number;
  /** What was not analyzed, and why (walk refusals, binary or oversized files, rule time-outs). */
  skipped: Skipped[];
  /** Whether every file of the folder has been analyzed (a scan finished and was not cancelled). */
  complete: boolean;
}

export type Listener = () => void;

/** auto: ownership when the workspace has a register (or its config says so); force: always (the inventory); off: never. The certificate checks run in every mode. */
export type OwnershipMode = 'auto' | 'force' | 'off';

export class WorkspaceModel {
  /** Workspace-relative POSIX path of the register, and its absolute path (whether or not it exists). */
  readonly registerPath: string;
  readonly registerFile: string;
  /** Ownership facts: the register, catalogs, CODEOWNERS and references, fed from the analyses. */
  readonly state: OwnershipState;
  coverage: Coverage = { files: 0, skipped: [], complete: false };
  private readonly files = new Map<string, FileAnalysis>();
  private result: OwnershipResult | undefined;
  private readonly listeners = new Set<Listener>();

  /** `registerExists`: whether the register is on disk (known before its text is, from a stat). */
  constructor(readonly project: ModelProject, private registerExists = false) {
    this.registerFile = path.resolve(project.configDir ?? project.base, project.config.ownership?.register ?? REGISTER_FILE);
    this.registerPath = toPosix(path.relative(project.base, this.registerFile));
    this.state = new OwnershipState(this.registerPath, ownershipOptions(project.config.ownership));
  }

  /** The one rule (vocabulary.ts): configured, or the register exists. */
  get ownershipEnabled(): boolean {
    return ownershipEnabled(this.project.config, this.registerExists || this.state.currentRegister.exists);
  }

  /** What each file's analysis must hold for this model (sent to the scan's workers). */
  get analysisOptions(): AnalysisOptions {
    return analysisOptionsFor(this.project);
  }

  /** A file's analysis, new or replacing the one before (an open document's replaces the file's). */
  setAnalysis(rel: string, a: FileAnalysis): void {
    // Below the project's minimum confidence a finding is no finding here: not a reference either.
    const min = this.project.config.minConfidence ?? 'medium';
    const counted = a.findings.every((f) => meetsConfidence(f, min)) ? a : { ...a, findings: a.findings.filter((f) => meetsConfidence(f, min)) };
    this.files.set(rel, counted);
    this.state.setAnalysis(rel, counted);
    if (rel === this.registerPath && a.source) this.registerExists = true;
    this.changed();
  }

  /** A file that is gone. */
  remove(rel: string): void {
    if (!this.files.delete(rel) && rel !== this.registerPath) return;
    this.state.updateFile(rel, undefined);
    if (rel === this.registerPath) this.registerExists = false;
    this.changed();
  }

  /**
   * A path deleted from disk: the file, or, for a folder (a watcher reports a folder deleted, not each
   * file in it), every file under it but those `open` says an editor holds (their text stands for them).
   */
  removeTree(rel: string, open: (rel: string) => boolean = () => false): void {
    for (const f of [rel, ...[...this.files.keys()].filter((k) => k.startsWith(`${rel}/`))]) if (!open(f)) this.remove(f);
  }

  /** An ownership source read apart from the scan (outside the walk, or over the scan's size cap). */
  setSourceText(rel: string, text: string | undefined): void {
    this.state.updateFile(rel, text);
    if (rel === this.registerPath && text !== undefined) this.registerExists = true;
    this.changed();
  }

  /** A register that could not be read (its issue says why). */
  setRegister(register: Register): void {
    this.state.setRegister(register);
    this.changed();
  }

  analysis(rel: string): FileAnalysis | undefined {
    return this.files.get(rel);
  }

  analyses(): IterableIterator<FileAnalysis> {
    return this.files.values();
  }

  /** Open secret findings over every analyzed file, in path and offset order. */
  findings(): Finding[] {
    return this.collect((f) => !f.suppressed);
  }

  /** Findings an inline comment or the baseline suppressed. */
  suppressed(): Finding[] {
    return this.collect((f) => Boolean(f.suppressed));
  }

  references(): CredentialReference[] {
    return this.state.references();
  }

  /**
   * Evaluates against `now`, and tells listeners: ownership with the certificate checks when ownership is
   * on (`auto`) or `force`d (the inventory); else (off, or `off`) the certificate checks alone
   * (certs/channel.ts), which need no register.
   */
  evaluate(now: Date, mode: OwnershipMode = 'auto'): OwnershipResult {
    const ownership = mode === 'force' || (mode === 'auto' && this.ownershipEnabled);
    // owner/unreferenced needs every file's references: not while a scan runs, nor for staged files only.
    this.result = ownership ? evaluateWithCertificates(this.state, this.files.values(), now, this.coverage.complete)
      : evaluateCertificates(this.files.values(), now, this.state.options);
    this.changed();
    return this.result;
  }

  /** The last evaluation (undefined: not evaluated yet); with ownership off, only the certificate checks'. */
  ownership(): OwnershipResult | undefined {
    return this.result;
  }

  setCoverage(c: Partial<Coverage>): void {
    this.coverage = { ...this.coverage, ...c };
    this.changed();
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  private collect(keep: (f: Finding) => boolean): Finding[] {
    const out: Finding[] = [];
    for (const a of this.files.values()) for (const f of a.findings) if (keep(f)) out.push(f);
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.offset.start - b.offset.start));
  }
}
