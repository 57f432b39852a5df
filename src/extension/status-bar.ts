// The workspace's count of open findings, one click from the findings view. It says what is true:
// a scan under way, the count for the whole workspace, or the count for the open files only.
import * as vscode from 'vscode';
import type { FindingsStore } from './diagnostics/findings-store';

export function statusText(n: number, coverage: FindingsStore['coverage']): { text: string; tooltip: string } {
  const secrets = `${n} hard-coded secret${n === 1 ? '' : 's'}`;
  switch (coverage) {
    case 'scanning':
      return { text: `$(sync~spin) ${n}`, tooltip: `Credential Hygiene: scanning the workspace… ${secrets} found so far` };
    case 'workspace':
      return { text: `$(shield) ${n}`, tooltip: `Credential Hygiene: ${n ? secrets : 'no hard-coded secrets'} in the workspace` };
    case 'partial':
      return { text: `$(shield) ${n}?`, tooltip: `Credential Hygiene: ${secrets} found; the workspace scan was cancelled, so other files were not checked (run "Scan Workspace for Secrets")` };
    default:
      return { text: `$(shield) ${n}`, tooltip: `Credential Hygiene: ${n ? secrets : 'no hard-coded secrets'} in open files; the rest of the workspace has not been scanned (run "Scan Workspace for Secrets")` };
  }
}

export function createStatusBar(store: FindingsStore): vscode.Disposable & { item: vscode.StatusBarItem } {
  const item = vscode.window.createStatusBarItem('credentialHygiene.count', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Credential Hygiene';
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
