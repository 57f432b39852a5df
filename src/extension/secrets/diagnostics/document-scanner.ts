// Live diagnostics for open documents: each change schedules a scan of that document only, after a
// short pause in typing. Results go to the findings store.
import * as vscode from 'vscode';
import { analyze, type TextAnalysis } from '../../../core/analysis/analyze';
import type { FileResult } from '../../../core/run/file';
import { scan } from '../../../core/run/scanner';
import type { Finding } from '../../../core/findings';
import { analysisOptionsFor } from '../../../core/model/workspace-model';
import { isEnvFile } from '../../../core/scan/env-file';
import { log } from '../../logger';
import { projectFor, relativePath } from '../../project';
import { readSettings } from '../../settings';
import type { FindingsStore } from './findings-store';
import { envFileState } from './git-state';

/** Documents we never scan: output panes, git's own views, our settings UI. */
const SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-userdata']);

export function scannable(doc: vscode.TextDocument): boolean {
  return SCHEMES.has(doc.uri.scheme) && doc.languageId !== 'log';
}

/** A text's analysis (analysis/analyze.ts) as the editor shows it: open findings apart from suppressed ones. */
export interface EditorAnalysis extends Omit<TextAnalysis, 'timedOut'> {
  findings: Finding[];
  suppressed: Finding[];
}

/** Receives every analysis the editor makes (the ownership manager): one analysis feeds both faces. */
export interface AnalysisSink {
  accept(uri: vscode.Uri, analysis: EditorAnalysis, live: boolean): void;
}

/**
 * Analyzes `text` as the file at `uri` (findings, credential references, an ownership source's text)
 * and applies what the editor adds to the engine: baseline matching, and `.env` files that git
 * ignores holding secrets by design.
 */
export async function findingsFor(uri: vscode.Uri, text: string): Promise<EditorAnalysis> {
  const project = await projectFor(uri);
  const rel = relativePath(uri);
  if (text.length > project.config.maxFileSize) {
    log().info(`skipped ${rel}: larger than credentialHygiene.maxFileSize`);
    return { findings: [], suppressed: [] };
  }
  const { timedOut, findings: all, ...rest } = analyze(text, rel, { engine: project.engine, options: analysisOptionsFor({ base: project.root, config: project.config, configDir: project.configDir }) });
  if (timedOut) log().warn(`custom rule "${timedOut.ruleId}" ran out of its ${timedOut.budgetMs} ms budget on ${rel}; later custom rules did not run on it`);
  if (isEnvFile(rel) && all.length && (await envFileState(uri)) === 'ignored') {
    return { findings: [], suppressed: [], ...rest }; // a git-ignored .env is where local secrets belong
  }
  return { ...partition(all, project.matcher), ...rest };
}

/**
 * A binary file's analysis (a private key file or a PKCS#12 store, read for its structure, as the
 * workspace scan reads it), or undefined when it is some other binary file. On a scan worker: reading a
 * store tries its default passwords (rounds of key derivation), which the extension host must not wait for.
 */
export async function binaryFindingsFor(uri: vscode.Uri, bytes: Uint8Array): Promise<EditorAnalysis | undefined> {
  const project = await projectFor(uri);
  let result: FileResult | undefined;
  await scan({
    roots: [], sources: [{ rel: relativePath(uri), bytes }], base: project.root, config: project.config, baseline: project.baseline, workers: 1,
    analysis: analysisOptionsFor({ base: project.root, config: project.config, configDir: project.configDir }),
    onResult: (r) => (result = r),
  });
  if (!result || result.skipped) return undefined;
  const { findings: all, path: _path, bytes: _bytes, skipped: _skipped, ...rest } = result;
  return { ...partition(all, undefined), ...rest };
}

/** Findings apart from the suppressed ones, the baseline applied (none given: as a scan already applied it). */
function partition(all: readonly Finding[], matcher: { match(f: Finding): { reason: string } | undefined } | undefined): { findings: Finding[]; suppressed: Finding[] } {
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of all) {
    const entry = f.suppressed ? undefined : matcher?.match(f);
    if (entry) f.suppressed = { by: 'baseline', reason: entry.reason };
    delete f.legacyFingerprints; // a fast hash under a public salt: never in a report
    (f.suppressed ? suppressed : findings).push(f);
  }
  return { findings, suppressed };
}

export class DocumentScanner implements vscode.Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly generation = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Gets each open document's analysis too (ownership), so the text is analyzed once per pause. */
  sink: AnalysisSink | undefined;

  constructor(private readonly store: FindingsStore) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length) this.schedule(e.document, readSettings().debounceMs);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // An unsaved, untitled document leaves nothing behind; a file keeps its on-disk findings
        // until the next workspace scan or file event replaces them.
        if (d.isUntitled) store.delete(d.uri);
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** Scans now and resolves when the store holds the result (used by commands and tests). */
  async scanNow(doc: vscode.TextDocument): Promise<void> {
    if (!scannable(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const gen = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, gen);
    const version = doc.version;
    try {
      const r = await findingsFor(doc.uri, doc.getText());
      // A newer edit started its own scan meanwhile: this result is stale.
      if (this.generation.get(key) !== gen || doc.version !== version) return;
      this.store.set({ uri: doc.uri, findings: r.findings, suppressed: r.suppressed, version, unusedAllows: r.unusedAllows });
      this.sink?.accept(doc.uri, r, true);
    } catch (e) {
      log().error(`scan of ${relativePath(doc.uri)} failed: ${(e as Error).message}`);
    }
  }

  schedule(doc: vscode.TextDocument, delayMs: number): void {
    if (!scannable(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => void this.scanNow(doc), delayMs));
  }

  rescanOpen(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
