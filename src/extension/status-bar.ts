// The workspace's count of open findings, one click from the findings view.
import * as vscode from 'vscode';
import type { FindingsStore } from './diagnostics/findings-store';

export function createStatusBar(store: FindingsStore): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('credentialHygiene.count', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Credential Hygiene';
  item.command = 'credentialHygiene.findings.focus';
  const update = () => {
    const n = store.count();
    item.text = n ? `$(shield) ${n}` : '$(shield) 0';
    item.tooltip = n ? `Credential Hygiene: ${n} hard-coded secret${n === 1 ? '' : 's'} in the workspace` : 'Credential Hygiene: no hard-coded secrets found';
    item.backgroundColor = n ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  };
  update();
  item.show();
  const sub = store.onDidChange(update);
  return vscode.Disposable.from(item, sub);
}
