// Everything that asks the user something or tells them something goes through here, so the
// extension-host tests can answer prompts and read messages without a person at the keyboard.
import * as vscode from 'vscode';
import { VAULT_PROVIDERS, type VaultProviderId } from '../core/fix/vault-ref';

export interface PickItem {
  label: string;
  description?: string;
  detail?: string;
  value: string;
}

export interface Prompter {
  /** A choice from a list; the value of the picked item. */
  pick(title: string, items: PickItem[], placeHolder?: string): Promise<string | undefined>;
  /** Free text; `value` pre-fills the box. */
  input(title: string, options?: { value?: string; prompt?: string; validate?: (v: string) => string | undefined }): Promise<string | undefined>;
  pickVaultProvider(): Promise<VaultProviderId | undefined>;
  askReason(prompt: string): Promise<string | undefined>;
  confirmStore(where: string): Promise<'store' | 'reference-only' | undefined>;
  askToken(what?: string): Promise<string | undefined>;
  /** A yes/no question in a notification; true only when the user picks `yes`. */
  confirm(question: string, yes: string): Promise<boolean>;
}

export const interactivePrompter: Prompter = {
  async pick(title, items, placeHolder) {
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder, matchOnDescription: true, ignoreFocusOut: true });
    return picked?.value;
  },
  async input(title, options = {}) {
    const v = await vscode.window.showInputBox({ title, value: options.value, prompt: options.prompt, validateInput: options.validate, ignoreFocusOut: true });
    return v?.trim();
  },
  async pickVaultProvider() {
    const pick = await vscode.window.showQuickPick(
      VAULT_PROVIDERS.map((p) => ({ label: p.label, description: `ref+${p.vals}://…`, id: p.id })),
      { title: vscode.l10n.t('Replace with a reference to which secret store?'), placeHolder: vscode.l10n.t('Set credentialHygiene.vault.defaultProvider to skip this question') },
    );
    return pick?.id;
  },
  async askReason(prompt) {
    const reason = await vscode.window.showInputBox({
      title: prompt, prompt: vscode.l10n.t('Say why, for whoever reads this next (required)'), placeHolder: vscode.l10n.t('e.g. revoked test token used by the parser tests'),
      validateInput: (v) => (v.trim().length < 3 ? vscode.l10n.t('Give a short reason') : undefined),
    });
    return reason?.trim();
  },
  async confirmStore(where) {
    const store = vscode.l10n.t('Store in Vault, then replace');
    const only = vscode.l10n.t('Replace only (I will store it myself)');
    const pick = await vscode.window.showQuickPick([store, only], { title: vscode.l10n.t('Store the value at {0} first?', where) });
    return pick === store ? 'store' : pick === only ? 'reference-only' : undefined;
  },
  async askToken(what = 'Vault') {
    // `what` names a product (Vault, Registry), not a phrase: whole titles for the known ones.
    const title = what === 'Vault' ? vscode.l10n.t('Vault token') : what === 'Registry' ? vscode.l10n.t('Registry token') : vscode.l10n.t('{0} token', what);
    return vscode.window.showInputBox({ title, prompt: vscode.l10n.t('Kept in VS Code secret storage, never in settings or logs'), password: true, ignoreFocusOut: true });
  },
  async confirm(question, yes) {
    return (await vscode.window.showInformationMessage(question, yes, vscode.l10n.t('Keep'))) === yes;
  },
};

let prompter: Prompter = interactivePrompter;
export function currentPrompter(): Prompter {
  return prompter;
}
export function setPrompter(p: Prompter | undefined): void {
  prompter = p ?? interactivePrompter;
}

/**
 * Messages shown to the user, newest last (tests read them; a handful is enough). Callers pass text
 * already localized with `vscode.l10n.t` (whole sentences with `{0}` placeholders, never fragments
 * joined); the English is the source string, so an untranslated VS Code shows it as written.
 */
export const shownMessages: Array<{ level: 'info' | 'warning' | 'error'; text: string }> = [];

export function notify(level: 'info' | 'warning' | 'error', text: string, ...actions: string[]): Thenable<string | undefined> {
  shownMessages.push({ level, text });
  if (shownMessages.length > 1000) shownMessages.shift(); // recent ones (tests slice from a count taken before)
  const show = level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  return show(text, ...actions);
}
