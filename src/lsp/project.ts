// Per workspace folder, as the extension's project (src/extension/project.ts): `.credential-hygiene.json`
// merged with the client's settings, the baseline, and the analysis workers built from them. Untrusted
// (the default), the folder's custom rules are not run, exactly as in VS Code's Restricted Mode; git
// runs only when trusted (git-state.ts).
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { checkGlobs, engineOptionsFrom, loadConfigAsync, type SerializableEngineOptions } from '../core/config/load';
import { defaultConfig } from '../core/config/defaults';
import { BASELINE_FILE, CONFIG_FILE } from '../core/config/files';
import type { Config } from '../core/config/schema';
import { UserError } from '../core/errors';
import { availableParallelism } from '../core/node-os';
import { readBounded } from '../core/files/bounded';
import { BaselineMatcher, legacyEntryCount, readBaselineAsync, type Baseline } from '../core/suppress/baseline';
import type { AnalysisOptions } from '../core/analysis/analyze';
import { analysisOptionsFor } from '../core/model/workspace-model';
import { ownershipEnabled, REGISTER_FILE } from '../core/vocabulary';
import type { LspSettings } from './settings';
import { AnalysisWorkers } from './workers';

export interface Project {
  root: string;
  configDir: string;
  config: Config;
  engineOptions: SerializableEngineOptions;
  baseline?: Baseline;
  baselineFile: string;
  matcher?: BaselineMatcher;
  /** Absolute path of the ownership register (whether or not it exists). */
  registerFile: string;
  /** Whether the ownership checks run in this folder (the one rule, vocabulary.ts), as it loaded. */
  ownership: boolean;
  /** What each file's analysis holds: with ownership on, references and the ownership sources' text too. */
  analysis: AnalysisOptions;
  workers: AnalysisWorkers;
  /** Problems with the config or baseline (scanning goes on with the defaults). */
  problems: string[];
}

/** Cap for the small files fixes read and rewrite (.env, .gitignore, the register, the baseline). */
export const EDIT_MAX_BYTES = 8 * 1024 * 1024;

export type FileRead = { text: string } | { missing: true } | { refused: string };

/** A workspace file through the bounded reader: a FIFO, a device, a link out of `root` is refused, not read. */
export async function readWorkspaceFile(file: string, root: string, maxBytes = EDIT_MAX_BYTES): Promise<FileRead> {
  const r = await readBounded(file, { maxBytes, root });
  if (r.ok) return { text: new TextDecoder().decode(r.bytes) };
  if (r.code === 'ENOENT') return { missing: true };
  return { refused: r.reason === 'not-a-file' ? `it is ${r.detail}` : r.detail };
}

export interface ProjectOptions {
  settings(): LspSettings;
  trusted(): boolean;
  log(message: string): void;
}

export class Projects {
  private readonly cache = new Map<string, Promise<Project>>();

  constructor(private folders: string[], private readonly o: ProjectOptions) {}

  setFolders(folders: string[]): void {
    this.folders = folders;
    void this.invalidate();
  }

  get roots(): readonly string[] {
    return this.folders;
  }

  /** The folder a file belongs to: the innermost workspace folder holding it, else its own folder. */
  rootOf(file: string): string {
    let best: string | undefined;
    for (const f of this.folders) {
      const rel = path.relative(f, file);
      if (rel && !rel.startsWith('..') && !path.isAbsolute(rel) && (!best || f.length > best.length)) best = f;
    }
    return best ?? path.dirname(file);
  }

  forFile(file: string): Promise<Project> {
    return this.forRoot(this.rootOf(file));
  }

  forRoot(root: string): Promise<Project> {
    let p = this.cache.get(root);
    if (!p) {
      p = this.load(root);
      this.cache.set(root, p);
    }
    return p;
  }

  /** Whether `file` is one a project's set-up comes from: its config, its baseline, or the register. */
  async isProjectFile(file: string): Promise<boolean> {
    const root = this.rootOf(file);
    if (path.basename(file) === CONFIG_FILE) return true;
    const p = this.cache.get(root);
    if (!p) return false;
    const project = await p;
    return file === project.baselineFile || file === project.registerFile;
  }

  /** Forgets every loaded project (settings, trust or a config changed); their workers stop. */
  async invalidate(): Promise<void> {
    const old = [...this.cache.values()];
    this.cache.clear();
    await Promise.all(old.map(async (p) => (await p).workers.close()));
  }

  private async load(root: string): Promise<Project> {
    const settings = this.o.settings();
    const problems: string[] = [];
    let config: Config;
    let configDir = root;
    try {
      const loaded = await loadConfigAsync(root, undefined, { dropBadGlobs: true });
      config = loaded.config;
      configDir = loaded.dir;
      for (const w of loaded.warnings) this.o.log(w);
      problems.push(...loaded.globProblems);
    } catch (e) {
      problems.push(e instanceof UserError ? e.message : String(e));
      config = defaultConfig(); // a broken config file must not stop scanning
    }
    if (!this.o.trusted() && config.customRules.length) {
      this.o.log(`untrusted workspace: not running ${config.customRules.length} custom rule(s) from ${root}`);
      config = { ...config, customRules: [] };
    }
    const fromSettings = { include: [...settings.include], exclude: [...settings.exclude] };
    problems.push(...checkGlobs(fromSettings, 'settings credentialHygiene.include/exclude', { dropBadGlobs: true }));
    config = {
      ...config,
      include: [...(config.include ?? []), ...fromSettings.include],
      exclude: [...(config.exclude ?? []), ...fromSettings.exclude],
      maxFileSize: settings.maxFileSize,
      minConfidence: settings.minConfidence ?? config.minConfidence,
    };
    const baselineFile = path.resolve(configDir, config.baseline ?? BASELINE_FILE);
    let baseline: Baseline | undefined;
    try {
      baseline = await readBaselineAsync(baselineFile, { root });
    } catch (e) {
      if (config.baseline || !String((e as Error).message).includes('ENOENT')) problems.push((e as Error).message);
    }
    for (const p of problems) this.o.log(p);
    const legacy = baseline ? legacyEntryCount(baseline) : 0;
    const engineOptions = { ...engineOptionsFrom(config), legacyFingerprints: legacy > 0 };
    // Findings and certificates always (the certificate checks need no register); references and the
    // ownership sources' text only when ownership is on (a stat of the register: the scan reads it).
    const registerFile = path.resolve(configDir, config.ownership?.register ?? REGISTER_FILE);
    const ownership = ownershipEnabled(config, await stat(registerFile).then(() => true, () => false));
    const analysis: AnalysisOptions = ownership ? { ...analysisOptionsFor({ base: root, config, configDir }), certificates: true } : { references: false, certificates: true };
    const workers = new AnalysisWorkers(
      // Findings are named without their fingerprint (present.ts findingId), and an accepted one's is
      // computed from its secret (actions.ts): only those the baseline could match carry one.
      { engine: engineOptions, maxFileSize: config.maxFileSize, analysis, fingerprintRules: [...new Set(baseline?.entries.map((e) => e.ruleId) ?? [])] },
      // Two or more for a workspace folder (a hostile document keeps only one busy); one for a file
      // opened from outside the folders, whose own folder is its project.
      this.folders.includes(root) ? Math.max(2, Math.min(4, availableParallelism())) : 1, settings.analysisTimeoutMs, this.o.log,
    );
    return {
      root, configDir, config, engineOptions, baseline, baselineFile, problems, workers, registerFile, ownership, analysis,
      matcher: baseline ? new BaselineMatcher(baseline) : undefined,
    };
  }
}
