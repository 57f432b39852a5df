// What every feature's register() gets: the extension's context and the services the features share
// (the one diagnostics publisher, the one file watcher over the workspace, the token store).
import type * as vscode from 'vscode';
import type { DiagnosticsPublisher } from './publisher';
import type { TokenStore } from './token-store';

export interface FeatureContext {
  context: vscode.ExtensionContext;
  publisher: DiagnosticsPublisher;
  /** One watcher over the workspace, for the secret findings of closed files and for ownership. */
  watcher: vscode.FileSystemWatcher;
  tokens: TokenStore;
  /** The documents the features act on (file, untitled, remote). */
  selector: vscode.DocumentSelector;
}

/** Registers `disposables` with the extension (disposed on deactivation). */
export function keep(ctx: FeatureContext, ...disposables: vscode.Disposable[]): void {
  ctx.context.subscriptions.push(...disposables);
}
