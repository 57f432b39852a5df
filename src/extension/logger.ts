// The extension's log: a LogOutputChannel (levels, timestamps, "Set Log Level" for free). Callers
// pass redacted text only: findings carry previews, never values.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function createLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Credential Hygiene', { log: true });
  return channel;
}

export function log(): vscode.LogOutputChannel {
  return createLog();
}
