// The report feature: the workspace report webview (with its trend), export to HTML or Markdown.
import * as vscode from 'vscode';
import { keep, type FeatureContext } from '../feature';
import type { HistoryIndex } from '../history/history-index';
import type { OwnershipManager } from '../ownership/ownership-manager';
import type { FindingsStore } from '../secrets/diagnostics/findings-store';
import { ReportPanel } from './report-panel';

export function registerReport(ctx: FeatureContext, store: FindingsStore, ownership: OwnershipManager, scanAndRecord: () => Promise<unknown>, history: HistoryIndex): ReportPanel {
  const report = new ReportPanel(ctx.context, store, ownership, scanAndRecord, history);
  keep(ctx,
    report,
    vscode.commands.registerCommand('credentialHygiene.openReport', () => report.show()),
    vscode.commands.registerCommand('credentialHygiene.exportReport', (o?: { format?: 'html' | 'markdown'; path?: string }) => report.export(o?.format ?? 'html', o?.path)),
  );
  return report;
}
