// The Credentials view: the inventory grouped by owner, environment or status, with counts and
// status icons; each credential lists where it is referenced, and a click opens the reference.
import * as vscode from 'vscode';
import type { InventoryEntry, InventoryReference, InventoryStatus } from '../../core/ownership';
import { toRange, type OwnershipManager } from './ownership-manager';

export type Grouping = 'owner' | 'environment' | 'status';

type Node =
  | { kind: 'group'; label: string; entries: Array<{ folder: vscode.WorkspaceFolder; entry: InventoryEntry }> }
  | { kind: 'entry'; folder: vscode.WorkspaceFolder; entry: InventoryEntry }
  | { kind: 'reference'; folder: vscode.WorkspaceFolder; ref: InventoryReference };

const STATUS: Record<InventoryStatus, { icon: string; color?: string; label: () => string }> = {
  expired: { icon: 'error', color: 'errorForeground', label: () => vscode.l10n.t('expired') },
  overdue: { icon: 'history', color: 'list.warningForeground', label: () => vscode.l10n.t('overdue') },
  'no-owner': { icon: 'question', color: 'list.warningForeground', label: () => vscode.l10n.t('no owner') },
  expiring: { icon: 'watch', color: 'list.warningForeground', label: () => vscode.l10n.t('expiring soon') },
  incomplete: { icon: 'warning', color: 'list.warningForeground', label: () => vscode.l10n.t('incomplete') },
  ok: { icon: 'pass', color: 'testing.iconPassed', label: () => vscode.l10n.t('ok') },
  retired: { icon: 'archive', label: () => vscode.l10n.t('retired') },
};

export class CredentialsView implements vscode.TreeDataProvider<Node> {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  grouping: Grouping = 'owner';

  constructor(private readonly manager: OwnershipManager) {
    manager.onDidChange(() => this.emitter.fire());
    void vscode.commands.executeCommand('setContext', 'credentialHygiene.credentialsGroupBy', this.grouping);
  }

  setGrouping(g: Grouping): void {
    this.grouping = g;
    void vscode.commands.executeCommand('setContext', 'credentialHygiene.credentialsGroupBy', g);
    this.emitter.fire();
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.groups();
    if (node.kind === 'group') return node.entries.map(({ folder, entry }) => ({ kind: 'entry', folder, entry }));
    if (node.kind === 'entry') return node.entry.references.map((ref) => ({ kind: 'reference', folder: node.folder, ref }));
    return [];
  }

  private groups(): Node[] {
    const groups = new Map<string, Node & { kind: 'group' }>();
    const noEnvironment = vscode.l10n.t('(no environment)');
    const noOwner = vscode.l10n.t('(no owner)');
    const add = (label: string, folder: vscode.WorkspaceFolder, entry: InventoryEntry) => {
      let g = groups.get(label);
      if (!g) groups.set(label, (g = { kind: 'group', label, entries: [] }));
      g.entries.push({ folder, entry });
    };
    for (const { folder, result } of this.manager.results()) {
      for (const entry of result.inventory) {
        if (this.grouping === 'status') add(STATUS[entry.status].label(), folder, entry);
        else if (this.grouping === 'environment') {
          const envs = entry.environment ? [entry.environment] : entry.environments.length ? entry.environments : [noEnvironment];
          for (const e of envs) add(e, folder, entry);
        } else add(entry.owners.technical ?? entry.owners.business ?? noOwner, folder, entry);
      }
    }
    // The "none" groups go last, whatever their translation starts with.
    const order = (l: string) => (l === noEnvironment || l === noOwner ? 1 : 0);
    return [...groups.values()].sort((a, b) => order(a.label) - order(b.label) || a.label.localeCompare(b.label));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      const bad = node.entries.filter((e) => e.entry.status !== 'ok').length;
      item.description = bad ? vscode.l10n.t('{0} · {1} need attention', node.entries.length, bad) : `${node.entries.length}`;
      item.iconPath = new vscode.ThemeIcon(this.grouping === 'owner' ? 'person' : this.grouping === 'environment' ? 'server-environment' : STATUS[node.entries[0].entry.status].icon);
      return item;
    }
    if (node.kind === 'entry') {
      const { entry } = node;
      const s = STATUS[entry.status];
      const item = new vscode.TreeItem(entry.id, entry.references.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.description = [s.label(), entry.provider, entry.environment].filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon(s.icon, s.color ? new vscode.ThemeColor(s.color) : undefined);
      // Register fields come from the workspace: plain text, never markdown (an image link would be a
      // request to anywhere, even in Restricted Mode).
      const tip = new vscode.MarkdownString();
      tip.appendText([
        `${entry.id} — ${s.label()}`,
        vscode.l10n.t('business owner: {0} · technical owner: {1}', entry.owners.business ?? '—', entry.owners.technical ?? '—'),
        entry.purpose ? vscode.l10n.t('purpose: {0}', entry.purpose) : '',
        entry.expires ? vscode.l10n.t('expires: {0}', entry.expires) : '',
        entry.nextRotation ? vscode.l10n.t('next rotation: {0}', entry.nextRotation) : '',
        entry.missing.length ? vscode.l10n.t('missing: {0}', entry.missing.join(', ')) : '',
      ].filter(Boolean).join('\n\n'));
      item.tooltip = tip;
      if (entry.declaredAt) item.command = { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [vscode.Uri.joinPath(node.folder.uri, entry.declaredAt.path), { selection: toRange(entry.declaredAt.range) }] };
      item.contextValue = `credential-${entry.status}`;
      return item;
    }
    const { ref } = node;
    const item = new vscode.TreeItem(`${ref.path}:${ref.range.start.line + 1}`, vscode.TreeItemCollapsibleState.None);
    item.description = [ref.name, ref.environment].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('references');
    item.command = { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [vscode.Uri.joinPath(node.folder.uri, ref.path), { selection: toRange(ref.range) }] };
    return item;
  }
}
