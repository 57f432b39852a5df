// Fixes for a finding, from the analysis its diagnostic came from (the id in the diagnostic's `data`):
// nothing is rescanned, and nothing is offered when the document changed since (a new diagnostic is on
// its way). Edits that carry no secret are returned as WorkspaceEdits (suppress inline, register an
// owner); the value itself never travels in a message: "move to .env" is a command, and the server
// writes `.env` (then reads it back) before it asks the client to replace the literal with the
// language's lookup, as the extension does; "accept in the baseline" writes the baseline file.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { CONFIG_FILE } from '../core/config/files';
import { readEnv, withEnvEntry, withExampleEntry, withGitignoreEntry, withoutAppended } from '../core/fix/dotenv-edit';
import { agentReference, agentRefEdit, agentRefStyle, freeInputId, type AgentRefStyle } from '../core/fix/agent-ref';
import { lookupStyle, replaceWithLookup, type LookupStyle } from '../core/fix/env-lookup';
import { writeInside } from '../core/files/safe-write';
import { fingerprint, fingerprintRule, type Finding } from '../core/findings';
import { commentFor, languageIdForPath } from '../core/languages';
import { environmentFromPath } from '../core/ownership/discovery';
import { findIdentity } from '../core/ownership/match';
import { parseRegister } from '../core/ownership/register';
import { addIdentityEdit, RegisterEditError, setIdentityDateEdit } from '../core/ownership/register-edit';
import type { OwnershipFinding } from '../core/ownership/finding';
import { ensureProjectSalt } from '../core/salt';
import { isEnvFile } from '../core/scan/env-file';
import { readBaselineAsync, writeBaseline, type Baseline } from '../core/suppress/baseline';
import { chooseEnvName } from '../core/text/credential-name';
import type { TextEdit } from '../core/types/edit';
import { ownershipEnabled } from '../core/vocabulary';
import { committedInHead, forgetGitState } from './git-state';
import { rotateAt } from '../core/present/hover';
import { findingId, SOURCE, type FindingData } from './present';
import { readWorkspaceFile, type Project } from './project';

export const COMMANDS = {
  scanWorkspace: 'credential-hygiene.scanWorkspace',
  moveToEnv: 'credential-hygiene.moveToEnv',
  addToBaseline: 'credential-hygiene.addToBaseline',
} as const;

/** A command's argument naming a finding: the document, the version it was found in, its id. No secret. */
export interface FindingRef {
  uri: string;
  version: number;
  id: string;
}

/** A finding as the server holds it for an open document, with what fixes need. */
export interface Located {
  doc: TextDocument;
  finding: Finding;
  project: Project;
  /** Absolute path of the document, and its path relative to the project. */
  file: string;
  rel: string;
}

/** What the client can do, from its capabilities. */
export interface ClientCaps {
  applyEdit: boolean;
  documentChanges: boolean;
  createFiles: boolean;
}

export interface ActionContext {
  caps: ClientCaps;
  trusted: boolean;
  /** The open document's text, if open (edits are planned on what the editor holds). */
  openDocument(file: string): TextDocument | undefined;
  applyEdit(edit: WorkspaceEdit, label: string): Promise<boolean>;
  ask(message: string, choices: string[]): Promise<string | undefined>;
  notify(kind: 'info' | 'warning' | 'error', message: string): void;
  log(message: string): void;
}

const QUICK_FIX = CodeActionKind.QuickFix;

/** The language a document is for the per-language tables: the client's id when core knows it, else by its name. */
function languageIds(doc: TextDocument, rel: string): string[] {
  return [doc.languageId, languageIdForPath(rel)];
}

export function styleFor(doc: TextDocument, rel: string): LookupStyle | undefined {
  for (const id of languageIds(doc, rel)) {
    const s = lookupStyle({ languageId: id, path: rel });
    if (s) return s;
  }
  return undefined;
}

function commentIn(doc: TextDocument, rel: string, text: string): string | undefined {
  for (const id of languageIds(doc, rel)) {
    const c = commentFor(id, text);
    if (c) return c;
  }
  return undefined;
}

function lspEdits(doc: TextDocument, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.newText }));
}

/** One document's edits as the client takes them: versioned when it can, else a plain change map. */
function editOf(caps: ClientCaps, uri: string, version: number | null, edits: LspTextEdit[]): WorkspaceEdit {
  return caps.documentChanges ? { documentChanges: [{ textDocument: { uri, version }, edits }] } : { changes: { [uri]: edits } };
}

export async function codeActionsFor(ctx: ActionContext, here: Located[], diagnostics: Diagnostic[]): Promise<CodeAction[]> {
  const actions: CodeAction[] = [];
  for (const t of here) {
    const { doc, finding: f, rel } = t;
    // A finding of a whole binary file (a key file, a PKCS#12 store) has no text to fix.
    if (f.offset.end === f.offset.start) continue;
    const id = findingId(f);
    const ref: FindingRef = { uri: doc.uri, version: doc.version, id };
    const diags = diagnostics.filter((d) => d.source === SOURCE && (d.data as FindingData | undefined)?.id === id);
    // An agent's MCP configuration takes a reference in the tool's own syntax, or none (core/fix/agent-ref.ts).
    if (f.agent) {
      const agent = await agentAction(ctx, t);
      if (agent) actions.push({ ...agent, diagnostics: diags, isPreferred: true });
    }
    const style = f.agent ? undefined : styleFor(doc, rel);
    if (style && !isEnvFile(rel) && ctx.caps.applyEdit) {
      const env = await readWorkspaceFile(path.join(t.project.root, '.env'), t.project.root);
      if (!('refused' in env)) {
        const { name, reuse } = chooseEnvName({ fallback: f.fix.envName, value: doc.getText().slice(f.offset.start, f.offset.end), existing: readEnv('text' in env ? env.text : '') });
        const title = reuse ? `Move to .env as ${name} (already there with this value) and read it from the environment` : `Move to .env as ${name} and read it from the environment`;
        actions.push({ title, kind: QUICK_FIX, diagnostics: diags, isPreferred: true, command: { title, command: COMMANDS.moveToEnv, arguments: [ref] } });
      }
    }
    const line = doc.positionAt(f.offset.start).line;
    const lineText = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    const indent = /^[ \t]*/.exec(lineText)![0];
    const comment = commentIn(doc, rel, 'credential-hygiene:allow <say why this value may stay here>');
    if (comment) {
      actions.push({
        title: 'Suppress here with a reason (credential-hygiene:allow, then write the reason)', kind: QUICK_FIX, diagnostics: diags,
        edit: editOf(ctx.caps, doc.uri, doc.version, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}${comment}\n` }]),
      });
    }
    actions.push({ title: 'Accept in the baseline with a reason…', kind: QUICK_FIX, diagnostics: diags, command: { title: 'Accept in the baseline', command: COMMANDS.addToBaseline, arguments: [ref] } });
    const owner = await registerOwnerAction(ctx, t);
    if (owner) actions.push({ ...owner, diagnostics: diags });
  }
  return actions;
}

/** What stands for an MCP server's value in its tool's syntax, if the tool reads values kept elsewhere. */
function agentStyleOf(t: Located): AgentRefStyle | undefined {
  return t.finding.agent ? agentRefStyle(t.finding.agent.tool, t.rel) : undefined;
}

function describeInput(f: Finding): string {
  const a = f.agent!;
  const what = f.provider !== 'Generic' ? `${f.provider} credential` : 'Credential';
  return `${what} for the MCP server "${a.server}"${a.key ? ` (${a.key})` : ''}`;
}

/**
 * The fix of a value in an MCP configuration: VS Code's password input (an edit: the input entry and
 * `${input:id}`, no value travels), or a variable / secret reference with the value moved to `.env`
 * (the move command, as for code). Nothing for a tool that expands nothing: the diagnostic says why.
 */
async function agentAction(ctx: ActionContext, t: Located): Promise<CodeAction | undefined> {
  const style = agentStyleOf(t);
  if (!style) return undefined;
  const { doc, finding: f } = t;
  const text = doc.getText();
  if (style === 'vscode-input') {
    const id = freeInputId(text, f.fix.envName);
    const edit = agentRefEdit(text, f.offset.start, f.offset.end, style, id, describeInput(f));
    const title = `Ask for it with a password input (${agentReference(style, id)}); VS Code keeps it in its secret storage`;
    return { title, kind: QUICK_FIX, edit: editOf(ctx.caps, doc.uri, doc.version, lspEdits(doc, [edit])) };
  }
  if (!ctx.caps.applyEdit) return undefined;
  const env = await readWorkspaceFile(path.join(t.project.root, '.env'), t.project.root);
  if ('refused' in env) return undefined;
  const { name } = chooseEnvName({ fallback: f.fix.envName, value: text.slice(f.offset.start, f.offset.end), existing: readEnv('text' in env ? env.text : '') });
  const title = `Move to .env as ${name} and reference it as ${agentReference(style, name)}`;
  const ref: FindingRef = { uri: doc.uri, version: doc.version, id: findingId(f) };
  return { title, kind: QUICK_FIX, command: { title, command: COMMANDS.moveToEnv, arguments: [ref] } };
}

/** "Register an owner for NAME": an identity appended to the register, when ownership is on and nobody owns the name. */
async function registerOwnerAction(ctx: ActionContext, t: Located): Promise<CodeAction | undefined> {
  const { finding: f } = t;
  return registerNameAction(ctx, t.project, t.rel, f.fix.envName, { kind: f.kind, ...(rotateAt(f) ? { provider: f.provider } : {}) });
}

/** The register's text (an open editor's first), undefined when there is none; refused: cannot be read. */
async function registerText(ctx: ActionContext, project: Project): Promise<{ text: string | undefined; version: number | null } | 'refused'> {
  const open = ctx.openDocument(project.registerFile);
  if (open) return { text: open.getText(), version: open.version };
  const r = await readWorkspaceFile(project.registerFile, project.root);
  if ('refused' in r) return 'refused';
  return { text: 'text' in r ? r.text : undefined, version: null };
}

/** "Register an owner for NAME" (a secret's name, a reference's): the identity skeleton appended to the register. */
async function registerNameAction(ctx: ActionContext, project: Project, rel: string, name: string, fields: { kind?: Finding['kind']; provider?: string } = {}): Promise<CodeAction | undefined> {
  const registerUri = pathToUri(project.registerFile);
  const reg = await registerText(ctx, project);
  if (reg === 'refused') return undefined;
  const text = reg.text;
  if (!ownershipEnabled(project.config, text !== undefined)) return undefined;
  const registerRel = path.relative(project.root, project.registerFile).split(path.sep).join('/');
  if (text !== undefined && findIdentity(parseRegister(text, registerRel).identities, { name })) return undefined;
  if (text === undefined && !(ctx.caps.documentChanges && ctx.caps.createFiles)) return undefined;
  const identity = {
    id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'credential',
    ...fields,
    ...(environmentFromPath(rel) ? { environment: environmentFromPath(rel) } : {}),
    match: [name],
  };
  let edit: TextEdit;
  try {
    edit = addIdentityEdit(text ?? '', identity);
  } catch (e) {
    if (e instanceof RegisterEditError) return undefined;
    throw e;
  }
  const regDoc = TextDocument.create(registerUri, 'yaml', 0, text ?? '');
  const edits = lspEdits(regDoc, [edit]);
  const title = `Register an owner for ${name} in ${registerRel}`;
  const workspaceEdit: WorkspaceEdit = text === undefined
    ? { documentChanges: [{ kind: 'create', uri: registerUri, options: { ignoreIfExists: true } }, { textDocument: { uri: registerUri, version: null }, edits }] }
    : editOf(ctx.caps, registerUri, reg.version, edits);
  return { title, kind: QUICK_FIX, edit: workspaceEdit };
}

/**
 * Fixes of ownership diagnostics (owner/*), as the extension offers them: a reference nobody owns
 * (`owner/missing`) gets "Register an owner for NAME"; an identity nothing references any more, or
 * one that expired (`owner/unreferenced`, `owner/expired`), "Retire IDENTITY" (`retired: today` in the
 * register, kept for the audit trail). Edits only: no value is involved.
 */
export async function ownershipActionsFor(ctx: ActionContext, project: Project, rel: string, findings: readonly OwnershipFinding[], diagnostics: Diagnostic[], today: string): Promise<CodeAction[]> {
  const actions: CodeAction[] = [];
  for (const f of findings) {
    const diags = diagnostics.filter((d) => d.code === f.ruleId && d.range.start.line === f.range.start.line && d.range.start.character === f.range.start.character);
    if (!diags.length) continue;
    if (f.ruleId === 'owner/missing' && f.reference) {
      const a = await registerNameAction(ctx, project, rel, f.reference);
      if (a) actions.push({ ...a, diagnostics: diags, isPreferred: true });
    }
    if ((f.ruleId === 'owner/unreferenced' || f.ruleId === 'owner/expired') && f.identityId) {
      const reg = await registerText(ctx, project);
      if (reg === 'refused' || reg.text === undefined) continue;
      const edit = setIdentityDateEdit(reg.text, f.identityId, 'retired', today);
      if (!edit) continue;
      const regDoc = TextDocument.create(pathToUri(project.registerFile), 'yaml', 0, reg.text);
      actions.push({
        title: `Retire ${f.identityId} (retired: ${today}; kept in the register for the audit trail)`, kind: QUICK_FIX, diagnostics: diags,
        isPreferred: f.ruleId === 'owner/unreferenced',
        edit: editOf(ctx.caps, pathToUri(project.registerFile), reg.version, lspEdits(regDoc, [edit])),
      });
    }
  }
  return actions;
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

/** What a move added to `.env` and `.env.example`, to take back out exactly if the code edit fails. */
interface Added {
  file: string;
  block: string;
}

/** Moves the finding's value to `.env` (written, then read back) and asks the client to put the lookup in its place. */
export async function moveToEnv(ctx: ActionContext, t: Located): Promise<boolean> {
  const { doc, finding: f, project, rel } = t;
  // In an MCP configuration, the tool's own reference syntax (a password input is an edit, not a move).
  const agent = agentStyleOf(t);
  const style = f.agent ? undefined : styleFor(doc, rel);
  if (f.agent ? !agent || agent === 'vscode-input' : !style) {
    ctx.notify('warning', f.agent
      ? `Credential Hygiene: this tool's configuration cannot reference a value kept in .env.`
      : `Credential Hygiene: ${doc.languageId} has no environment lookup to put in place of the value.`);
    return false;
  }
  const root = project.root;
  const read = async (name: string): Promise<string> => {
    const file = path.join(root, name);
    const open = ctx.openDocument(file);
    if (open) return open.getText();
    const r = await readWorkspaceFile(file, root);
    if ('refused' in r) throw new Error(`${name} cannot be read: ${r.refused}`);
    return 'text' in r ? r.text : '';
  };
  const text = doc.getText();
  const secret = text.slice(f.offset.start, f.offset.end);
  const added: Added[] = [];
  let name: string;
  try {
    const envText = await read('.env');
    const chosen = chooseEnvName({ fallback: f.fix.envName, value: secret, existing: readEnv(envText) });
    name = chosen.name;
    if (!chosen.reuse) {
      const next = withEnvEntry(envText, name, secret, `${f.description} (moved from ${rel})`);
      await writeInside(root, path.join(root, '.env'), next);
      added.push({ file: '.env', block: next.slice(envText.length) });
    }
    if (readEnv(await read('.env')).get(name) !== secret) throw new Error(`.env did not keep ${name}`);
    const example = await read('.env.example');
    const nextExample = withExampleEntry(example, name);
    if (nextExample !== example) {
      await writeInside(root, path.join(root, '.env.example'), nextExample);
      added.push({ file: '.env.example', block: nextExample.slice(example.length) });
    }
    const ignore = await read('.gitignore');
    const nextIgnore = withGitignoreEntry(ignore, '.env');
    if (nextIgnore !== ignore) await writeInside(root, path.join(root, '.gitignore'), nextIgnore);
    forgetGitState();
  } catch (e) {
    await takeBackOut(root, added, ctx);
    ctx.notify('error', `Credential Hygiene: could not write .env (${(e as Error).message}). Nothing was changed in ${rel}.`);
    return false;
  }
  const edits = agent ? [agentRefEdit(text, f.offset.start, f.offset.end, agent, name, describeInput(f))] : replaceWithLookup(text, f.offset.start, f.offset.end, style!, name);
  const applied = await ctx.applyEdit(editOf(ctx.caps, doc.uri, doc.version, lspEdits(doc, edits)), `Move to .env as ${name}`).catch(() => false);
  if (!applied) {
    await takeBackOut(root, added, ctx);
    ctx.notify('error', `Credential Hygiene: ${rel} could not be changed (it changed meanwhile, or the editor refused the edit); ${name} was not added to .env, nothing was moved.`);
    return false;
  }
  ctx.log(`moved a ${f.ruleId} value from ${rel} to .env as ${name}`);
  const inHistory = await committedInHead(t.file, secret, ctx.trusted);
  const at = rotateAt(f);
  const rotate = inHistory ? ` This value is already in git history (HEAD): moving it is not enough, rotate it ${at ? `at ${at}` : 'where it was issued'}.` : '';
  const now = agent ? `${rel} now reads ${agentReference(agent, name)}` : 'the code now reads it from the environment';
  ctx.notify(inHistory ? 'warning' : 'info', `Moved to .env as ${name}; ${now}.${rotate}`);
  return true;
}

async function takeBackOut(root: string, added: Added[], ctx: ActionContext): Promise<void> {
  for (const a of added.reverse()) {
    const file = path.join(root, a.file);
    const r = await readWorkspaceFile(file, root);
    if (!('text' in r)) continue;
    const without = withoutAppended(r.text, a.block);
    if (without !== undefined) await writeInside(root, file, without).catch((e) => ctx.log(`could not take an entry back out of ${a.file}: ${(e as Error).message}`));
  }
}

/** Reasons offered when the command gives none (LSP has no free-text prompt). */
export const BASELINE_REASONS = ['test fixture (not a live credential)', 'documented example value', 'revoked: no longer valid', 'not a credential (false positive)'];

/** Accepts the finding in the project's baseline (its fingerprint under the project's salt), with a reason. */
export async function addToBaseline(ctx: ActionContext, t: Located, reason?: string): Promise<boolean> {
  reason ??= await ctx.ask('Credential Hygiene: why is this finding accepted in the baseline?', BASELINE_REASONS);
  if (!reason?.trim()) return false;
  const { project, finding: f, doc, rel } = t;
  let baseline: Baseline;
  try {
    baseline = await readBaselineAsync(project.baselineFile, { root: project.root });
  } catch (e) {
    if (!/ENOENT/.test((e as Error).message)) {
      ctx.notify('error', `Credential Hygiene: ${(e as Error).message}; the baseline was not changed.`);
      return false;
    }
    baseline = { version: 1, entries: [] };
  }
  const configFile = path.join(project.configDir, CONFIG_FILE);
  const { salt, added } = ensureProjectSalt(configFile, project.root);
  const secret = doc.getText().slice(f.offset.start, f.offset.end);
  const fp = fingerprint(fingerprintRule(f), secret, salt, f.kind);
  if (!baseline.entries.some((e) => e.fingerprint === fp)) {
    baseline.entries.push({ fingerprint: fp, ruleId: f.ruleId, path: rel, reason, added: new Date().toISOString().slice(0, 10) });
  }
  writeBaseline(project.baselineFile, baseline, project.root);
  const shown = path.relative(project.root, project.baselineFile);
  ctx.notify('info', `Accepted in ${shown}: "${reason}".${added ? ` A random fingerprintSalt was added to ${path.relative(project.root, configFile)}: commit it with the baseline.` : ''}`);
  return true;
}
