// "Move to .env and reference it": the value is written to the workspace's `.env` (and read back)
// before the literal is replaced by the language's own lookup, `.gitignore` is made to cover `.env`,
// `.env.example` gets the name. The code change is one edit, so one undo restores the file.
import * as vscode from 'vscode';
import { readEnv, withEnvEntry, withExampleEntry, withGitignoreEntry } from '../../core/fix/dotenv-edit';
import { chooseEnvName } from '../../core/text/credential-name';
import { languageIdForPath, lookupStyle, replaceWithLookup, type LookupStyle, type TextEdit } from '../../core/fix/env-lookup';
import { forgetGitState, committedInHead } from '../diagnostics/git-state';
import { rotateWhere } from '../hover';
import { writeInside, writeRefusal } from '../../core/files/safe-write';
import { log } from '../logger';
import { relativePath } from '../project';
import { notify } from '../ui';
import type { Target } from './target';
import { readOpenOrFile } from '../workspace-read';

export function styleFor(doc: vscode.TextDocument): LookupStyle | undefined {
  const path = relativePath(doc.uri);
  // Without a language extension installed (Kotlin, say) the editor calls it plain text: the name decides.
  const languageId = doc.languageId === 'plaintext' ? languageIdForPath(path) : doc.languageId;
  return lookupStyle({ languageId, path });
}

/**
 * The file's text, undefined when it does not exist yet; a file that is there but cannot be read (a
 * FIFO, a device, too large, a link out of the workspace) throws: it must not be overwritten either.
 */
async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const r = await readOpenOrFile(uri);
  if ('refused' in r) throw new Error(`${vscode.workspace.asRelativePath(uri)} cannot be read: ${r.refused}`);
  return 'text' in r ? r.text : undefined;
}

/**
 * Writes a whole file to disk, only inside the workspace and never through a symbolic link (an open
 * document is edited and saved so the editor and disk agree: the same check comes first).
 */
export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  const root = vscode.workspace.getWorkspaceFolder(uri)?.uri;
  const local = uri.scheme === 'file' && root?.scheme === 'file';
  if (local) {
    const why = writeRefusal(root.fsPath, uri.fsPath);
    if (why) throw new Error(`not written: ${why}`);
  } else if (uri.scheme === 'file') throw new Error(`not written: ${uri.fsPath} is outside the workspace folders`);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(open.positionAt(0), open.positionAt(open.getText().length)), text);
    if (!(await vscode.workspace.applyEdit(edit)) || !(await open.save())) throw new Error(`could not save ${uri.fsPath}`);
    return;
  }
  if (local) await writeInside(root.fsPath, uri.fsPath, text);
  else await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

function folderOf(doc: vscode.TextDocument): vscode.Uri {
  return vscode.workspace.getWorkspaceFolder(doc.uri)?.uri ?? vscode.Uri.joinPath(doc.uri, '..');
}

export interface PlannedMove {
  target: Target;
  name: string;
  /** `.env` already holds this value under `name`. */
  reuse: boolean;
  edits: TextEdit[];
}

/** Names and code edits for moving several targets of one document; `env` is `.env`'s current map. */
export function planMoves(targets: Target[], env: Map<string, string>): PlannedMove[] {
  const plans: PlannedMove[] = [];
  const taken = new Map(env);
  for (const t of targets) {
    const style = styleFor(t.doc)!;
    const text = t.doc.getText();
    const { name, reuse } = chooseEnvName({ fallback: t.finding.fix.envName, value: t.secret, existing: taken });
    taken.set(name, t.secret);
    plans.push({ target: t, name, reuse, edits: replaceWithLookup(text, t.finding.offset.start, t.finding.offset.end, style, name) });
  }
  return plans;
}

/**
 * The name a move would use, as the quick-fix menu shows it before anything is written: the
 * credential's one name, or, when `.env` holds another value under it, the next free one (`clash`
 * names the one taken).
 */
export async function plannedName(target: Target): Promise<{ name: string; reuse: boolean; clash?: string }> {
  const env = readEnv((await readText(vscode.Uri.joinPath(folderOf(target.doc), '.env')).catch(() => undefined)) ?? '');
  const [plan] = planMoves([target], env);
  return { name: plan.name, reuse: plan.reuse, ...(plan.name !== target.finding.fix.envName ? { clash: target.finding.fix.envName } : {}) };
}

/** The quick-fix's title, naming the variable it will use. */
export function moveTitle(p: { name: string; reuse: boolean; clash?: string }): string {
  if (p.clash) return `Move to .env as ${p.name} (${p.clash} in .env holds another value)`;
  if (p.reuse) return `Move to .env as ${p.name} (already there with this value) and read it from the environment`;
  return `Move to .env as ${p.name} and read it from the environment`;
}

/** Puts every planned value into `.env` (then checks it reads back), `.env.example` and `.gitignore`. */
export async function persistToEnv(folder: vscode.Uri, plans: PlannedMove[]): Promise<void> {
  const envUri = vscode.Uri.joinPath(folder, '.env');
  let envText = (await readText(envUri)) ?? '';
  for (const p of plans) if (!p.reuse && !readEnv(envText).has(p.name)) envText = withEnvEntry(envText, p.name, p.target.secret, `${p.target.finding.description} (moved from ${relativePath(p.target.doc.uri)})`);
  await writeText(envUri, envText);
  const back = readEnv((await readText(envUri)) ?? '');
  for (const p of plans) if (back.get(p.name) !== p.target.secret) throw new Error(`.env did not keep ${p.name}: the code was not changed`);

  const exampleUri = vscode.Uri.joinPath(folder, '.env.example');
  let example = (await readText(exampleUri)) ?? '';
  for (const p of plans) example = withExampleEntry(example, p.name);
  await writeText(exampleUri, example);

  const ignoreUri = vscode.Uri.joinPath(folder, '.gitignore');
  const ignoreText = (await readText(ignoreUri)) ?? '';
  const updated = withGitignoreEntry(ignoreText, '.env');
  if (updated !== ignoreText) await writeText(ignoreUri, updated);
  forgetGitState();
}

export function addEdits(edit: vscode.WorkspaceEdit, doc: vscode.TextDocument, edits: TextEdit[], metadata?: vscode.WorkspaceEditEntryMetadata): void {
  for (const e of edits) {
    const range = new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end));
    if (metadata) edit.replace(doc.uri, range, e.newText, metadata);
    else edit.replace(doc.uri, range, e.newText);
  }
}

export async function moveToEnv(target: Target): Promise<boolean> {
  if (!styleFor(target.doc)) {
    void notify('warning', `Credential Hygiene: ${target.doc.languageId} has no environment lookup to put in place of the value; use "Replace with a vault reference" instead.`);
    return false;
  }
  const folder = folderOf(target.doc);
  const env = readEnv((await readText(vscode.Uri.joinPath(folder, '.env'))) ?? '');
  const [plan] = planMoves([target], env);
  try {
    await persistToEnv(folder, [plan]);
  } catch (e) {
    log().error(`move to .env failed: ${(e as Error).message}`);
    void notify('error', `Credential Hygiene: could not write .env (${(e as Error).message}). Nothing was changed in ${relativePath(target.doc.uri)}.`);
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  addEdits(edit, target.doc, plan.edits);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void notify('error', `Credential Hygiene: the editor refused the change; the value is in .env as ${plan.name}.`);
    return false;
  }
  log().info(`moved a ${target.finding.ruleId} value from ${relativePath(target.doc.uri)} to .env as ${plan.name}`);
  const inHistory = await committedInHead(target.doc.uri, target.secret);
  void notify(
    inHistory ? 'warning' : 'info',
    `Moved to .env as ${plan.name}${plan.reuse ? ' (already there)' : ''}; the code now reads it from the environment.` +
      (inHistory ? ` This value is already in git history (HEAD): moving it is not enough, rotate it ${rotateWhere(target.finding)}.` : ''),
  );
  return true;
}
