// Activation only registers: providers, commands, listeners. Scanning starts after the workbench
// has settled (open documents first, then the workspace if the setting allows).
import * as vscode from 'vscode';
import type { VaultProviderId } from '../core/fix/vault-ref';
import { observeReads } from '../core/files/bounded';
import { findIdentity } from '../core/ownership';
import { DocumentScanner } from './diagnostics/document-scanner';
import { FindingsStore } from './diagnostics/findings-store';
import { forgetGitState } from './diagnostics/git-state';
import { WorkspaceScanner } from './diagnostics/workspace-scanner';
import { SecretCodeActions } from './fixes/code-actions';
import { ignoreEnvFile } from './fixes/env-file';
import { buildFixAll, finishFixAll, fixAll, undoFixAll, type FixAllOptions, type FixAllPlan } from './fixes/fix-all';
import { moveToEnv } from './fixes/move-to-env';
import { addToBaseline, suppressInline } from './fixes/suppress';
import { resolveTarget, type FindingRef } from './fixes/target';
import { MoveUndoWatcher } from './fixes/undo-watch';
import { replaceWithVaultReference } from './fixes/vault-reference';
import { SecretHover } from './hover';
import { CertificateHover } from './ownership/certificate-hover';
import { createLog, log } from './logger';
import { invalidateProjects, loadedProjectFor } from './project';
import { TokenStore } from './secrets';
import { affectsSettings, readSettings } from './settings';
import { createStatusBar } from './status-bar';
import { currentPrompter, setPrompter, shownMessages, notify } from './ui';
import { FindingsTree } from './views/findings-tree';
import { OwnershipCodeActions, ownershipStateSoon } from './ownership/code-actions';
import { CredentialsView } from './ownership/credentials-view';
import { addOwnerTag, type TagRequest } from './ownership/owner-tag';
import { OwnershipManager } from './ownership/ownership-manager';
import { createRegister, registerOwner, type RegisterRequest } from './ownership/register-owner';
import { ReportPanel } from './report/report-panel';
import { RegistrySync } from './registry/registry-sync';

/** What the extension exports: used by its own extension-host tests. */
export interface CredentialHygieneApi {
  store: FindingsStore;
  documents: DocumentScanner;
  scanWorkspace: WorkspaceScanner['scanWorkspace'];
  /** Fix-all in two halves, as the commands run it: plan and write `.env`, then apply, check and say. */
  buildFixAll(o: FixAllOptions): ReturnType<typeof buildFixAll>;
  applyFixAll(plan: FixAllPlan): Promise<boolean>;
  /** Watches undos of moves to offer taking the values back out of `.env`. */
  moveUndo: MoveUndoWatcher;
  setPrompter: typeof setPrompter;
  messages: typeof shownMessages;
  /** How long activate() took (the benchmark reads it). */
  activationMs: number;
  ownership: OwnershipManager;
  credentialsView: CredentialsView;
  report: ReportPanel;
  registry: RegistrySync;
  statusBar: vscode.StatusBarItem;
  /** Reads by the bounded reader, by absolute path (outside production only: tests and the benchmark count them). */
  reads?: ReadCounter;
  /** The start-up analysis of the workspace: when it was complete (ms after activation began) and what it read. */
  startup: Promise<StartupFigures>;
}

export interface ReadCounter {
  readonly counts: Map<string, number>;
  reset(): void;
}

export interface StartupFigures {
  /** Milliseconds from activation to a complete workspace model (scan done, ownership evaluated). */
  ms: number;
  /** Files the bounded reader was asked to read by then, and how many of those reads were repeats. */
  reads: number;
  repeated: number;
  /** Reads by path by then (other activity, tests' file writes say, counts too). */
  counts: Map<string, number>;
  /** Workspace scans started by then (a test may start its own while the start-up one runs). */
  scans: number;
}

function countReads(): ReadCounter {
  const counts = new Map<string, number>();
  observeReads((f) => counts.set(f, (counts.get(f) ?? 0) + 1));
  return { counts, reset: () => counts.clear() };
}

export function activate(context: vscode.ExtensionContext): CredentialHygieneApi {
  const started = performance.now();
  const reads = context.extensionMode === vscode.ExtensionMode.Production ? undefined : countReads();
  const logChannel = createLog();
  // How a file's findings show: the severity mapping, and its project's minimum confidence (the
  // setting when someone set it, else .credential-hygiene.json's, as in the CLI).
  const store = new FindingsStore((uri) => {
    const settings = readSettings();
    return { severity: settings.severity, minConfidence: loadedProjectFor(uri).config.minConfidence ?? 'medium' };
  });
  const tokens = new TokenStore(context.secrets);
  const documents = new DocumentScanner(store);
  const moveUndo = new MoveUndoWatcher();
  // One watcher over the workspace, for the secret findings of closed files and for ownership.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const workspace = new WorkspaceScanner(store, watcher, () => documents.rescanOpen());
  const tree = new FindingsTree(store);
  // One analysis per file: the workspace scan's and the document scanner's analyses feed ownership too.
  const ownership = new OwnershipManager(store, watcher, () => workspace.scanWorkspace({ store: false }));
  workspace.sink = ownership;
  documents.sink = ownership;
  const credentials = new CredentialsView(ownership);
  // A workspace scan also refreshes ownership and leaves a counts-only summary for the report's trend.
  const scanAndRecord = async () => {
    const result = await workspace.scanWorkspace();
    await ownership.load();
    ownership.evaluateNow();
    await report.recordScan();
    return result;
  };
  const report = new ReportPanel(context, store, ownership, scanAndRecord);
  const registry = new RegistrySync(ownership, tokens);
  const status = createStatusBar(store);
  const selector: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }];

  const ownersOf = (uri: vscode.Uri, name: string) => {
    const fs = ownership.stateFor(uri);
    const identity = fs && findIdentity(fs.result?.identities ?? fs.state.currentRegister.identities, { name });
    return identity ? { id: identity.id, business: identity.owners.business, technical: identity.owners.technical } : undefined;
  };
  const needsOwner = async (uri: vscode.Uri, name: string) => {
    const fs = await ownershipStateSoon(ownership, uri);
    return fs ? !findIdentity(fs.result?.identities ?? fs.state.currentRegister.identities, { name }) : undefined;
  };
  const withTarget = (run: (t: NonNullable<Awaited<ReturnType<typeof resolveTarget>>>) => Promise<boolean>) => async (ref: FindingRef) => {
    const t = await resolveTarget(ref);
    if (!t) {
      void notify('info', vscode.l10n.t('Credential Hygiene: that finding is no longer in the file.'));
      return false;
    }
    const ok = await run(t);
    await documents.scanNow(t.doc);
    return ok;
  };

  context.subscriptions.push(
    logChannel, watcher, store, documents, workspace, ownership, moveUndo,
    vscode.languages.registerCodeActionsProvider(selector, new OwnershipCodeActions(ownership), { providedCodeActionKinds: OwnershipCodeActions.kinds }),
    vscode.window.createTreeView('credentialHygiene.credentials', { treeDataProvider: credentials, showCollapseAll: true }),
    vscode.commands.registerCommand('credentialHygiene.registerOwner', (req: RegisterRequest) => registerOwner(ownership, req)),
    vscode.commands.registerCommand('credentialHygiene.createRegister', () => createRegister(ownership)),
    // The Credentials view's welcome text differs with the checks on (a register) or off.
    ownership.onDidChange(() => void vscode.commands.executeCommand('setContext', 'credentialHygiene.ownershipOn', ownership.results().length > 0)),
    vscode.commands.registerCommand('credentialHygiene.addOwnerTag', (req: TagRequest) => addOwnerTag(ownership, req)),
    vscode.commands.registerCommand('credentialHygiene.credentialsByOwner', () => credentials.setGrouping('owner')),
    vscode.commands.registerCommand('credentialHygiene.credentialsByEnvironment', () => credentials.setGrouping('environment')),
    vscode.commands.registerCommand('credentialHygiene.credentialsByStatus', () => credentials.setGrouping('status')),
    vscode.commands.registerCommand('credentialHygiene.refreshCredentials', () => ownership.reload()),
    vscode.languages.registerCodeActionsProvider(selector, new SecretCodeActions(store, needsOwner), { providedCodeActionKinds: SecretCodeActions.kinds }),
    vscode.languages.registerHoverProvider(selector, new SecretHover(store)),
    vscode.languages.registerHoverProvider(selector, new CertificateHover(ownership)),
    vscode.window.createTreeView('credentialHygiene.findings', { treeDataProvider: tree, showCollapseAll: true }),
    status,
    vscode.commands.registerCommand('credentialHygiene.scanWorkspace', scanAndRecord),
    report, registry,
    vscode.languages.registerCodeActionsProvider({ pattern: '**/*.{yaml,yml}' }, registry, { providedCodeActionKinds: RegistrySync.kinds }),
    vscode.commands.registerCommand('credentialHygiene.syncRegistry', (o?: { resolve?: Record<string, 'registry' | 'mine'> }) => registry.sync(o?.resolve)),
    vscode.commands.registerCommand('credentialHygiene.setRegistryToken', async () => {
      const token = await currentPrompter().askToken('Registry');
      if (token) {
        await tokens.setRegistryToken(token);
        void notify('info', vscode.l10n.t('Credential Hygiene: registry token saved in secret storage.'));
      }
    }),
    vscode.commands.registerCommand('credentialHygiene.clearRegistryToken', async () => {
      await tokens.clearRegistryToken();
      void notify('info', vscode.l10n.t('Credential Hygiene: registry token removed.'));
    }),
    vscode.commands.registerCommand('credentialHygiene.openReport', () => report.show()),
    vscode.commands.registerCommand('credentialHygiene.exportReport', (o?: { format?: 'html' | 'markdown'; path?: string }) => report.export(o?.format ?? 'html', o?.path)),
    vscode.commands.registerCommand('credentialHygiene.showLog', () => logChannel.show()),
    vscode.commands.registerCommand('credentialHygiene.groupByFile', () => tree.setGrouping('file')),
    vscode.commands.registerCommand('credentialHygiene.groupByRule', () => tree.setGrouping('rule')),
    vscode.commands.registerCommand('credentialHygiene.moveToEnv', withTarget((t) => moveToEnv(t, moveUndo))),
    vscode.commands.registerCommand('credentialHygiene.replaceWithVaultReference', (ref: FindingRef, provider?: VaultProviderId) =>
      withTarget((t) => replaceWithVaultReference(t, tokens, provider, ownersOf))(ref)),
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
      return fixAll(store, { uri, ruleId: o?.ruleId }, moveUndo);
    }),
    vscode.commands.registerCommand('credentialHygiene.fixAllInWorkspace', (o?: { ruleId?: string }) => fixAll(store, { ruleId: o?.ruleId }, moveUndo)),
    vscode.commands.registerCommand('credentialHygiene.undoFixAll', () => undoFixAll(moveUndo)),
    vscode.commands.registerCommand('credentialHygiene.setVaultToken', async () => {
      const token = await currentPrompter().askToken();
      if (token) {
        await tokens.setVaultToken(token);
        void notify('info', vscode.l10n.t('Credential Hygiene: Vault token saved in secret storage.'));
      }
    }),
    vscode.commands.registerCommand('credentialHygiene.clearVaultToken', async () => {
      await tokens.clearVaultToken();
      void notify('info', vscode.l10n.t('Credential Hygiene: Vault token removed.'));
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!affectsSettings(e)) return;
      invalidateProjects();
      store.refresh();
      documents.rescanOpen();
      ownership.evaluateNow();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      invalidateProjects();
      documents.rescanOpen();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      invalidateProjects();
      forgetGitState();
    }),
  );

  let startupDone: (f: StartupFigures) => void = () => undefined;
  const startup = new Promise<StartupFigures>((resolve) => (startupDone = resolve));
  const figures = (): StartupFigures => {
    const counts = [...(reads?.counts.values() ?? [])];
    return {
      ms: performance.now() - started, reads: counts.length, repeated: counts.reduce((n, c) => n + c - 1, 0),
      counts: new Map(reads?.counts ?? []), scans: workspace.scansStarted,
    };
  };
  if (vscode.workspace.workspaceFolders?.length) {
    // After start-up work settles, so activation itself stays cheap. With scanOnStartup off, ownership
    // still needs the workspace: the same one pass runs quietly when a register is there.
    const timer = setTimeout(() => {
      const work = readSettings().scanOnStartup
        ? scanAndRecord().catch((e) => log().error(`workspace scan failed: ${(e as Error).message}`))
        : ownership.load().catch((e) => log().error(`ownership: ${(e as Error).message}`));
      void work.then(() => startupDone(figures()));
    }, 1500);
    context.subscriptions.push({ dispose: () => clearTimeout(timer) });
  } else startupDone(figures());
  context.subscriptions.push({ dispose: () => reads && observeReads(undefined) });
  log().info(`activated (${vscode.workspace.isTrusted ? 'trusted' : 'untrusted: no network, no workspace rules'} workspace)`);

  return {
    activationMs: performance.now() - started,
    store, documents,
    scanWorkspace: scanAndRecord,
    buildFixAll: (o) => buildFixAll(store, o),
    applyFixAll: (plan) => finishFixAll(plan, moveUndo),
    moveUndo,
    setPrompter,
    messages: shownMessages,
    ownership,
    credentialsView: credentials,
    report,
    registry,
    statusBar: status.item,
    reads,
    startup,
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
