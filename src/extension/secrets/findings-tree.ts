// The activity-bar view: findings by file or by rule; clicking one opens it at the secret.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../../core/findings';
import { toRange, type FindingsStore } from './diagnostics/findings-store';

type Node = { kind: 'group'; label: string; items: Array<{ uri: vscode.Uri; f: Finding }>; uri?: vscode.Uri } | { kind: 'finding'; uri: vscode.Uri; f: Finding };

const SEVERITY_ICON = { critical: 'error', high: 'error', medium: 'warning', low: 'info', info: 'info' } as const;

export class FindingsTree implements vscode.TreeDataProvider<Node> {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private groupBy: 'file' | 'rule' = 'file';

  constructor(private readonly store: FindingsStore) {
    store.onDidChange(() => this.emitter.fire());
    void vscode.commands.executeCommand('setContext', 'credentialHygiene.groupBy', this.groupBy);
  }

  setGrouping(by: 'file' | 'rule'): void {
    this.groupBy = by;
    void vscode.commands.executeCommand('setContext', 'credentialHygiene.groupBy', by);
    this.emitter.fire();
  }

  getChildren(node?: Node): Node[] {
    if (node) return node.kind === 'group' ? node.items.map(({ uri, f }) => ({ kind: 'finding', uri, f })) : [];
    const groups = new Map<string, Node & { kind: 'group' }>();
    for (const entry of this.store.all()) {
      for (const f of entry.findings) {
        const key = this.groupBy === 'file' ? entry.uri.toString() : f.ruleId;
        let g = groups.get(key);
        if (!g) {
          g = { kind: 'group', label: this.groupBy === 'file' ? vscode.workspace.asRelativePath(entry.uri) : `${f.description} (${f.ruleId})`, items: [], uri: this.groupBy === 'file' ? entry.uri : undefined };
          groups.set(key, g);
        }
        g.items.push({ uri: entry.uri, f });
      }
    }
    return [...groups.values()].sort((a, b) => (a.kind === 'group' && b.kind === 'group' ? a.label.localeCompare(b.label) : 0));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.items.length}`;
      if (node.uri) item.resourceUri = node.uri;
      else item.iconPath = new vscode.ThemeIcon('symbol-key');
      item.contextValue = 'group';
      return item;
    }
    const { f, uri } = node;
    const label = this.groupBy === 'file' ? f.description : `${path.basename(uri.fsPath)}:${f.range.start.line + 1}`;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.description = vscode.l10n.t('{0} · line {1}', f.preview, f.range.start.line + 1);
    // Descriptions of custom rules come from the workspace: plain text, never markdown (no links, no images).
    const tip = new vscode.MarkdownString();
    tip.appendText(`${f.description} (${f.severity})\n\n${vscode.l10n.t('{0} · rule {1}', f.preview, f.ruleId)}`);
    // A credential given to an AI agent's MCP server: which server, and where in its configuration.
    if (f.agent) {
      tip.appendText(`\n\n${vscode.l10n.t('MCP server {0} ({1}, {2})', f.agent.server, f.agent.tool, f.agent.key ? `${f.agent.field} ${f.agent.key}` : f.agent.field)}`);
      item.description = vscode.l10n.t('{0} · MCP server {1} · line {2}', f.preview, f.agent.server, f.range.start.line + 1);
    }
    item.tooltip = tip;
    item.iconPath = new vscode.ThemeIcon(SEVERITY_ICON[f.severity]);
    item.command = { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [uri, { selection: toRange(f) }] };
    item.contextValue = 'finding';
    return item;
  }
}
