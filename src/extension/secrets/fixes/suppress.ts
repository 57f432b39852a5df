// Suppressing, always with a reason: an inline `credential-hygiene:allow` comment above the line, or
// an entry in the baseline (keyed by fingerprint, so it survives moved lines).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE } from '../../../core/config/files';
import { fingerprint, fingerprintRule } from '../../../core/findings';
import { ensureProjectSalt } from '../../../core/salt';
import { readBaselineAsync, writeBaseline, type Baseline } from '../../../core/suppress/baseline';
import { invalidateProjects, projectFor, relativePath } from '../../project';
import { currentPrompter, notify } from '../../ui';
import { commentFor } from './comments';
import type { Target } from './target';

export function canSuppressInline(doc: vscode.TextDocument): boolean {
  return commentFor(doc.languageId, 'x') !== undefined;
}

export async function suppressInline(target: Target, reason?: string): Promise<boolean> {
  reason ??= await currentPrompter().askReason(vscode.l10n.t('Why is this value allowed here?'));
  if (!reason) return false;
  const line = target.doc.lineAt(target.range.start.line);
  const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
  const comment = commentFor(target.doc.languageId, `credential-hygiene:allow ${reason}`);
  if (!comment) return false;
  const edit = new vscode.WorkspaceEdit();
  edit.insert(target.doc.uri, line.range.start, `${indent}${comment}\n`);
  return vscode.workspace.applyEdit(edit);
}

export async function addToBaseline(target: Target, reason?: string): Promise<boolean> {
  reason ??= await currentPrompter().askReason(vscode.l10n.t('Why is this finding accepted?'));
  if (!reason) return false;
  const project = await projectFor(target.doc.uri);
  let baseline: Baseline;
  try {
    baseline = await readBaselineAsync(project.baselineFile, { root: project.root });
  } catch (e) {
    if (!/ENOENT/.test((e as Error).message)) {
      void notify('error', vscode.l10n.t('Credential Hygiene: {0}; the baseline was not changed.', (e as Error).message));
      return false;
    }
    baseline = { version: 1, entries: [] };
  }
  const f = target.finding;
  // A baseline is shared: its fingerprints need the project's salt (added to the config if missing),
  // not this machine's.
  const configFile = path.join(project.configDir, CONFIG_FILE);
  const { salt, added } = ensureProjectSalt(configFile, project.root);
  const fp = fingerprint(fingerprintRule(f), target.secret, salt, f.kind);
  if (!baseline.entries.some((e) => e.fingerprint === fp)) {
    baseline.entries.push({ fingerprint: fp, ruleId: f.ruleId, path: relativePath(target.doc.uri), reason, added: new Date().toISOString().slice(0, 10) });
  }
  writeBaseline(project.baselineFile, baseline, project.root);
  invalidateProjects();
  const accepted = vscode.l10n.t('Accepted in {0}: "{1}".', vscode.workspace.asRelativePath(project.baselineFile), reason);
  const salted = added ? vscode.l10n.t('A random fingerprintSalt was added to {0}: commit it with the baseline.', vscode.workspace.asRelativePath(configFile)) : undefined;
  void notify('info', salted ? `${accepted} ${salted}` : accepted);
  return true;
}
