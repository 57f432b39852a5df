// "Sync Owners with Registry": each folder's credentials.yaml against the central registry (three-way
// merge in src/core/registry/sync). Conflicts and orphaned credentials become diagnostics on the
// register's entries, with quick-fixes to take the registry's values or keep mine and push. Only in a
// trusted workspace, only to the user-level registry URL; a failing registry changes nothing locally.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseRegister } from '../../core/ownership';
import { RegistryClient, RegistryError } from '../../core/registry/client';
import { SyncError, syncRegister, type SyncResult } from '../../core/registry/sync';
import { log } from '../logger';
import type { OwnershipManager } from '../ownership/ownership-manager';
import { toRange } from '../ownership/ownership-manager';
import type { TokenStore } from '../secrets';
import { readSettings } from '../settings';
import { notify } from '../ui';
import { readWorkspaceFile } from '../workspace-read';

export const REGISTRY_SOURCE = 'Credential Hygiene (registry)';

export class RegistrySync implements vscode.Disposable, vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  readonly collection = vscode.languages.createDiagnosticCollection('credential-hygiene-registry');

  constructor(private readonly ownership: OwnershipManager, private readonly tokens: TokenStore) {}

  /** Syncs every folder that has a register; `resolve` settles an identity's conflicts. */
  async sync(resolve?: Record<string, 'registry' | 'mine'>): Promise<SyncResult[] | undefined> {
    if (!vscode.workspace.isTrusted) {
      void notify('warning', 'Credential Hygiene: registry sync is off in an untrusted workspace (no network calls).');
      return undefined;
    }
    const url = readSettings().registry.url;
    if (!url) {
      void notify('info', 'Credential Hygiene: set credentialHygiene.registry.url in your user settings to sync owners with a registry.');
      return undefined;
    }
    let client: RegistryClient;
    try {
      // Refuses a URL with credentials in it (the token belongs in secret storage); the message shows it redacted.
      client = new RegistryClient({ baseUrl: url, token: await this.tokens.registryToken(), source: 'vscode' });
    } catch (e) {
      const why = e instanceof RegistryError ? e.message : `unexpected error: ${(e as Error).message}`;
      log().error(`registry sync: ${why}`);
      void notify('error', `Credential Hygiene: ${why}. Set credentialHygiene.registry.url without credentials and the token with "Credential Hygiene: Set Registry Token".`);
      return undefined;
    }
    await this.ownership.load();
    const results: SyncResult[] = [];
    let failed = false;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Credential Hygiene: syncing owners with the registry' }, async () => {
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const fs = this.ownership.stateFor(folder.uri);
        if (!fs) continue;
        const registerFile = path.join(folder.uri.fsPath, fs.state.registerPath);
        const before = await readWorkspaceFile(vscode.Uri.file(registerFile));
        if ('missing' in before) continue;
        try {
          const r = await syncRegister({ registerFile, client, registryUrl: url, push: true, resolve });
          results.push(r);
          const after = await readWorkspaceFile(vscode.Uri.file(registerFile));
          if (!('text' in after)) throw new SyncError(`cannot read ${registerFile} after the sync: ${'refused' in after ? after.refused : 'it is gone'}`);
          this.publish(registerFile, r, after.text);
          this.ownership.update(vscode.Uri.file(registerFile), after.text);
          log().info(`registry sync of ${fs.state.registerPath}: ${r.actions.filter((a) => a.kind !== 'unchanged').length} change(s), ${r.conflicts.length} conflict(s), ${r.orphans.length} orphan(s)`);
        } catch (e) {
          const why = e instanceof SyncError || e instanceof RegistryError ? e.message : `unexpected error: ${(e as Error).message}`;
          log().error(`registry sync failed: ${why}`);
          void notify('error', `Credential Hygiene: registry sync failed: ${why}. Nothing was changed locally.`);
          failed = true;
          return;
        }
      }
    });
    this.ownership.evaluateNow();
    if (failed) return undefined;
    const conflicts = results.reduce((n, r) => n + r.conflicts.length, 0);
    const changed = results.reduce((n, r) => n + r.actions.filter((a) => a.kind !== 'unchanged').length, 0);
    void notify(conflicts ? 'warning' : 'info', `Registry sync: ${changed} change(s)${conflicts ? `, ${conflicts} conflict(s) to settle in credentials.yaml` : ''}.`);
    return results;
  }

  private publish(registerFile: string, r: SyncResult, text: string): void {
    const uri = vscode.Uri.file(registerFile);
    const register = parseRegister(text, path.basename(registerFile));
    const at = (id: string) => toRange(register.identities.find((i) => i.id === id)?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    const diagnostics: vscode.Diagnostic[] = [];
    for (const c of r.conflicts) {
      const d = new vscode.Diagnostic(at(c.id), `Registry conflict on ${c.id}.${c.field}: it changed here and in the registry since the last sync.`, vscode.DiagnosticSeverity.Warning);
      d.source = REGISTRY_SOURCE;
      d.code = 'registry/conflict';
      diagnostics.push(d);
    }
    for (const o of r.orphans) {
      const d = new vscode.Diagnostic(at(o.id), o.message, vscode.DiagnosticSeverity.Warning);
      d.source = REGISTRY_SOURCE;
      d.code = 'registry/orphaned';
      diagnostics.push(d);
    }
    this.collection.set(uri, diagnostics);
  }

  provideCodeActions(_doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== REGISTRY_SOURCE || d.code !== 'registry/conflict') continue;
      const id = /^Registry conflict on ([^.]+)\./.exec(d.message)?.[1];
      if (!id) continue;
      for (const [title, side] of [[`Take the registry's values for ${id}`, 'registry'], [`Keep mine for ${id} and push`, 'mine']] as const) {
        const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        a.command = { title, command: 'credentialHygiene.syncRegistry', arguments: [{ resolve: { [id]: side } }] };
        a.diagnostics = [d];
        actions.push(a);
      }
    }
    return actions;
  }

  dispose(): void {
    this.collection.dispose();
  }
}
