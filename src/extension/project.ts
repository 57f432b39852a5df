// Per workspace folder: its `.credential-hygiene.json` merged with the user's settings, the engine
// built from it, and its baseline. In an untrusted workspace the folder's custom rules (regexes from
// the workspace) are not run.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkGlobs, engineOptionsFrom, loadConfigAsync, toEngineOptions } from '../core/config/load';
import { defaultConfig } from '../core/config/defaults';
import { BASELINE_FILE } from '../core/config/files';
import type { Config } from '../core/config/schema';
import { UserError } from '../core/errors';
import { Engine } from '../core/scan/engine';
import { BaselineMatcher, legacyBaselineMessage, legacyEntryCount, readBaselineAsync, type Baseline } from '../core/suppress/baseline';
import { log } from './logger';
import { readSettings } from './settings';
import { notify } from './ui';

export { BASELINE_FILE };

export interface Project {
  folder: vscode.WorkspaceFolder | undefined;
  root: string;
  /** Folder the config file is in: its relative paths resolve against it. */
  configDir: string;
  config: Config;
  engine: Engine;
  baseline?: Baseline;
  baselineFile: string;
  matcher?: BaselineMatcher;
  /** A problem with the config or baseline, shown once; scanning goes on with defaults. */
  problem?: string;
  /** The config's and baseline's texts by absolute path: the workspace scan analyzes them without reading them again. */
  texts: ReadonlyMap<string, string>;
}

// Projects load asynchronously: the config, baseline and the files they name come from the
// workspace, and the extension host's main thread must keep answering whatever they turn out to be.
const cache = new Map<string, { promise: Promise<Project>; value?: Project }>();
/** Problems already shown to the user (each once per session). */
const shown = new Set<string>();

export function invalidateProjects(): void {
  cache.clear();
}

function rootOf(uri: vscode.Uri): { folder: vscode.WorkspaceFolder | undefined; root: string } {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return { folder, root: folder?.uri.fsPath ?? path.dirname(uri.fsPath) };
}

export function projectFor(uri: vscode.Uri): Promise<Project> {
  const { folder, root } = rootOf(uri);
  let entry = cache.get(root);
  if (!entry) {
    const e: { promise: Promise<Project>; value?: Project } = { promise: loadProject(folder, root) };
    e.promise.then((p) => (e.value = p), () => undefined);
    cache.set(root, e);
    entry = e;
  }
  return entry.promise;
}

/**
 * The project if it has loaded, else one with the defaults (and loading starts): for callers that must
 * answer synchronously (hovers). Never reads a file on this thread.
 */
export function loadedProjectFor(uri: vscode.Uri): Project {
  const { folder, root } = rootOf(uri);
  void projectFor(uri);
  return cache.get(root)?.value ?? defaultProject(folder, root);
}

function defaultProject(folder: vscode.WorkspaceFolder | undefined, root: string): Project {
  const config = withSettings(defaultConfig(), []);
  return { folder, root, configDir: root, config, baselineFile: path.join(root, BASELINE_FILE), engine: new Engine(toEngineOptions(engineOptionsFrom(config))), texts: new Map() };
}

/** The user's include/exclude settings join the config's; refused globs are dropped, with a message. */
function withSettings(config: Config, problems: string[]): Config {
  const settings = readSettings();
  const fromSettings = { include: [...settings.include], exclude: [...settings.exclude] };
  problems.push(...checkGlobs(fromSettings, 'settings credentialHygiene.include/exclude', { dropBadGlobs: true }));
  return {
    ...config,
    include: [...(config.include ?? []), ...fromSettings.include],
    exclude: [...(config.exclude ?? []), ...fromSettings.exclude],
    maxFileSize: settings.maxFileSize,
    // One minimum confidence: the editor's setting when someone set it, else the project's (as the CLI).
    minConfidence: settings.minConfidence ?? config.minConfidence,
  };
}

async function loadProject(folder: vscode.WorkspaceFolder | undefined, root: string): Promise<Project> {
  let config: Config;
  const problems: string[] = [];
  const texts = new Map<string, string>();
  let configDir = root;
  try {
    const loaded = await loadConfigAsync(root, undefined, { dropBadGlobs: true, texts });
    config = loaded.config;
    configDir = loaded.dir;
    for (const w of loaded.warnings) log().warn(w);
    problems.push(...loaded.globProblems);
  } catch (e) {
    problems.push(e instanceof UserError ? e.message : String(e));
    config = defaultConfig(); // a broken config file must not stop scanning
  }
  if (!vscode.workspace.isTrusted && config.customRules.length) {
    log().info(`untrusted workspace: not running ${config.customRules.length} custom rule(s) from ${root}`);
    config = { ...config, customRules: [] };
  }
  config = withSettings(config, problems);
  const baselineFile = path.resolve(configDir, config.baseline ?? BASELINE_FILE);
  let baseline: Baseline | undefined;
  try {
    baseline = await readBaselineAsync(baselineFile, { root, texts });
  } catch (e) {
    if (config.baseline || !String((e as Error).message).includes('ENOENT')) problems.push((e as Error).message);
  }
  const problem = problems.length ? problems.join('\n') : undefined;
  for (const p of problems) {
    log().error(p);
    if (!shown.has(p)) {
      shown.add(p);
      void notify('warning', vscode.l10n.t('Credential Hygiene: {0}', p));
    }
  }
  // v1 fingerprints are computed only while the baseline still has v1 entries.
  const legacy = baseline ? legacyEntryCount(baseline) : 0;
  if (legacy) log().warn(legacyBaselineMessage(legacy, baselineFile));
  return {
    folder, root, configDir, config, baselineFile, baseline, problem, texts,
    engine: new Engine({ ...toEngineOptions(engineOptionsFrom(config)), legacyFingerprints: legacy > 0 }),
    matcher: baseline ? new BaselineMatcher(baseline) : undefined,
  };
}

/** Workspace-relative POSIX path, as the engine and the reports use. */
export function relativePath(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return path.basename(uri.fsPath);
  return path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
}
