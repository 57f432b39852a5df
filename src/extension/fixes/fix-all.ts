// Fix all of one kind, in a file or the whole workspace: every value goes to `.env` first, then all
// the code changes are one WorkspaceEdit that the user previews before it applies.
import * as vscode from 'vscode';
import { readEnv } from '../../core/fix/dotenv-edit';
import { log } from '../logger';
import type { FindingsStore } from '../diagnostics/findings-store';
import { notify } from '../ui';
import { addEdits, persistToEnv, planMoves, styleFor, type PlannedMove } from './move-to-env';
import { currentFindingsAsync, toTarget, type Target } from './target';
import { readWorkspaceFile } from '../workspace-read';

export interface FixAllOptions {
  /** Only findings of this rule (the "one kind"); all rules when absent. */
  ruleId?: string;
  /** One file, or every file with findings. */
  uri?: vscode.Uri;
  /** Show the refactor preview (default); tests turn it off to apply directly. */
  preview?: boolean;
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

/** Plans, writes `.env` per folder, and builds the single edit (exported for the tests). */
export async function buildFixAll(store: FindingsStore, o: FixAllOptions): Promise<{ edit: vscode.WorkspaceEdit; plans: PlannedMove[] } | undefined> {
  const all = await targets(store, o);
  if (!all.length) return undefined;
  const byFolder = new Map<string, Target[]>();
  for (const t of all) {
    const folder = vscode.workspace.getWorkspaceFolder(t.doc.uri)?.uri ?? vscode.Uri.joinPath(t.doc.uri, '..');
    const list = byFolder.get(folder.toString()) ?? [];
    list.push(t);
    byFolder.set(folder.toString(), list);
  }
  const edit = new vscode.WorkspaceEdit();
  const plans: PlannedMove[] = [];
  for (const [folder, list] of byFolder) {
    const folderUri = vscode.Uri.parse(folder);
    const envRead = await readWorkspaceFile(vscode.Uri.joinPath(folderUri, '.env'));
    if ('refused' in envRead) throw new Error(`.env cannot be read: ${envRead.refused}`);
    const envText = 'text' in envRead ? envRead.text : ''; // missing: no .env yet
    // Plans for one document must not overlap: one finding per document plan at a time keeps
    // import edits from repeating, so plan documents separately and share `.env` names.
    const env = readEnv(envText);
    const docs = new Map<string, Target[]>();
    for (const t of list) docs.set(t.doc.uri.toString(), [...(docs.get(t.doc.uri.toString()) ?? []), t]);
    const folderPlans: PlannedMove[] = [];
    for (const ts of docs.values()) {
      const docPlans = planMoves(ts, env);
      for (const p of docPlans) env.set(p.name, p.target.secret);
      folderPlans.push(...docPlans);
    }
    await persistToEnv(folderUri, folderPlans);
    plans.push(...folderPlans);
  }
  const meta: vscode.WorkspaceEditEntryMetadata = { label: 'Move hard-coded secrets to .env', needsConfirmation: o.preview !== false };
  for (const uriPlans of groupByDoc(plans)) {
    const seen = new Set<string>();
    for (const p of uriPlans) {
      // Each plan repeats the document's missing import: keep one.
      const edits = p.edits.filter((e) => {
        const key = `${e.start}:${e.end}:${e.newText}`;
        if (e.start === e.end && seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      addEdits(edit, p.target.doc, edits, meta);
    }
  }
  return { edit, plans };
}

function groupByDoc(plans: PlannedMove[]): PlannedMove[][] {
  const m = new Map<string, PlannedMove[]>();
  for (const p of plans) m.set(p.target.doc.uri.toString(), [...(m.get(p.target.doc.uri.toString()) ?? []), p]);
  return [...m.values()];
}

export async function fixAll(store: FindingsStore, o: FixAllOptions): Promise<boolean> {
  let built;
  try {
    built = await buildFixAll(store, o);
  } catch (e) {
    void notify('error', `Credential Hygiene: could not write .env (${(e as Error).message}); no code was changed.`);
    return false;
  }
  if (!built) {
    void notify('info', 'Credential Hygiene: nothing to fix here.');
    return false;
  }
  const ok = await vscode.workspace.applyEdit(built.edit, { isRefactoring: true });
  log().info(`fix all: ${built.plans.length} value(s) moved to .env${ok ? '' : ' (code change declined)'}`);
  if (ok) void notify('info', `Moved ${built.plans.length} secret(s) to .env: ${[...new Set(built.plans.map((p) => p.name))].join(', ')}.`);
  return ok;
}
