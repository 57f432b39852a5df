// The secrets feature: live diagnostics for open documents, the workspace scan on workers, hovers,
// quick-fixes (move to .env, vault reference, suppress, fix all), the findings tree and the status bar.
import * as vscode from 'vscode';
import type { VaultProviderId } from '../../core/fix/vault-ref';
import { keep, type FeatureContext } from '../feature';
import type { HistoryIndex } from '../history/history-index';
import { loadedProjectFor } from '../project';
import { readSettings } from '../settings';
import { currentPrompter, notify } from '../ui';
import { markFixed } from '../walkthrough';
import { DocumentScanner } from './diagnostics/document-scanner';
import { FindingsStore } from './diagnostics/findings-store';
import { editorResultsFolder } from './diagnostics/results-folder';
import { WorkspaceScanner } from './diagnostics/workspace-scanner';
import { SecretCodeActions } from './fixes/code-actions';
import { fixAgentConfig } from './fixes/agent-config';
import { ignoreEnvFile } from './fixes/env-file';
import { fixAll, undoFixAll } from './fixes/fix-all';
import { moveToEnv } from './fixes/move-to-env';
import { addToBaseline, suppressInline } from './fixes/suppress';
import { resolveTarget, type FindingRef } from './fixes/target';
import { MoveUndoWatcher } from './fixes/undo-watch';
import { replaceWithVaultReference, type OwnerLookup } from './fixes/vault-reference';
import { FindingsTree } from './findings-tree';
import { SecretHover } from './hover';
import { createStatusBar } from './status-bar';

/** What the secrets feature asks of ownership (answered once the ownership feature is registered). */
export interface OwnerQueries {
  /** Whether no identity in the register owns this name (undefined: not known yet, or checks off). */
  needsOwner(uri: vscode.Uri, name: string): Promise<boolean | undefined>;
  ownersOf: OwnerLookup;
}

export interface SecretsFeature {
  store: FindingsStore;
  documents: DocumentScanner;
  workspace: WorkspaceScanner;
  moveUndo: MoveUndoWatcher;
  tree: FindingsTree;
  statusBar: vscode.StatusBarItem;
  /** Set by the ownership feature. */
  owners: OwnerQueries | undefined;
  /** The git-history index the hover asks (set by the composition; trusted workspaces only). */
  history: HistoryIndex | undefined;
}

/**
 * `scanAndRecord`: what "Scan Workspace for Secrets" runs (the composition adds ownership and the
 * report's trend to the plain workspace scan).
 */
export function registerSecrets(ctx: FeatureContext, scanAndRecord: () => Promise<unknown>): SecretsFeature {
  // How a file's findings show: the severity mapping, and its project's minimum confidence (the
  // setting when someone set it, else .credential-hygiene.json's, as in the CLI).
  const store = new FindingsStore(ctx.publisher, (uri) => ({ severity: readSettings().severity, minConfidence: loadedProjectFor(uri).config.minConfidence ?? 'medium' }));
  const documents = new DocumentScanner(store);
  const moveUndo = new MoveUndoWatcher();
  const workspace = new WorkspaceScanner(store, ctx.watcher, () => documents.rescanOpen(), editorResultsFolder(ctx.context));
  const tree = new FindingsTree(store);
  const status = createStatusBar(store);
  const feature: SecretsFeature = { store, documents, workspace, moveUndo, tree, statusBar: status.item, owners: undefined, history: undefined };

  const withTarget = (run: (t: NonNullable<Awaited<ReturnType<typeof resolveTarget>>>) => Promise<boolean>) => async (ref: FindingRef) => {
    const t = await resolveTarget(ref);
    if (!t) {
      void notify('info', vscode.l10n.t('Credential Hygiene: that finding is no longer in the file.'));
      return false;
    }
    const ok = await run(t);
    markFixed(ok);
    await documents.scanNow(t.doc);
    return ok;
  };
  const ownersOf: OwnerLookup = (uri, name) => feature.owners?.ownersOf(uri, name);

  keep(ctx,
    store, documents, workspace, moveUndo, status,
    vscode.languages.registerCodeActionsProvider(ctx.selector, new SecretCodeActions(store, async (uri, name) => feature.owners?.needsOwner(uri, name)), { providedCodeActionKinds: SecretCodeActions.kinds }),
    vscode.languages.registerHoverProvider(ctx.selector, new SecretHover(store, () => feature.history)),
    vscode.window.createTreeView('credentialHygiene.findings', { treeDataProvider: tree, showCollapseAll: true }),
    vscode.commands.registerCommand('credentialHygiene.scanWorkspace', scanAndRecord),
    vscode.commands.registerCommand('credentialHygiene.groupByFile', () => tree.setGrouping('file')),
    vscode.commands.registerCommand('credentialHygiene.groupByRule', () => tree.setGrouping('rule')),
    vscode.commands.registerCommand('credentialHygiene.moveToEnv', withTarget((t) => moveToEnv(t, moveUndo))),
    vscode.commands.registerCommand('credentialHygiene.fixAgentConfig', withTarget((t) => fixAgentConfig(t, moveUndo))),
    vscode.commands.registerCommand('credentialHygiene.replaceWithVaultReference', (ref: FindingRef, provider?: VaultProviderId) =>
      withTarget((t) => replaceWithVaultReference(t, ctx.tokens, provider, ownersOf))(ref)),
    vscode.commands.registerCommand('credentialHygiene.suppressInline', (ref: FindingRef, reason?: string) => withTarget((t) => suppressInline(t, reason))(ref)),
    vscode.commands.registerCommand('credentialHygiene.addToBaseline', (ref: FindingRef, reason?: string) => withTarget((t) => addToBaseline(t, reason))(ref)),
    vscode.commands.registerCommand('credentialHygiene.ignoreEnvFile', async (uri: string, tracked: boolean) => {
      const ok = await ignoreEnvFile(vscode.Uri.parse(uri), tracked);
      documents.rescanOpen();
      return ok;
    }),
    vscode.commands.registerCommand('credentialHygiene.fixAllInFile', async (o?: { uri?: string; ruleId?: string }) => {
      const uri = o?.uri ? vscode.Uri.parse(o.uri) : vscode.window.activeTextEditor?.document.uri;
      if (!uri) return false;
      const done = await fixAll(store, { uri, ruleId: o?.ruleId }, moveUndo);
      markFixed(done);
      return done;
    }),
    vscode.commands.registerCommand('credentialHygiene.fixAllInWorkspace', async (o?: { ruleId?: string }) => {
      const done = await fixAll(store, { ruleId: o?.ruleId }, moveUndo);
      markFixed(done);
      return done;
    }),
    vscode.commands.registerCommand('credentialHygiene.undoFixAll', () => undoFixAll(moveUndo)),
    vscode.commands.registerCommand('credentialHygiene.setVaultToken', async () => {
      const token = await currentPrompter().askToken();
      if (token) {
        await ctx.tokens.setVaultToken(token);
        void notify('info', vscode.l10n.t('Credential Hygiene: Vault token saved in secret storage.'));
      }
    }),
    vscode.commands.registerCommand('credentialHygiene.clearVaultToken', async () => {
      await ctx.tokens.clearVaultToken();
      void notify('info', vscode.l10n.t('Credential Hygiene: Vault token removed.'));
    }),
  );
  return feature;
}
