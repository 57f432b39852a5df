// Fix all of one kind, in a file or the whole workspace. The user asked for a named bulk action, so
// it applies directly (no refactor preview to confirm) and then says what happened, with Undo:
//   1. every value goes to `.env` first (read back), `NAME=` to `.env.example`;
//   2. each file's code change is one edit (so Ctrl+Z in that file undoes that file's moves), applied
//      only if the file is still the text it was planned on;
//   3. each file is checked: a value whose code change did not land is taken back out of `.env` and
//      `.env.example` (nothing half-done);
//   4. the notification names what moved, under which names, and how many were left.
import * as vscode from 'vscode';
import { readEnv } from '../../../core/fix/dotenv-edit';
import type { TextEdit } from '../../../core/fix/env-lookup';
import { log } from '../../logger';
import type { FindingsStore } from '../diagnostics/findings-store';
import { relativePath } from '../../project';
import { notify } from '../../ui';
import { addEdits, persistToEnv, planMoves, styleFor, takeBackOut, withEdits, type EnvRecord, type PlannedMove } from './move-to-env';
import { currentFindingsAsync, toTarget, type Target } from './target';
import type { MoveUndoWatcher } from './undo-watch';
import { readWorkspaceFile } from '../../workspace-read';

export interface FixAllOptions {
  /** Only findings of this rule (the "one kind"); all rules when absent. */
  ruleId?: string;
  /** One file, or every file with findings. */
  uri?: vscode.Uri;
}

/** One document's share of a fix-all: the text it was planned on, its moves and its single edit. */
export interface DocumentMove {
  doc: vscode.TextDocument;
  version: number;
  before: string;
  plans: PlannedMove[];
  edits: TextEdit[];
}

export interface FixAllPlan {
  docs: DocumentMove[];
  /** What `.env` / `.env.example` got, per name. */
  records: EnvRecord[];
}

export interface FixAllResult {
  /** Moves whose code change landed. */
  moved: PlannedMove[];
  /** Moves left in place, with why. */
  left: Array<{ plan: PlannedMove; why: string }>;
  /** What stays added to `.env` (the Undo takes these out). */
  records: EnvRecord[];
  /** Per changed document: the text to restore and the text it was changed to. */
  changed: Array<{ doc: vscode.TextDocument; before: string; after: string }>;
}

async function targets(store: FindingsStore, o: FixAllOptions): Promise<Target[]> {
  const uris = o.uri ? [o.uri] : store.all().map((e) => e.uri);
  const out: Target[] = [];
  for (const uri of uris) {
    const doc = await vscode.workspace.openTextDocument(uri);
    if (!styleFor(doc)) continue;
    for (const f of await currentFindingsAsync(doc)) if (!o.ruleId || f.ruleId === o.ruleId) out.push(toTarget(doc, f));
  }
  return out;
}

/** Plans every move and writes `.env` per folder; the code is not touched yet (exported for the tests). */
export async function buildFixAll(store: FindingsStore, o: FixAllOptions): Promise<FixAllPlan | undefined> {
  const all = await targets(store, o);
  if (!all.length) return undefined;
  const byFolder = new Map<string, Target[]>();
  for (const t of all) {
    const folder = vscode.workspace.getWorkspaceFolder(t.doc.uri)?.uri ?? vscode.Uri.joinPath(t.doc.uri, '..');
    byFolder.set(folder.toString(), [...(byFolder.get(folder.toString()) ?? []), t]);
  }
  const docs: DocumentMove[] = [];
  const records: EnvRecord[] = [];
  for (const [folder, list] of byFolder) {
    const folderUri = vscode.Uri.parse(folder);
    const envRead = await readWorkspaceFile(vscode.Uri.joinPath(folderUri, '.env'));
    if ('refused' in envRead) throw new Error(`.env cannot be read: ${envRead.refused}`);
    const env = readEnv('text' in envRead ? envRead.text : ''); // missing: no .env yet
    // Plan documents separately (one document's plans repeat its missing import) and share names.
    const byDoc = new Map<string, Target[]>();
    for (const t of list) byDoc.set(t.doc.uri.toString(), [...(byDoc.get(t.doc.uri.toString()) ?? []), t]);
    const folderDocs: DocumentMove[] = [];
    for (const ts of byDoc.values()) {
      const plans = planMoves(ts, env);
      for (const p of plans) env.set(p.name, p.target.secret);
      const seen = new Set<string>();
      const edits = plans.flatMap((p) => p.edits).filter((e) => {
        // Each plan repeats the document's missing import: keep one.
        const key = `${e.start}:${e.end}:${e.newText}`;
        if (e.start === e.end && seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      const doc = ts[0].doc;
      folderDocs.push({ doc, version: doc.version, before: doc.getText(), plans, edits });
    }
    records.push(...(await persistToEnv(folderUri, folderDocs.flatMap((d) => d.plans))));
    docs.push(...folderDocs);
  }
  return { docs, records };
}

/** Applies each document's edit and checks it; takes back out of `.env` what did not land. */
export async function applyFixAll(plan: FixAllPlan, undo?: MoveUndoWatcher): Promise<FixAllResult> {
  const moved: PlannedMove[] = [];
  const left: FixAllResult['left'] = [];
  const changed: FixAllResult['changed'] = [];
  for (const d of plan.docs) {
    const expected = withEdits(d.before, d.edits);
    let why: string | undefined;
    if (d.doc.version !== d.version || d.doc.getText() !== d.before) why = vscode.l10n.t('the file changed while moving');
    else {
      const edit = new vscode.WorkspaceEdit();
      addEdits(edit, d.doc, d.edits);
      const ok = await vscode.workspace.applyEdit(edit);
      const text = d.doc.getText();
      if (ok && text === expected) changed.push({ doc: d.doc, before: d.before, after: expected });
      else if (!ok || text === d.before) why = vscode.l10n.t('the editor could not change the file');
      else {
        // Something else landed too (a concurrent change): judge each value by whether its literal is gone.
        for (const p of d.plans) {
          const count = (s: string) => s.split(p.target.secret).length - 1;
          const expectedGone = d.plans.filter((q) => q.target.secret === p.target.secret).length;
          if (count(text) <= count(d.before) - expectedGone) moved.push(p);
          else left.push({ plan: p, why: vscode.l10n.t('its literal is still in the file') });
        }
        changed.push({ doc: d.doc, before: d.before, after: text });
        continue;
      }
    }
    if (why) for (const p of d.plans) left.push({ plan: p, why });
    else moved.push(...d.plans);
  }
  // A name stays in .env when any value moved under it (two files can share one value and name).
  const kept = new Set(moved.map((p) => p.name));
  const back = plan.records.filter((r) => !kept.has(r.name));
  if (back.length) {
    const { changed: edited } = await takeBackOut(back);
    if (edited.length) log().warn(`fix all: could not take ${edited.join(', ')} back out of .env (edited meanwhile)`);
  }
  const records = plan.records.filter((r) => kept.has(r.name));
  if (undo) {
    for (const c of changed) {
      const names = new Set(moved.filter((p) => p.target.doc === c.doc).map((p) => p.name));
      undo.track(c.doc.uri, records.filter((r) => names.has(r.name)));
    }
  }
  return { moved, left, records, changed };
}

/** What the notification says (exported for the tests' exact expectations). */
export function fixAllMessage(r: Pick<FixAllResult, 'moved' | 'left'>): string {
  const names = [...new Set(r.moved.map((p) => p.name))].sort();
  const files = new Set(r.moved.map((p) => p.target.doc.uri.toString())).size;
  const n = r.moved.length;
  const parts: string[] = [];
  // Whole sentences per number (one secret, many from one file, many from many files).
  if (n === 1) parts.push(vscode.l10n.t('Moved 1 secret from 1 file to .env as {0}; the code now reads it from the environment.', names.join(', ')));
  else if (n && files === 1) parts.push(vscode.l10n.t('Moved {0} secrets from 1 file to .env as {1}; the code now reads them from the environment.', n, names.join(', ')));
  else if (n) parts.push(vscode.l10n.t('Moved {0} secrets from {1} files to .env as {2}; the code now reads them from the environment.', n, files, names.join(', ')));
  else parts.push(vscode.l10n.t('Moved nothing to .env.'));
  if (r.left.length) {
    const why = new Map<string, string[]>();
    for (const { plan, why: w } of r.left) why.set(w, [...new Set([...(why.get(w) ?? []), relativePath(plan.target.doc.uri)])]);
    const reasons = [...why].map(([w, paths]) => `${paths.join(', ')}: ${w}`).join('; ');
    parts.push(r.left.length === 1
      ? vscode.l10n.t('1 secret left in place, not in .env ({0}).', reasons)
      : vscode.l10n.t('{0} secrets left in place, not in .env ({1}).', r.left.length, reasons));
  }
  return parts.join(' ');
}

let lastRun: FixAllResult | undefined;

export async function fixAll(store: FindingsStore, o: FixAllOptions, undo?: MoveUndoWatcher): Promise<boolean> {
  let plan;
  try {
    plan = await buildFixAll(store, o);
  } catch (e) {
    void notify('error', vscode.l10n.t('Credential Hygiene: could not write .env ({0}); no code was changed.', (e as Error).message));
    return false;
  }
  if (!plan) {
    void notify('info', vscode.l10n.t('Credential Hygiene: nothing to move here.'));
    return false;
  }
  return finishFixAll(plan, undo);
}

/** Applies a built plan, checks it, and says what happened (with Undo); true when anything moved. */
export async function finishFixAll(plan: FixAllPlan, undo?: MoveUndoWatcher): Promise<boolean> {
  const result = await applyFixAll(plan, undo);
  log().info(`fix all: ${result.moved.length} value(s) moved to .env, ${result.left.length} left in place`);
  lastRun = result.moved.length ? result : undefined;
  const text = fixAllMessage(result);
  const level = result.left.length ? 'warning' : 'info';
  if (!result.moved.length) {
    void notify(level, text);
    return false;
  }
  const undoLabel = vscode.l10n.t('Undo');
  void notify(level, text, undoLabel).then((pick) => (pick === undoLabel ? undoFixAll(undo) : undefined));
  return true;
}

/**
 * The notification's Undo: each changed file goes back to its text before the move (a file edited
 * since is left, and said), and what the move added to `.env` and `.env.example` comes back out.
 */
export async function undoFixAll(undo?: MoveUndoWatcher): Promise<boolean> {
  const run = lastRun;
  lastRun = undefined;
  if (!run) {
    void notify('info', vscode.l10n.t('Credential Hygiene: there is no "move all" to undo.'));
    return false;
  }
  const restored: vscode.TextDocument[] = [];
  const edited: string[] = [];
  for (const c of run.changed) {
    if (c.doc.isClosed || c.doc.getText() !== c.after) {
      edited.push(relativePath(c.doc.uri));
      continue;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(c.doc.uri, new vscode.Range(c.doc.positionAt(0), c.doc.positionAt(c.after.length)), c.before);
    if (await vscode.workspace.applyEdit(edit)) restored.push(c.doc);
    else edited.push(relativePath(c.doc.uri));
  }
  // Only names every one of whose files went back come out of .env.
  const stillRead = new Set(run.moved.filter((p) => !restored.includes(p.target.doc)).map((p) => p.name));
  const back = run.records.filter((r) => !stillRead.has(r.name));
  const { removed } = await takeBackOut(back);
  undo?.forget(back.map((r) => r.name));
  const took = [...removed].sort().join(', ');
  const n = restored.length;
  const putBack = removed.length
    ? n === 1 ? vscode.l10n.t('Put back 1 file and took {0} back out of .env and .env.example.', took) : vscode.l10n.t('Put back {0} files and took {1} back out of .env and .env.example.', n, took)
    : n === 1 ? vscode.l10n.t('Put back 1 file.') : vscode.l10n.t('Put back {0} files.', n);
  const left = !edited.length ? undefined : edited.length === 1
    ? vscode.l10n.t('Left {0} as it is: changed since the move.', edited[0])
    : vscode.l10n.t('Left {0} as they are: changed since the move.', edited.join(', '));
  void notify(edited.length ? 'warning' : 'info', left ? `${putBack} ${left}` : putBack);
  return true;
}
