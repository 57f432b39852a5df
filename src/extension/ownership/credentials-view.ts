// The Credentials view: the inventory grouped by owner, environment or status, with counts and
// status icons; each credential lists where it is referenced, and a click opens the reference.
import * as vscode from 'vscode';
import type { InventoryEntry, InventoryReference, InventoryStatus } from '../../core/ownership';
import { toRange, type OwnershipManager } from './ownership-manager';

export type Grouping = 'owner' | 'environment' | 'status';

type Node =
  | { kind: 'group'; label: string; entries: Array<{ folder: vscode.WorkspaceFolder; entry: InventoryEntry }>; certificates?: boolean }
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
    const sorted: Node[] = [...groups.values()].sort((a, b) => order(a.label) - order(b.label) || a.label.localeCompare(b.label));
    // A certificates section after the groups: every certificate again, soonest expiry first (register or not).
    const certs = this.manager.certificateResults().flatMap(({ folder, result }) => result.inventory.filter((entry) => entry.certificate).map((entry) => ({ folder, entry })));
    if (certs.length) {
      certs.sort((a, b) => Date.parse(a.entry.certificate!.notAfter) - Date.parse(b.entry.certificate!.notAfter));
      sorted.push({ kind: 'group', label: vscode.l10n.t('Certificates'), entries: certs, certificates: true });
    }
    return sorted;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      const bad = node.entries.filter((e) => e.entry.status !== 'ok').length;
      item.description = bad ? vscode.l10n.t('{0} · {1} need attention', node.entries.length, bad) : `${node.entries.length}`;
      item.iconPath = new vscode.ThemeIcon(node.certificates ? 'lock' : this.grouping === 'owner' ? 'person' : this.grouping === 'environment' ? 'server-environment' : STATUS[node.entries[0].entry.status].icon);
      return item;
    }
    if (node.kind === 'entry') {
      const { entry } = node;
      const s = STATUS[entry.status];
      const item = new vscode.TreeItem(entry.id, entry.references.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      const cert = entry.certificate;
      // A certificate says when it expires, in days, and which key it has.
      const left = cert ? Math.ceil((Date.parse(cert.notAfter) - this.manager.now().getTime()) / 86_400_000) : undefined;
      const days = left === undefined ? '' : left > 0 ? vscode.l10n.t('{0} days left', left) : vscode.l10n.t('expired {0} days ago', -left);
      item.description = [s.label(), days, cert?.key.name, entry.provider, entry.environment].filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon(entry.status === 'ok' && entry.source === 'certificate' ? 'lock' : s.icon, s.color ? new vscode.ThemeColor(s.color) : undefined);
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
        cert ? vscode.l10n.t('subject: {0} · issuer: {1}', cert.subject, cert.issuer) : '',
        cert ? vscode.l10n.t('valid {0} → {1} · {2} · {3}', cert.notBefore.slice(0, 10), cert.notAfter.slice(0, 10), cert.key.name, cert.signature.name) : '',
      ].filter(Boolean).join('\n\n'));
      item.tooltip = tip;
      if (entry.declaredAt) item.command = { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [vscode.Uri.joinPath(node.folder.uri, entry.declaredAt.path), { selection: toRange(entry.declaredAt.range) }] };
      item.contextValue = `credential-${entry.status}`;
      return item;
    }
    const { ref } = node;
    const item = new vscode.TreeItem(`${ref.path}:${ref.range.start.line + 1}`, vscode.TreeItemCollapsibleState.None);
    item.description = [ref.name, ref.environment].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(ref.kind === 'agent' ? 'hubot' : 'references');
    if (ref.kind === 'agent') item.tooltip = vscode.l10n.t('MCP server {0}: an AI agent\'s access, configured in {1}', ref.name.slice('agent:'.length), ref.path);
    item.command = { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [vscode.Uri.joinPath(node.folder.uri, ref.path), { selection: toRange(ref.range) }] };
    return item;
  }
}
