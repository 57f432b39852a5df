// Per workspace folder: its `.credential-hygiene.json` merged with the user's settings, the engine
// built from it, and its baseline. In an untrusted workspace the folder's custom rules (regexes from
// the workspace) are not run.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { engineOptionsFrom, loadConfig, toEngineOptions } from '../core/config/load';
import { ConfigSchema, type Config } from '../core/config/schema';
import { UserError } from '../core/errors';
import { Engine } from '../core/scan/engine';
import { BaselineMatcher, legacyBaselineMessage, legacyEntryCount, readBaseline, type Baseline } from '../core/suppress/baseline';
import { log } from './logger';
import { readSettings } from './settings';

export const BASELINE_FILE = '.credential-hygiene-baseline.json';

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
}

const cache = new Map<string, Project>();

export function invalidateProjects(): void {
  cache.clear();
}

export function projectFor(uri: vscode.Uri): Project {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const root = folder?.uri.fsPath ?? path.dirname(uri.fsPath);
  let p = cache.get(root);
  if (!p) {
    p = loadProject(folder, root);
    cache.set(root, p);
  }
  return p;
}

function loadProject(folder: vscode.WorkspaceFolder | undefined, root: string): Project {
  const settings = readSettings();
  let config: Config;
  let problem: string | undefined;
  let configDir = root;
  try {
    const loaded = loadConfig(root);
    config = loaded.config;
    configDir = loaded.dir;
    for (const w of loaded.warnings) log().warn(w);
  } catch (e) {
    problem = e instanceof UserError ? e.message : String(e);
    config = ConfigSchema.parse({}); // a broken config file must not stop scanning
  }
  if (!vscode.workspace.isTrusted && config.customRules.length) {
    log().info(`untrusted workspace: not running ${config.customRules.length} custom rule(s) from ${root}`);
    config = { ...config, customRules: [] };
  }
  config = {
    ...config,
    include: [...(config.include ?? []), ...settings.include],
    exclude: [...(config.exclude ?? []), ...settings.exclude],
    maxFileSize: settings.maxFileSize,
  };
  const baselineFile = path.resolve(configDir, config.baseline ?? BASELINE_FILE);
  let baseline: Baseline | undefined;
  try {
    baseline = readBaseline(baselineFile);
  } catch (e) {
    if (config.baseline || !String((e as Error).message).includes('ENOENT')) problem ??= (e as Error).message;
  }
  if (problem) log().error(problem);
  // v1 fingerprints are computed only while the baseline still has v1 entries.
  const legacy = baseline ? legacyEntryCount(baseline) : 0;
  if (legacy) log().warn(legacyBaselineMessage(legacy, baselineFile));
  return {
    folder, root, configDir, config, baselineFile, baseline, problem,
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
