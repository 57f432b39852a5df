// Helpers for the extension-host suites: the extension's API, files in the workspace under test,
// waiting for diagnostics, and code actions as the editor asks for them.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CredentialHygieneApi } from '../../src/extension/extension';
import type { Prompter } from '../../src/extension/ui';

export const EXTENSION_ID = 'credential-hygiene.credential-hygiene';

export async function api(): Promise<CredentialHygieneApi> {
  const ext = vscode.extensions.getExtension<CredentialHygieneApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

export function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder open');
  return folder.uri.fsPath;
}

export function uriOf(rel: string): vscode.Uri {
  return vscode.Uri.file(path.join(root(), rel));
}

export function write(rel: string, content: string): vscode.Uri {
  const abs = path.join(root(), rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
  return vscode.Uri.file(abs);
}

export function read(rel: string): string {
  const abs = path.join(root(), rel);
  return existsSync(abs) ? readFileSync(abs, 'utf8') : '';
}

export function git(...args: string[]): string {
  const r = spawnSync('git', args, { cwd: root(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uriOf(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Credential Hygiene');
}

export function waitForDiagnostics(uri: vscode.Uri, count: number): Promise<vscode.Diagnostic[]> {
  return waitFor(`${count} diagnostic(s) on ${path.basename(uri.fsPath)}`, () => {
    const d = ours(uri);
    return d.length === count ? d : undefined;
  });
}

/** Code actions as the editor asks for them; asked again if a diagnostics update cancelled the request, or if none came at a diagnostic. */
export async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
      // Right after a file is opened the editor now and then answers nothing at a diagnostic (a user
      // presses Ctrl+. again; the UI walk does too): asked again, a few times, before nothing stands.
      const diagnosed = vscode.languages.getDiagnostics(uri).some((d) => d.range.intersection(range));
      if (actions.length || attempt >= 4 || !diagnosed) return actions;
      await new Promise((r) => setTimeout(r, 300));
    } catch (e) {
      if (attempt >= 4 || !/Canceled/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/** Runs a code action the way the editor does: its edit, then its command. */
export async function apply(action: vscode.CodeAction, ...extraArgs: unknown[]): Promise<unknown> {
  if (action.edit) await vscode.workspace.applyEdit(action.edit);
  if (action.command) return vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []), ...extraArgs);
  return undefined;
}

export function answering(answers: Partial<Prompter>): Prompter {
  const refuse = async () => undefined;
  return { pick: refuse, input: refuse, pickVaultProvider: refuse, askReason: refuse, confirmStore: refuse, askToken: refuse, confirm: async () => false, ...answers };
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Where a workspace's hostile git config (host.js armHostileGit) writes when git runs something. */
export function gitMarker(): string {
  return path.join(path.dirname(root()), 'git-ran.marker');
}

/**
 * The TypeScript twin of host.js armHostileGit: points every command the repository's config can make
 * git run at a script that appends to `marker`. Returns a function that restores the config.
 */
export function armHostileGit(marker: string): () => void {
  const gitDir = path.join(root(), '.git');
  const dir = path.join(gitDir, 'hostile');
  mkdirSync(dir, { recursive: true });
  const script = path.join(dir, 'run.sh');
  writeFileSync(script, `#!/bin/sh\necho "ran: $0 $*" >> '${marker}'\n`, { mode: 0o755 });
  for (const hook of ['pre-commit', 'post-checkout', 'post-index-change', 'reference-transaction']) copyFileSync(script, path.join(dir, hook));
  const configFile = path.join(gitDir, 'config');
  const attributesFile = path.join(gitDir, 'info', 'attributes');
  const config = readFileSync(configFile, 'utf8');
  const attributes = existsSync(attributesFile) ? readFileSync(attributesFile, 'utf8') : undefined;
  const q = JSON.stringify(script);
  writeFileSync(configFile, config + [
    '[core]', `\tfsmonitor = ${q}`, `\thooksPath = ${JSON.stringify(dir)}`, `\tpager = ${q}`, `\taskPass = ${q}`, `\tsshCommand = ${q}`,
    '[diff]', `\texternal = ${q}`, '[diff "hostile"]', `\ttextconv = ${q}`, '[filter "hostile"]', `\tclean = ${q}`, `\tsmudge = ${q}`,
    '[credential]', `\thelper = ${JSON.stringify(`!${script}`)}`, '[log]', '\tshowSignature = true', '[gpg]', `\tprogram = ${q}`, '',
  ].join('\n'));
  mkdirSync(path.dirname(attributesFile), { recursive: true });
  writeFileSync(attributesFile, `${attributes ?? ''}* filter=hostile diff=hostile\n`);
  return () => {
    writeFileSync(configFile, config);
    if (attributes === undefined) rmSync(attributesFile, { force: true });
    else writeFileSync(attributesFile, attributes);
  };
}
