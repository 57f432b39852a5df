// Hover on a certificate (a PEM block, a base64 `tls.crt`, a Terraform or cert-manager declaration):
// subject, issuer, validity and days left, algorithms, fingerprint and owner, from the folder's last
// evaluation (the workspace model's certificate inventory entries). Names, dates and fingerprints only;
// workspace text (subjects, issuers, ids) is escaped before it reaches Markdown.
import * as vscode from 'vscode';
import type { InventoryEntry } from '../../core/ownership/evaluate';
import { mdCode, mdText } from '../../core/text/escape';
import { relativePath } from '../project';
import type { OwnershipManager } from './ownership-manager';
import { toRange } from './ownership-manager';

const DAY_MS = 86_400_000;

export class CertificateHover implements vscode.HoverProvider {
  constructor(private readonly ownership: OwnershipManager) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (!folder) return undefined;
    const rel = relativePath(doc.uri);
    // Register or not: the certificate checks run in every folder.
    const result = this.ownership.certificateResults().find((r) => r.folder.uri.toString() === folder.uri.toString())?.result;
    const entries = result?.inventory.filter((e) => e.source === 'certificate' && e.declaredAt?.path === rel && toRange(e.declaredAt.range).contains(pos)) ?? [];
    if (!entries.length) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.supportThemeIcons = true;
    md.appendMarkdown(entries.map((e) => this.describe(e)).join('\n\n---\n\n'));
    return new vscode.Hover(md, toRange(entries[0].declaredAt!.range));
  }

  private describe(e: InventoryEntry): string {
    const out: string[] = [];
    const c = e.certificate;
    const d = e.certificateDefinition;
    if (c) {
      out.push(`$(lock) **${vscode.l10n.t('Certificate: {0}', mdText(c.commonName ?? c.subject))}**`);
      out.push(vscode.l10n.t('Subject {0} · issuer {1}', mdCode(c.subject), c.selfSigned ? vscode.l10n.t('itself (self-signed)') : mdCode(c.issuer)));
      const left = Math.ceil((Date.parse(c.notAfter) - this.ownership.now().getTime()) / DAY_MS);
      const when = Date.parse(c.notBefore) > this.ownership.now().getTime() ? vscode.l10n.t('**not valid yet**')
        : left > 0 ? vscode.l10n.t('**{0} days left**', left) : vscode.l10n.t('**expired {0} days ago**', -left);
      out.push(vscode.l10n.t('Valid {0} → {1}: {2}', c.notBefore.slice(0, 10), c.notAfter.slice(0, 10), when));
      out.push(vscode.l10n.t('Key {0} · signature {1}{2}', mdText(c.key.name), mdText(c.signature.name), c.ca ? vscode.l10n.t(' · certificate authority') : ''));
      if (c.sans.length) out.push(vscode.l10n.t('Names: {0}', c.sans.slice(0, 10).map(mdCode).join(', ')));
      out.push(vscode.l10n.t('SHA-256 fingerprint {0}', mdCode(c.fingerprint)));
    } else if (d) {
      out.push(`$(lock) **${vscode.l10n.t('Certificate declaration: {0}', mdText(d.name))}**`);
      if (d.validityHours) out.push(vscode.l10n.t('Valid for {0} days after each issue', Math.round(d.validityHours / 24)));
    } else {
      out.push(`$(warning) **${vscode.l10n.t('Unreadable certificate')}**`);
    }
    const owner = e.owners.technical ?? e.owners.business;
    out.push(owner && e.identityId
      ? vscode.l10n.t('Owner {0} (register identity {1})', mdText(owner), mdCode(e.identityId))
      : vscode.l10n.t('No owner: no identity in the register matches it (add its path, common name or a SAN to an identity\'s `match`).'));
    if (e.problems.length) out.push(vscode.l10n.t('Issues: {0}', e.problems.map(mdCode).join(' ')));
    return out.join('\n\n');
  }
}
