// A fix acts on the document as it is now: findings are recomputed from its current text (cheap), so
// a stale diagnostic can never make a fix edit the wrong characters. The secret is read from the
// text in memory, used, and dropped: it is never logged or shown.
import * as vscode from 'vscode';
import type { Finding } from '../../../core/findings';
import type { FindingsStore } from '../diagnostics/findings-store';
import { loadedProjectFor, projectFor, relativePath } from '../../project';

export interface Target {
  doc: vscode.TextDocument;
  finding: Finding;
  secret: string;
  range: vscode.Range;
}

/** Serializable reference to a finding, passed as a command argument (no secret in it). */
export interface FindingRef {
  uri: string;
  ruleId: string;
  fingerprint: string;
}

export function refOf(doc: vscode.TextDocument, f: Finding): FindingRef {
  return { uri: doc.uri.toString(), ruleId: f.ruleId, fingerprint: f.fingerprint };
}

/** The findings behind this document's diagnostics, at their current positions (hovers, quick-fixes). */
export function shownFindings(store: FindingsStore, doc: vscode.TextDocument): Finding[] {
  return store.shown(doc, () => currentFindings(doc));
}

/** Synchronous: with the project as loaded so far (the defaults until its config is read). */
export function currentFindings(doc: vscode.TextDocument): Finding[] {
  return loadedProjectFor(doc.uri).engine.scanText(doc.getText(), relativePath(doc.uri)).filter((f) => !f.suppressed);
}

/** With the project's config loaded (off the main thread). */
export async function currentFindingsAsync(doc: vscode.TextDocument): Promise<Finding[]> {
  return (await projectFor(doc.uri)).engine.scanText(doc.getText(), relativePath(doc.uri)).filter((f) => !f.suppressed);
}

export function toTarget(doc: vscode.TextDocument, f: Finding): Target {
  const text = doc.getText();
  return { doc, finding: f, secret: text.slice(f.offset.start, f.offset.end), range: new vscode.Range(doc.positionAt(f.offset.start), doc.positionAt(f.offset.end)) };
}

export async function resolveTarget(ref: FindingRef): Promise<Target | undefined> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri));
  const f = (await currentFindingsAsync(doc)).find((x) => x.ruleId === ref.ruleId && x.fingerprint === ref.fingerprint);
  return f ? toTarget(doc, f) : undefined;
}
