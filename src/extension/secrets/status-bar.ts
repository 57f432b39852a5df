// The workspace's count of open findings, one click from the findings view. It says what is true:
// a scan under way, the count for the whole workspace, or the count for the open files only.
import * as vscode from 'vscode';
import type { FindingsStore } from './diagnostics/findings-store';

export function statusText(n: number, coverage: FindingsStore['coverage']): { text: string; tooltip: string } {
  // Whole sentences per case and per number (one or many), so a translation never glues fragments.
  switch (coverage) {
    case 'scanning':
      return {
        text: `$(sync~spin) ${n}`,
        tooltip: n === 1 ? vscode.l10n.t('Credential Hygiene: scanning the workspace… 1 hard-coded secret found so far') : vscode.l10n.t('Credential Hygiene: scanning the workspace… {0} hard-coded secrets found so far', n),
      };
    case 'workspace':
      return {
        text: `$(shield) ${n}`,
        tooltip: !n ? vscode.l10n.t('Credential Hygiene: no hard-coded secrets in the workspace') : n === 1 ? vscode.l10n.t('Credential Hygiene: 1 hard-coded secret in the workspace') : vscode.l10n.t('Credential Hygiene: {0} hard-coded secrets in the workspace', n),
      };
    case 'partial':
      return {
        text: `$(shield) ${n}?`,
        tooltip: n === 1
          ? vscode.l10n.t('Credential Hygiene: 1 hard-coded secret found; the workspace scan was cancelled, so other files were not checked (run "Scan Workspace for Secrets")')
          : vscode.l10n.t('Credential Hygiene: {0} hard-coded secrets found; the workspace scan was cancelled, so other files were not checked (run "Scan Workspace for Secrets")', n),
      };
    default:
      return {
        text: `$(shield) ${n}`,
        tooltip: !n
          ? vscode.l10n.t('Credential Hygiene: no hard-coded secrets in open files; the rest of the workspace has not been scanned (run "Scan Workspace for Secrets")')
          : n === 1
            ? vscode.l10n.t('Credential Hygiene: 1 hard-coded secret in open files; the rest of the workspace has not been scanned (run "Scan Workspace for Secrets")')
            : vscode.l10n.t('Credential Hygiene: {0} hard-coded secrets in open files; the rest of the workspace has not been scanned (run "Scan Workspace for Secrets")', n),
      };
  }
}

export function createStatusBar(store: FindingsStore): vscode.Disposable & { item: vscode.StatusBarItem } {
  const item = vscode.window.createStatusBarItem('credentialHygiene.count', vscode.StatusBarAlignment.Left, 50);
  item.name = vscode.l10n.t('Credential Hygiene');
  item.command = 'credentialHygiene.findings.focus';
  const update = () => {
    const n = store.count();
    const { text, tooltip } = statusText(n, store.coverage);
    item.text = text;
    item.tooltip = tooltip;
    item.backgroundColor = n ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  };
  update();
  item.show();
  const sub = store.onDidChange(update);
  return Object.assign(vscode.Disposable.from(item, sub), { item });
}
