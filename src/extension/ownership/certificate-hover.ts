// Hover on a certificate (a PEM block, a base64 `tls.crt`, a Terraform or cert-manager declaration):
// subject, issuer, validity and days left, algorithms, fingerprint and owner, from the folder's last
// evaluation (the workspace model's certificate inventory entries). The text is core's
// (src/core/present/hover.ts), the language server's too; this face adds VS Code's translator and theme icons.
import * as vscode from 'vscode';
import { certificateHover, VSCODE_HOVER } from '../../core/present/hover';
import { relativePath } from '../project';
import type { OwnershipManager } from './ownership-manager';
import { toRange } from './ownership-manager';

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
    const markdown = certificateHover({ ...VSCODE_HOVER, l10n: vscode.l10n }, entries, this.ownership.now());
    return new vscode.Hover(new vscode.MarkdownString(markdown, true), toRange(entries[0].declaredAt!.range));
  }
}
