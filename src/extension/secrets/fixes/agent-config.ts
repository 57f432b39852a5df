// The quick-fix for a literal credential in an MCP server's configuration, in the file's own syntax
// (core/fix/agent-ref.ts): in `.vscode/mcp.json` (and settings' `mcp` block) a password input (VS Code
// keeps the value in its secret storage); in `.mcp.json`, Gemini CLI, Cursor, Windsurf and Continue's
// YAML a variable or secret reference, with the
// value moved to `.env` as the move-to-.env fix does it (same naming, `.env.example`, `.gitignore`,
// and the offer to take it back out after an undo). The configuration changes in one edit: one undo.
import * as vscode from 'vscode';
import { agentReference, agentRefEdit, agentRefStyle, freeInputId, type AgentRefStyle } from '../../../core/fix/agent-ref';
import { readEnv } from '../../../core/fix/dotenv-edit';
import { chooseEnvName } from '../../../core/text/credential-name';
import { committedInHead } from '../diagnostics/git-state';
import { log } from '../../logger';
import { relativePath } from '../../project';
import { notify } from '../../ui';
import { noReferenceNote } from './no-reference';
import { addEdits, folderOf, persistToEnv, readText, takeBackOut, withEdits, type EnvRecord, type MoveRecorder } from './move-to-env';
import type { Target } from './target';

/** The style of fix a finding's agent configuration takes, if any. */
export function agentStyleOf(target: Pick<Target, 'finding'>): AgentRefStyle | undefined {
  return target.finding.agent ? agentRefStyle(target.finding.agent.tool, target.finding.path) : undefined;
}

/** The name the fix would use: an input id, or the `.env` name (the credential's one name unless `.env` holds another value under it). */
async function plan(target: Target, style: AgentRefStyle): Promise<{ name: string; reuse: boolean }> {
  if (style === 'vscode-input') return { name: freeInputId(target.doc.getText(), target.finding.fix.envName), reuse: false };
  const env = readEnv((await readText(vscode.Uri.joinPath(folderOf(target.doc), '.env')).catch(() => undefined)) ?? '');
  return chooseEnvName({ fallback: target.finding.fix.envName, value: target.secret, existing: env });
}

/** The quick-fix's title, naming what will stand in the value's place. */
export async function agentFixTitle(target: Target, style: AgentRefStyle): Promise<string> {
  const { name } = await plan(target, style);
  if (style === 'vscode-input') return vscode.l10n.t('Ask for it with a password input ({0}); VS Code keeps it in its secret storage', agentReference(style, name));
  return vscode.l10n.t('Move to .env as {0} and reference it as {1}', name, agentReference(style, name));
}

function describeInput(target: Target): string {
  const a = target.finding.agent!;
  const what = target.finding.provider !== 'Generic' ? `${target.finding.provider} credential` : 'Credential';
  return `${what} for the MCP server "${a.server}"${a.key ? ` (${a.key})` : ''}`;
}

export async function fixAgentConfig(target: Target, undo?: MoveRecorder): Promise<boolean> {
  const style = agentStyleOf(target);
  if (!style) {
    void notify('warning', noReferenceNote(target.finding) ?? vscode.l10n.t('Credential Hygiene: this tool\'s configuration cannot reference a value kept elsewhere; use "Replace with a vault reference" instead.'));
    return false;
  }
  const { doc, finding } = target;
  const { name, reuse } = await plan(target, style);
  const text = doc.getText();
  const version = doc.version;
  let change;
  try {
    change = agentRefEdit(text, finding.offset.start, finding.offset.end, style, name, describeInput(target));
  } catch (e) {
    void notify('error', vscode.l10n.t('Credential Hygiene: {0} could not be changed ({1}).', relativePath(doc.uri), (e as Error).message));
    return false;
  }
  const expected = withEdits(text, [change]);
  let records: EnvRecord[] = [];
  if (style !== 'vscode-input') {
    try {
      records = await persistToEnv(folderOf(doc), [{ target, name, reuse, edits: [change] }]);
    } catch (e) {
      log().error(`MCP fix: could not write .env: ${(e as Error).message}`);
      void notify('error', vscode.l10n.t('Credential Hygiene: could not write .env ({0}). Nothing was changed in {1}.', (e as Error).message, relativePath(doc.uri)));
      return false;
    }
  }
  const edit = new vscode.WorkspaceEdit();
  addEdits(edit, doc, [change]);
  const applied = doc.version === version && (await vscode.workspace.applyEdit(edit)) && doc.getText() === expected;
  if (!applied) {
    await takeBackOut(records).catch((e) => log().error(`could not take ${name} back out of .env: ${(e as Error).message}`));
    void notify('error', vscode.l10n.t('Credential Hygiene: {0} could not be changed (it changed meanwhile, or the editor refused the edit); nothing was moved.', relativePath(doc.uri)));
    return false;
  }
  undo?.track(doc.uri, records);
  log().info(`MCP fix: a ${finding.ruleId} value in ${relativePath(doc.uri)} now reads ${style === 'vscode-input' ? `input ${name}` : `${name} from the environment`}`);
  const done = style === 'vscode-input'
    ? vscode.l10n.t('The value is out of {0}: VS Code asks for {1} when the server starts and keeps it in its secret storage.', relativePath(doc.uri), name)
    : style === 'continue-secret'
      ? vscode.l10n.t('Moved to .env as {0}; {1} now reads {2}, which Continue resolves from the workspace\'s .env.', name, relativePath(doc.uri), agentReference(style, name))
      : vscode.l10n.t('Moved to .env as {0}; {1} now reads {2}. Start the tool with {0} in its environment.', name, relativePath(doc.uri), agentReference(style, name));
  const inHistory = await committedInHead(doc.uri, target.secret);
  const rotate = inHistory ? vscode.l10n.t('This value is already in git history (HEAD): moving it is not enough, rotate it where it was issued.') : undefined;
  void notify(inHistory ? 'warning' : 'info', rotate ? `${done} ${rotate}` : done);
  return true;
}
