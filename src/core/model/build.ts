// The workspace model for a one-shot run (the CLI, the benchmark): walk once, analyze every file once
// on workers (findings, references, ownership sources' text), feed the model as analyses stream in,
// read only the ownership files the walk did not reach, and evaluate.
import type { ResultsCache } from '../run/results-cache';
import type { Confidence } from '../types/kinds';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Config } from '../config/schema';
import { readUnanalyzedSources, scopedRun, type OwnershipRun } from '../ownership/workspace';
import { scan, type ScanProgress, type ScanSummary } from '../run/scanner';
import type { GivenSource } from '../run/file';
import type { Baseline } from '../suppress/baseline';
import { WorkspaceModel, type OwnershipMode } from './workspace-model';
import { monotonicMs } from '../clock';

export type { OwnershipMode } from './workspace-model';

export interface BuildRequest {
  /** Absolute files or folders to analyze. */
  roots: string[];
  /** Folder that paths are relative to. */
  base: string;
  config: Config;
  /** Folder of the config file (the register path resolves against it); default `base`. */
  configDir?: string;
  baseline?: Baseline;
  /** Evaluation time (expiry, rotation). */
  now: Date;
  /** Injected "today" (YYYY-MM-DD) for baseline expiry. */
  today?: string;
  /** Texts to analyze instead of reading `roots` (the git index). */
  sources?: GivenSource[];
  ownership?: OwnershipMode;
  /** Texts already read by absolute path (the config, the baseline): not read again by the scan. */
  known?: ReadonlyMap<string, string>;
  signal?: AbortSignal;
  onProgress?(p: ScanProgress): void;
  workers?: number;
  /** Findings below this confidence carry no fingerprint (ScanRequest.fingerprintsFrom). */
  fingerprintsFrom?: Confidence;
  /** Results kept between runs (ScanRequest.cache). */
  cache?: ResultsCache;
}

export interface BuiltModel {
  model: WorkspaceModel;
  summary: ScanSummary;
  /**
   * Ownership as the CLI reports it (scoped to the files scanned); with ownership off (`enabled: false`)
   * only the certificate checks' findings and entries. Undefined when cancelled.
   */
  ownership?: OwnershipRun;
  /** Milliseconds from the start to a complete, evaluated model. */
  durationMs: number;
}

export async function buildWorkspaceModel(req: BuildRequest): Promise<BuiltModel> {
  const started = monotonicMs();
  const mode = req.ownership ?? 'auto';
  const probe = new WorkspaceModel({ base: req.base, config: req.config, configDir: req.configDir });
  // Whether the register exists decides whether ownership runs: a stat, not a read (the scan reads it).
  const registerExists = Boolean(req.sources?.some((s) => s.rel === probe.registerPath)) || existsSync(probe.registerFile);
  const model = new WorkspaceModel(probe.project, registerExists);
  const wanted = mode === 'force' || (mode === 'auto' && model.ownershipEnabled);
  // The scan walks and analyzes at once; the walk's order is the model's file order.
  const summary = await scan({
    onListed: (tasks) => model.state.setFileOrder(tasks.map((t) => t.rel)), known: req.known,
    roots: req.roots, base: req.base, config: req.config, baseline: req.baseline, sources: req.sources, today: req.today,
    signal: req.signal, onProgress: req.onProgress, workers: req.workers, fingerprintsFrom: req.fingerprintsFrom, cache: req.cache,
    // Without ownership, each file's analysis still finds its certificates (the certificate checks run anyway).
    analysis: wanted ? model.analysisOptions : { references: false, certificates: true },
    onResult: (a) => model.setAnalysis(a.path, a),
  });
  // Complete: the walk listed the whole folder the register is in (not staged texts, not a subfolder).
  const whole = !req.sources && req.roots.some((r) => isInside(path.dirname(model.registerFile), r));
  model.setCoverage({ files: summary.files, skipped: summary.skipped, complete: !summary.cancelled && whole });
  if (summary.cancelled) return { model, summary, durationMs: monotonicMs() - started };
  if (!wanted) {
    const certificates = model.evaluate(req.now, 'off');
    const off: OwnershipRun = { ...certificates, enabled: false, register: model.state.currentRegister, references: [] };
    return { model, summary, ownership: off, durationMs: monotonicMs() - started };
  }
  await readUnanalyzedSources(model.state, (rel) => model.analysis(rel), req.base, req.config, req.configDir);
  const result = model.evaluate(req.now, mode);
  const scanned = new Set<string>();
  for (const a of model.analyses()) scanned.add(a.path);
  const ownership = scopedRun(result, model.state.currentRegister, model.references(), { roots: req.sources ? [] : req.roots, registerFile: model.registerFile, scanned });
  return { model, summary, ownership, durationMs: monotonicMs() - started };
}

function isInside(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
