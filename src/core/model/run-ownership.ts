// Ownership over files on disk for a one-shot run that has no model yet (tests, the benchmark's
// baseline): analyzes what it was not given, then evaluates as the CLI reports it. The CLI itself builds
// the workspace model (build.ts), which reads each file once.
import { existsSync } from 'node:fs';
import type { FileAnalysis } from '../analysis/analyze';
import { engineOptionsFrom, toEngineOptions } from '../config/load';
import { ownershipOptions } from '../config/ownership';
import type { Config } from '../config/schema';
import type { Finding } from '../findings';
import { emptyRegister } from '../ownership/register';
import { OwnershipState } from '../ownership/state';
import { ownershipSourceFiles, readUnanalyzedSources, scopedRun, type OwnershipRun } from '../ownership/workspace';
import { scanTask, type GivenSource } from '../run/file';
import { listTasks } from '../run/scanner';
import { Engine } from '../scan/engine';
import { evaluateCertificates } from '../certs/channel';
import { evaluateWithCertificates } from '../certs/evaluate';
import { ownershipEnabled } from '../vocabulary';

export interface OwnershipRunRequest {
  roots: string[];
  base: string;
  config: Config;
  configDir?: string;
  /**
   * Each scanned file's analysis (analysis/analyze.ts, with references and ownership sources' text):
   * nothing is read again. Without them the files are analyzed here (a second read: tests only).
   */
  analyses?: Iterable<FileAnalysis>;
  /** The scan's unsuppressed findings: literal secrets are references too (default: the analyses'). */
  findings?: readonly Finding[];
  now: Date;
  /** Texts to use instead of reading `roots` (staged files, unsaved editors). */
  sources?: GivenSource[];
  /** Evaluate even when the workspace has not opted in (the inventory command). */
  force?: boolean;
  signal?: AbortSignal;
}

export async function runOwnership(req: OwnershipRunRequest): Promise<OwnershipRun> {
  const files = ownershipSourceFiles(req.base, req.config, req.configDir);
  const state = new OwnershipState(files.register.name, ownershipOptions(req.config.ownership));
  const staged = req.sources?.some((s) => s.rel === files.register.name);
  const enabled = ownershipEnabled(req.config, staged || existsSync(files.register.file));
  const wanted = enabled || Boolean(req.force);
  let analyses = req.analyses;
  if (!analyses) {
    const tasks = await listTasks({ roots: req.roots, base: req.base, config: req.config, sources: req.sources, signal: req.signal });
    const analyzer = { engine: new Engine(toEngineOptions(engineOptionsFrom(req.config))), options: wanted ? { references: true, registerPath: files.register.name } : { references: false, certificates: true } };
    const out: FileAnalysis[] = [];
    for (const t of tasks) {
      if (req.signal?.aborted) break;
      out.push(await scanTask(analyzer, t, req.config.maxFileSize));
    }
    analyses = out;
  }
  if (!wanted) {
    // Ownership is off: the certificate checks still run, over the files' certificate facts.
    return { ...evaluateCertificates(analyses, req.now, state.options), enabled: false, register: emptyRegister(files.register.name), references: [] };
  }
  const byPath = new Map<string, FileAnalysis>();
  for (const a of analyses) {
    byPath.set(a.path, a);
    state.setAnalysis(a.path, req.findings ? { ...a, findings: [] } : a);
  }
  state.setFileOrder(byPath.keys());
  await readUnanalyzedSources(state, (rel) => byPath.get(rel), req.base, req.config, req.configDir);
  if (req.findings) for (const [p, fs] of groupByPath(req.findings)) state.setSecretFindings(p, fs);
  const result = evaluateWithCertificates(state, byPath.values(), req.now);
  return scopedRun(result, state.currentRegister, state.references(), { roots: req.roots, registerFile: files.register.file, scanned: new Set(byPath.keys()) });
}

function groupByPath(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) out.set(f.path, [...(out.get(f.path) ?? []), f]);
  return out;
}
