// Activation only composes: the shared services (one diagnostics publisher, one watcher, the token
// store), then each feature's register() — secrets, ownership, report, registry (feature folders) —
// and the listeners that cross features. Scanning starts after the workbench has settled (open
// documents first, then the workspace if the setting allows).
import * as vscode from 'vscode';
import { observeReads } from '../core/files/bounded';
import type { FeatureContext } from './feature';
import { HistoryIndex } from './history/history-index';
import { createLog, log } from './logger';
import { registerOwnership } from './ownership/register';
import type { CredentialsView } from './ownership/credentials-view';
import type { OwnershipManager } from './ownership/ownership-manager';
import { invalidateProjects } from './project';
import { DiagnosticsPublisher } from './publisher';
import { registerRegistry } from './registry/register';
import type { RegistrySync } from './registry/registry-sync';
import { registerReport } from './report/register';
import type { ReportPanel } from './report/report-panel';
import type { DocumentScanner } from './secrets/diagnostics/document-scanner';
import type { FindingsStore } from './secrets/diagnostics/findings-store';
import { forgetGitState } from './secrets/diagnostics/git-state';
import type { WorkspaceScanner } from './secrets/diagnostics/workspace-scanner';
import { buildFixAll, finishFixAll, type FixAllOptions, type FixAllPlan } from './secrets/fixes/fix-all';
import type { MoveUndoWatcher } from './secrets/fixes/undo-watch';
import { registerSecrets } from './secrets/register';
import { affectsSettings, readSettings } from './settings';
import { TokenStore } from './token-store';
import { setPrompter, shownMessages } from './ui';

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
  /** The git-history index (hover, report): built in the background after the first workspace scan. */
  history: HistoryIndex;
  registry: RegistrySync;
  statusBar: vscode.StatusBarItem;
  /** Reads by the bounded reader, by absolute path (outside production only: tests and the benchmark count them). */
  reads?: ReadCounter;
  /** The start-up analysis of the workspace: when it was complete (ms after activation began) and what it read. */
  startup: Promise<StartupFigures>;
  /** The extension's global storage folder (scan results are kept in it), when it is on this machine. */
  globalStorage?: string;
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
  const publisher = new DiagnosticsPublisher();
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const ctx: FeatureContext = {
    context, publisher, watcher, tokens: new TokenStore(context.secrets),
    selector: [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }],
  };
  context.subscriptions.push(logChannel, watcher, publisher);

  // A workspace scan also refreshes ownership and leaves a counts-only summary for the report's trend.
  const scanAndRecord = async () => {
    const result = await secrets.workspace.scanWorkspace();
    await ownership.load();
    ownership.evaluateNow();
    await report.recordScan();
    void history.ensure(); // git history in the background (trusted workspaces only; again when HEAD moves)
    return result;
  };
  const secrets = registerSecrets(ctx, scanAndRecord);
  const { ownership, credentials } = registerOwnership(ctx, secrets);
  const history = new HistoryIndex(ownership);
  history.watchCommits();
  secrets.history = history;
  context.subscriptions.push(history);
  const report = registerReport(ctx, secrets.store, ownership, scanAndRecord, history);
  const registry = registerRegistry(ctx, ownership);
  const { store, documents, workspace, moveUndo } = secrets;

  context.subscriptions.push(
    vscode.commands.registerCommand('credentialHygiene.showLog', () => logChannel.show()),
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
    history,
    registry,
    statusBar: secrets.statusBar,
    reads,
    startup,
    globalStorage: context.globalStorageUri.scheme === 'file' ? context.globalStorageUri.fsPath : undefined,
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
