// "Move to .env and reference it": the value is written to the workspace's `.env` (and read back)
// before the literal is replaced by the language's own lookup, `.gitignore` is made to cover `.env`,
// `.env.example` gets the name. The code change is one edit, so one undo restores the file.
import * as vscode from 'vscode';
import { readEnv, withEnvEntry, withExampleEntry, withGitignoreEntry, withoutAppended } from '../../../core/fix/dotenv-edit';
import { chooseEnvName } from '../../../core/text/credential-name';
import { languageIdForPath, lookupStyle, replaceWithLookup, type LookupStyle, type TextEdit } from '../../../core/fix/env-lookup';
import { forgetGitState, committedInHead } from '../diagnostics/git-state';
import { rotateAt } from '../../../core/present/hover';
import { writeInside, writeRefusal } from '../../../core/files/safe-write';
import { log } from '../../logger';
import { relativePath } from '../../project';
import { notify } from '../../ui';
import type { Target } from './target';
import { readOpenOrFile } from '../../workspace-read';

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
export async function readText(uri: vscode.Uri): Promise<string | undefined> {
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

export function folderOf(doc: vscode.TextDocument): vscode.Uri {
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
  if (p.clash) return vscode.l10n.t('Move to .env as {0} ({1} in .env holds another value)', p.name, p.clash);
  if (p.reuse) return vscode.l10n.t('Move to .env as {0} (already there with this value) and read it from the environment', p.name);
  return vscode.l10n.t('Move to .env as {0} and read it from the environment', p.name);
}

/**
 * What a move added, so that it can be taken back out exactly (and nothing else): the block appended
 * to `.env` and the one appended to `.env.example`, absent when that file already had the entry.
 * `secret` stays in memory only, to recognise the literal when an undo brings it back; never logged.
 */
export interface EnvRecord {
  folder: vscode.Uri;
  name: string;
  secret: string;
  env?: string;
  example?: string;
}

/**
 * Puts every planned value into `.env` (then checks it reads back), `.env.example` and `.gitignore`;
 * returns one record per name it added something for.
 */
export async function persistToEnv(folder: vscode.Uri, plans: PlannedMove[]): Promise<EnvRecord[]> {
  const records = new Map<string, EnvRecord>();
  const envUri = vscode.Uri.joinPath(folder, '.env');
  let envText = (await readText(envUri)) ?? '';
  for (const p of plans) {
    if (p.reuse || readEnv(envText).has(p.name)) continue;
    const next = withEnvEntry(envText, p.name, p.target.secret, `${p.target.finding.description} (moved from ${relativePath(p.target.doc.uri)})`);
    records.set(p.name, { folder, name: p.name, secret: p.target.secret, env: next.slice(envText.length) });
    envText = next;
  }
  if (records.size) await writeText(envUri, envText);
  const back = readEnv((await readText(envUri)) ?? '');
  for (const p of plans) if (back.get(p.name) !== p.target.secret) throw new Error(`.env did not keep ${p.name}: the code was not changed`);

  const exampleUri = vscode.Uri.joinPath(folder, '.env.example');
  const exampleBefore = (await readText(exampleUri)) ?? '';
  let example = exampleBefore;
  for (const p of plans) {
    const next = withExampleEntry(example, p.name);
    if (next === example) continue;
    const r = records.get(p.name) ?? { folder, name: p.name, secret: p.target.secret };
    records.set(p.name, { ...r, example: next.slice(example.length) });
    example = next;
  }
  if (example !== exampleBefore) await writeText(exampleUri, example);

  const ignoreUri = vscode.Uri.joinPath(folder, '.gitignore');
  const ignoreText = (await readText(ignoreUri)) ?? '';
  const updated = withGitignoreEntry(ignoreText, '.env');
  if (updated !== ignoreText) await writeText(ignoreUri, updated);
  forgetGitState();
  return [...records.values()];
}

/** What a move tells the undo watcher (undo-watch.ts): the `.env` entries it added for a document. */
export interface MoveRecorder {
  track(doc: vscode.Uri, records: EnvRecord[]): void;
}

/**
 * Rewrites `.env` and `.env.example` of each folder the records are in: `edit` gets a file's text, the
 * records of that folder and which of their blocks (`env` or `example`) belongs to the file, and
 * returns the new text; a file is written only when it changed.
 */
async function editEnvFiles(records: EnvRecord[], edit: (text: string, list: EnvRecord[], key: 'env' | 'example') => string): Promise<void> {
  const byFolder = new Map<string, EnvRecord[]>();
  for (const r of records) byFolder.set(r.folder.toString(), [...(byFolder.get(r.folder.toString()) ?? []), r]);
  for (const list of byFolder.values()) {
    for (const [file, key] of [['.env', 'env'], ['.env.example', 'example']] as const) {
      const uri = vscode.Uri.joinPath(list[0].folder, file);
      const before = (await readText(uri)) ?? '';
      const text = edit(before, list, key);
      if (text !== before) await writeText(uri, text);
    }
  }
}

/**
 * Takes exactly what `records` added back out of `.env` and `.env.example` (an entry that was there
 * before stays). Returns the names taken out and those left because the entry was edited since.
 */
export async function takeBackOut(records: EnvRecord[]): Promise<{ removed: string[]; changed: string[] }> {
  const changed = new Set<string>();
  await editEnvFiles(records, (text, list, key) => {
    // Newest first: each block was appended after the ones before it.
    for (const r of [...list].reverse()) {
      const block = r[key];
      if (!block) continue;
      const without = withoutAppended(text, block);
      if (without === undefined) changed.add(r.name);
      else text = without;
    }
    return text;
  });
  const removed = new Set(records.map((r) => r.name).filter((n) => !changed.has(n)));
  return { removed: [...removed], changed: [...changed] };
}

/**
 * Puts back what `records` added and `takeBackOut` removed (a redo of the move): each block is appended
 * again to `.env` and `.env.example` where that name is not there. Returns the names put back.
 */
export async function putBack(records: EnvRecord[]): Promise<string[]> {
  const back = new Set<string>();
  await editEnvFiles(records, (text, list, key) => {
    for (const r of list) {
      const block = r[key];
      if (!block || readEnv(text).has(r.name)) continue;
      // Verbatim after what the undo left (the move's own state again), else on a line of its own.
      text = !text || text.endsWith('\n') || block.startsWith('\n') ? text + block : `${text}\n${block}`;
      back.add(r.name);
    }
    return text;
  });
  // The value must read back from .env before anyone relies on it.
  for (const folder of new Set(records.map((r) => r.folder.toString()))) {
    const list = records.filter((r) => r.folder.toString() === folder);
    const env = readEnv((await readText(vscode.Uri.joinPath(list[0].folder, '.env'))) ?? '');
    for (const r of list) if (r.env && env.get(r.name) !== r.secret) throw new Error(`.env did not keep ${r.name}`);
  }
  return [...back];
}

/** `text` with `edits` (non-overlapping, offsets into `text`) applied: what the document should read after. */
export function withEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  // Last first; inserts at one offset land in the order given, as the editor applies them.
  const order = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.start - a.e.start || b.i - a.i);
  for (const { e } of order) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

export function addEdits(edit: vscode.WorkspaceEdit, doc: vscode.TextDocument, edits: TextEdit[], metadata?: vscode.WorkspaceEditEntryMetadata): void {
  for (const e of edits) {
    const range = new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end));
    if (metadata) edit.replace(doc.uri, range, e.newText, metadata);
    else edit.replace(doc.uri, range, e.newText);
  }
}

export async function moveToEnv(target: Target, undo?: MoveRecorder): Promise<boolean> {
  if (!styleFor(target.doc)) {
    void notify('warning', vscode.l10n.t('Credential Hygiene: {0} has no environment lookup to put in place of the value; use "Replace with a vault reference" instead.', target.doc.languageId));
    return false;
  }
  const folder = folderOf(target.doc);
  const env = readEnv((await readText(vscode.Uri.joinPath(folder, '.env'))) ?? '');
  const [plan] = planMoves([target], env);
  const version = target.doc.version;
  const expected = withEdits(target.doc.getText(), plan.edits);
  let records: EnvRecord[];
  try {
    records = await persistToEnv(folder, [plan]);
  } catch (e) {
    log().error(`move to .env failed: ${(e as Error).message}`);
    void notify('error', vscode.l10n.t('Credential Hygiene: could not write .env ({0}). Nothing was changed in {1}.', (e as Error).message, relativePath(target.doc.uri)));
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  addEdits(edit, target.doc, plan.edits);
  // The document must still be the one the edit was planned on; else nothing is half-done: the
  // value comes back out of .env.
  const applied = target.doc.version === version && (await vscode.workspace.applyEdit(edit)) && target.doc.getText() === expected;
  if (!applied) {
    await takeBackOut(records).catch((e) => log().error(`could not take ${plan.name} back out of .env: ${(e as Error).message}`));
    void notify('error', vscode.l10n.t('Credential Hygiene: {0} could not be changed (it changed meanwhile, or the editor refused the edit); {1} was not added to .env, nothing was moved.', relativePath(target.doc.uri), plan.name));
    return false;
  }
  undo?.track(target.doc.uri, records);
  log().info(`moved a ${target.finding.ruleId} value from ${relativePath(target.doc.uri)} to .env as ${plan.name}`);
  const inHistory = await committedInHead(target.doc.uri, target.secret);
  const moved = plan.reuse
    ? vscode.l10n.t('Moved to .env as {0} (already there); the code now reads it from the environment.', plan.name)
    : vscode.l10n.t('Moved to .env as {0}; the code now reads it from the environment.', plan.name);
  const at = rotateAt(target.finding);
  const rotate = !inHistory ? undefined : at
    ? vscode.l10n.t('This value is already in git history (HEAD): moving it is not enough, rotate it at {0}.', at)
    : vscode.l10n.t('This value is already in git history (HEAD): moving it is not enough, rotate it where it was issued.');
  // Two whole sentences, each translated on its own.
  void notify(inHistory ? 'warning' : 'info', rotate ? `${moved} ${rotate}` : moved);
  return true;
}
