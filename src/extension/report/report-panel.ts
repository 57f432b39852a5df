// "Credential Hygiene: Open Workspace Report": the report model (src/core/report) rendered in a
// webview with a strict CSP and a nonce, assets from media/report, colours from the VS Code theme.
// Each workspace scan stores a counts-only summary in workspace storage, so the report draws a trend.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../../core/findings';
import type { InventoryEntry, OwnershipFinding } from '../../core/ownership';
import type { InventoryKey } from '../../core/types/certificates';
import { renderWorkspaceHtml } from '../../core/report/html';
import { toWorkspaceMarkdown } from '../../core/report/workspace-formats';
import { appendHistory, buildWorkspaceReport, parseHistory, summarize, type WorkspaceReport } from '../../core/report/workspace-report';
import type { HistoryIndex } from '../history/history-index';
import type { FindingsStore } from '../secrets/diagnostics/findings-store';
import { log } from '../logger';
import type { OwnershipManager } from '../ownership/ownership-manager';
import { notify } from '../ui';

const HISTORY_KEY = 'credentialHygiene.reportHistory';

export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The last model and HTML shown (the extension-host tests read them). */
  lastModel: WorkspaceReport | undefined;
  lastHtml = '';

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly store: FindingsStore,
    private readonly ownership: OwnershipManager,
    private readonly scanWorkspace: () => Promise<unknown>,
    private readonly history?: HistoryIndex,
  ) {}

  /** The model from what the editor knows now: every file's findings and the ownership results. */
  model(): WorkspaceReport {
    const findings: Finding[] = [];
    const suppressed: Finding[] = [];
    for (const e of this.store.all()) {
      findings.push(...e.findings);
      suppressed.push(...e.suppressed);
    }
    const results = this.ownership.results();
    const owned: { findings: OwnershipFinding[]; suppressed: OwnershipFinding[]; inventory: InventoryEntry[]; keys: InventoryKey[] } = { findings: [], suppressed: [], inventory: [], keys: [] };
    for (const { result } of results) {
      owned.findings.push(...result.findings);
      owned.suppressed.push(...result.suppressed);
      owned.inventory.push(...result.inventory);
      owned.keys.push(...(result.crypto?.keys ?? []));
    }
    // Folders without ownership: their certificate checks all the same.
    const certificates: typeof owned = { findings: [], suppressed: [], inventory: [], keys: [] };
    for (const { result, owning } of this.ownership.certificateResults()) {
      if (owning) continue;
      // With ownership on in another folder, they join its (the report counts cert/* apart either way).
      const into = results.length ? owned : certificates;
      into.findings.push(...result.findings);
      into.suppressed.push(...result.suppressed);
      into.inventory.push(...result.inventory);
      into.keys.push(...(result.crypto?.keys ?? []));
    }
    const folder = vscode.workspace.workspaceFolders?.[0];
    const leaked = this.history?.section(folder);
    return buildWorkspaceReport({
      root: folder?.uri.fsPath ?? 'workspace',
      version: String(this.context.extension.packageJSON.version ?? '0.0.0'),
      now: new Date(), // the report's own time; expiry was judged by the ownership clock
      findings, suppressed,
      ownership: results.length ? owned : undefined,
      ...(!results.length && (certificates.inventory.length || certificates.keys.length) ? { certificates } : {}),
      history: parseHistory(this.context.workspaceState.get(HISTORY_KEY)),
      ...(leaked ? { leakedInHistory: leaked } : {}),
    });
  }

  /** After a workspace scan: keep a counts-only summary for the trend (capped). */
  async recordScan(): Promise<void> {
    const history = parseHistory(this.context.workspaceState.get(HISTORY_KEY));
    await this.context.workspaceState.update(HISTORY_KEY, appendHistory(history, summarize(this.model())));
  }

  async show(): Promise<void> {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Credential Hygiene: building the workspace report') }, async () => {
      if (!this.store.all().length) await this.scanWorkspace();
      await this.ownership.load();
      this.ownership.evaluateNow();
    });
    const media = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'report');
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('credentialHygiene.report', vscode.l10n.t('Credential Hygiene Report'), vscode.ViewColumn.Active, {
        enableScripts: true, localResourceRoots: [media],
      });
      this.panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'shield.svg');
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((m: { type: string; path?: string; line?: number; column?: number; format?: string }) => void this.onMessage(m));
    }
    this.render(media);
    this.panel.reveal();
  }

  private render(media: vscode.Uri): void {
    if (!this.panel) return;
    const webview = this.panel.webview;
    this.lastModel = this.model();
    this.lastHtml = renderWorkspaceHtml(this.lastModel, {
      nonce: randomBytes(16).toString('base64'),
      assets: {
        styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.css')).toString(),
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.js')).toString(),
        cspSource: webview.cspSource,
      },
    });
    webview.html = this.lastHtml;
  }

  private async onMessage(m: { type: string; path?: string; line?: number; column?: number; format?: string }): Promise<void> {
    if (m.type === 'open' && m.path) {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) return;
      const pos = new vscode.Position(Math.max(0, (m.line ?? 1) - 1), Math.max(0, (m.column ?? 1) - 1));
      await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, m.path), { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
    } else if (m.type === 'refresh') {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Credential Hygiene: refreshing the report') }, async () => {
        await this.scanWorkspace();
        this.ownership.evaluateNow();
      });
      this.render(vscode.Uri.joinPath(this.context.extensionUri, 'media', 'report'));
    } else if (m.type === 'export') {
      await this.export(m.format === 'markdown' ? 'markdown' : 'html');
    }
  }

  /** Writes the standalone report (one self-contained HTML file, or Markdown) to `target`, or where the user says. */
  async export(format: 'html' | 'markdown', target?: string): Promise<string | undefined> {
    const model = this.lastModel ?? this.model();
    let file = target;
    if (!file) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const uri = await vscode.window.showSaveDialog({
        defaultUri: folder && vscode.Uri.joinPath(folder, format === 'html' ? 'credential-hygiene-report.html' : 'credential-hygiene-report.md'),
        filters: format === 'html' ? { HTML: ['html'] } : { Markdown: ['md'] },
      });
      file = uri?.fsPath;
    }
    if (!file) return undefined;
    writeFileSync(file, format === 'html' ? renderWorkspaceHtml(model) : toWorkspaceMarkdown(model));
    log().info(`exported the workspace report to ${file}`);
    void notify('info', vscode.l10n.t('Report saved to {0}.', path.basename(file)));
    return file;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
