// "Sync Owners with Registry": each folder's credentials.yaml against the central registry. The sync is
// planned by src/core/registry/plan (three-way merge, pure) from the register as the editor has it, and
// its changes to the register are applied to the document as one WorkspaceEdit and saved, so undo works
// and unsaved changes elsewhere in an open register are kept. Conflicts and orphaned credentials become diagnostics on the
// register's entries, with quick-fixes to take the registry's values or keep mine and push. Only in a
// trusted workspace, only to the user-level registry URL; a failing registry changes nothing locally.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseRegister } from '../../core/ownership';
import { RegistryClient, RegistryError } from '../../core/registry/client';
import { planAgainstRegistry, readSyncState, resultOf, sendSightings, SyncError, syncStatePath, writeSyncState, type SyncResult } from '../../core/registry/sync';
import { REPOSITORY_NAME } from '../../core/registry/types';
import { log } from '../logger';
import type { OwnershipManager } from '../ownership/ownership-manager';
import { toRange } from '../ownership/ownership-manager';
import type { DiagnosticsPublisher, Published } from '../publisher';
import type { TokenStore } from '../token-store';
import { readSettings } from '../settings';
import { notify } from '../ui';
import { readWorkspaceFile } from '../workspace-read';

export const REGISTRY_SOURCE = 'Credential Hygiene (registry)';

/** What a registry diagnostic stands for: the identity its quick-fixes settle. */
interface ConflictData {
  id: string;
}

export class RegistrySync implements vscode.Disposable, vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  constructor(private readonly publisher: DiagnosticsPublisher, private readonly ownership: OwnershipManager, private readonly tokens: TokenStore) {}

  /** Syncs every folder that has a register; `resolve` settles an identity's conflicts. */
  async sync(resolve?: Record<string, 'registry' | 'mine'>): Promise<SyncResult[] | undefined> {
    if (!vscode.workspace.isTrusted) {
      void notify('warning', vscode.l10n.t('Credential Hygiene: registry sync is off in an untrusted workspace (no network calls).'));
      return undefined;
    }
    const url = readSettings().registry.url;
    if (!url) {
      void notify('info', vscode.l10n.t('Credential Hygiene: set credentialHygiene.registry.url in your user settings to sync owners with a registry.'));
      return undefined;
    }
    let client: RegistryClient;
    try {
      // Refuses a URL with credentials in it (the token belongs in secret storage); the message shows it redacted.
      client = new RegistryClient({ baseUrl: url, token: await this.tokens.registryToken(), source: 'vscode' });
    } catch (e) {
      const why = e instanceof RegistryError ? e.message : `unexpected error: ${(e as Error).message}`;
      log().error(`registry sync: ${why}`);
      void notify('error', vscode.l10n.t('Credential Hygiene: {0}. Set credentialHygiene.registry.url without credentials and the token with "Credential Hygiene: Set Registry Token".', why));
      return undefined;
    }
    await this.ownership.load();
    const results: SyncResult[] = [];
    let failed = false;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Credential Hygiene: syncing owners with the registry') }, async () => {
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const fs = this.ownership.stateFor(folder.uri);
        if (!fs) continue;
        const registerFile = path.join(folder.uri.fsPath, fs.state.registerPath);
        try {
          // lastSeen: what this folder references now, once the whole folder has been read.
          const referenced = fs.model.coverage.complete && fs.result
            ? new Set(fs.result.inventory.filter((e) => e.source !== 'unregistered' && e.references.length > 0).map((e) => e.id)) : undefined;
          const repository = REPOSITORY_NAME.test(folder.name) ? folder.name : undefined;
          const r = await this.syncFolder(registerFile, client, url, resolve, repository ? referenced : undefined, repository);
          if (!r) continue;
          results.push(r);
          log().info(`registry sync of ${fs.state.registerPath}: ${r.actions.filter((a) => a.kind !== 'unchanged').length} change(s), ${r.conflicts.length} conflict(s), ${r.orphans.length} orphan(s)`);
        } catch (e) {
          const why = e instanceof SyncError || e instanceof RegistryError ? e.message : `unexpected error: ${(e as Error).message}`;
          log().error(`registry sync failed: ${why}`);
          void notify('error', vscode.l10n.t('Credential Hygiene: registry sync failed: {0}. Nothing was changed locally.', why));
          failed = true;
          return;
        }
      }
    });
    this.ownership.evaluateNow();
    if (failed) return undefined;
    const conflicts = results.reduce((n, r) => n + r.conflicts.length, 0);
    const changed = results.reduce((n, r) => n + r.actions.filter((a) => a.kind !== 'unchanged').length, 0);
    void notify(conflicts ? 'warning' : 'info', conflicts
      ? vscode.l10n.t('Registry sync: {0} change(s), {1} conflict(s) to settle in credentials.yaml.', changed, conflicts)
      : vscode.l10n.t('Registry sync: {0} change(s).', changed));
    return results;
  }

  /**
   * One register: plan from the text the editor has (unsaved changes included), send the pushes, then
   * apply the plan's edits to the register's document as one WorkspaceEdit (one undo step; an unsaved
   * change elsewhere stays) and save it, then write the sync state. Undefined when there is no register.
   */
  private async syncFolder(registerFile: string, client: RegistryClient, url: string, resolve?: Record<string, 'registry' | 'mine'>, referenced?: ReadonlySet<string>, repository?: string): Promise<SyncResult | undefined> {
    const uri = vscode.Uri.file(registerFile);
    const disk = await readWorkspaceFile(uri);
    if ('missing' in disk) return undefined;
    if ('refused' in disk) throw new SyncError(`cannot read ${registerFile}: ${disk.refused}`);
    const doc = await registerDocument(uri, disk.text);
    const text = doc.getText();
    const version = doc.version;
    const stateFile = syncStatePath(registerFile);
    const state = await readSyncState(stateFile, url);
    const plan = await planAgainstRegistry({ text, registerFile, state, client, registryUrl: url, push: true, resolve, referenced });
    if (plan.registerEdits.length) {
      if (doc.version !== version) throw new SyncError(`${registerFile} was edited while syncing; sync again`);
      const edit = new vscode.WorkspaceEdit();
      for (const e of plan.registerEdits) edit.replace(uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
      if (!(await vscode.workspace.applyEdit(edit))) throw new SyncError(`the editor did not apply the registry's changes to ${registerFile}`);
      if (!(await doc.save())) throw new SyncError(`${registerFile} could not be saved after the registry's changes`);
    }
    writeSyncState(stateFile, plan.newState);
    const r = resultOf(plan, { registerFile, stateFile, registry: url, dryRun: false, push: true });
    if (plan.sightings.length && repository) {
      r.lastSeen = { repository, ...(await sendSightings(client, repository, plan.sightings)) };
      if (r.lastSeen.error) log().warn(`registry sync: lastSeen not reported: ${r.lastSeen.error}`);
    }
    this.publish(registerFile, r, doc.getText());
    this.ownership.update(uri, doc.getText());
    return r;
  }

  private publish(registerFile: string, r: SyncResult, text: string): void {
    const uri = vscode.Uri.file(registerFile);
    const register = parseRegister(text, path.basename(registerFile));
    const at = (id: string) => toRange(register.identities.find((i) => i.id === id)?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    const diagnostics: Array<Published<ConflictData>> = [];
    for (const c of r.conflicts) {
      const d = new vscode.Diagnostic(at(c.id), `Registry conflict on ${c.id}.${c.field}: it changed here and in the registry since the last sync.`, vscode.DiagnosticSeverity.Warning);
      d.source = REGISTRY_SOURCE;
      d.code = 'registry/conflict';
      diagnostics.push({ diagnostic: d, data: { id: c.id } });
    }
    for (const o of r.orphans) {
      const d = new vscode.Diagnostic(at(o.id), o.message, vscode.DiagnosticSeverity.Warning);
      d.source = REGISTRY_SOURCE;
      d.code = 'registry/orphaned';
      diagnostics.push({ diagnostic: d, data: { id: o.id } });
    }
    this.publisher.set(uri, 'registry', diagnostics);
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== REGISTRY_SOURCE || d.code !== 'registry/conflict') continue;
      const id = this.publisher.lookup<ConflictData>(doc.uri, 'registry', d)?.id;
      if (!id) continue;
      for (const [title, side] of [[vscode.l10n.t('Take the registry\'s values for {0}', id), 'registry'], [vscode.l10n.t('Keep mine for {0} and push', id), 'mine']] as const) {
        const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        a.command = { title, command: 'credentialHygiene.syncRegistry', arguments: [{ resolve: { [id]: side } }] };
        a.diagnostics = [d];
        actions.push(a);
      }
    }
    return actions;
  }

  dispose(): void {
    this.publisher.clear('registry');
  }
}

/**
 * The register's document, as the editor has it. A document without unsaved changes must show what is
 * on disk: the editor reloads it after a change on disk, so wait briefly for that rather than edit a stale copy.
 */
async function registerDocument(uri: vscode.Uri, diskText: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  for (let waited = 0; !doc.isDirty && doc.getText() !== diskText; waited += 50) {
    if (waited >= 3000) throw new SyncError(`${uri.fsPath} changed on disk while open; sync again`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return doc;
}
