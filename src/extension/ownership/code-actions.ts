// Quick-fixes for ownership: "Register an owner for NAME…" on every credential reference nobody owns
// (environment reads, .env keys, vault references, Kubernetes secrets and secretKeyRefs, Actions
// secrets, compose variables, Terraform resources), with or without an owner/missing diagnostic: with
// no register yet the checks are off, and this is how the register gets started. Hard-coded secrets
// get theirs from the secret quick-fixes (fixes/code-actions.ts), under the finding's fix name. A
// credential-carrying resource without an owner label or tag gets "Add an owner label/tag".
import * as vscode from 'vscode';
import { discoverReferences, findIdentity, RegisterEditError, setIdentityDateEdit, type CredentialReference } from '../../core/ownership';
import { isoDay } from '../../core/ownership/dates';
import { relativePath } from '../project';
import { OWNERSHIP_SOURCE, type OwnershipManager } from './ownership-manager';

export class OwnershipCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly manager: OwnershipManager) {}

  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const fs = await this.manager.folderState(doc.uri);
    if (!fs) return [];
    const rel = relativePath(doc.uri);
    const actions: vscode.CodeAction[] = [];
    const ours = context.diagnostics.filter((d) => d.source === OWNERSHIP_SOURCE);
    const at = (r: CredentialReference) => new vscode.Range(r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character);

    // References in this document as it is now (the checks may be off: then nobody has read it).
    const refs = fs.enabled && fs.result ? fs.state.references().filter((r) => r.path === rel) : discoverReferences(doc.getText(), rel);
    const identities = fs.result?.identities ?? fs.state.currentRegister.identities;
    const offered = new Set<string>();
    for (const ref of refs) {
      if (ref.kind === 'literal-secret' || ref.allowed) continue;
      const r = at(ref);
      if (!r.intersection(range) && !r.contains(range.start)) continue;
      if (offered.has(ref.name) || findIdentity(identities, ref)) continue;
      offered.add(ref.name);
      const a = new vscode.CodeAction(vscode.l10n.t('Register an owner for {0}…', ref.name), vscode.CodeActionKind.QuickFix);
      a.command = { title: a.title, command: 'credentialHygiene.registerOwner', arguments: [{ uri: doc.uri.toString(), name: ref.name, environment: ref.environment }] };
      a.diagnostics = ours.filter((d) => d.code === 'owner/missing' && d.range.intersection(r));
      a.isPreferred = true;
      actions.push(a);
    }

    if (!fs.result) return actions;
    for (const d of ours) {
      if (d.code !== 'owner/untagged-resource') continue;
      const f = fs.result.findings.find((x) => x.ruleId === d.code && x.path === rel && x.range.start.line === d.range.start.line && x.range.start.character === d.range.start.character);
      if (!f?.reference) continue;
      const ref = fs.state.references().find((r) => r.path === rel && r.name === f.reference && r.range.start.line === f.range.start.line);
      if (!ref) continue;
      const a = new vscode.CodeAction(ref.name.startsWith('k8s:') ? vscode.l10n.t('Add an owner label to {0}', f.reference) : vscode.l10n.t('Add an owner tag to {0}', f.reference), vscode.CodeActionKind.QuickFix);
      a.command = { title: a.title, command: 'credentialHygiene.addOwnerTag', arguments: [{ uri: doc.uri.toString(), name: ref.name, offset: ref.offset }] };
      a.diagnostics = [d];
      a.isPreferred = true;
      actions.push(a);
    }
    // Retiring is the fix for a credential nothing uses any more (or one past its expiry): `retired: <today>`.
    if (rel === fs.state.registerPath) {
      for (const d of ours) {
        if (d.code !== 'owner/unreferenced' && d.code !== 'owner/expired') continue;
        const f = fs.result.findings.find((x) => x.ruleId === d.code && x.path === rel && x.range.start.line === d.range.start.line && x.range.start.character === d.range.start.character);
        if (!f?.identityId) continue;
        let e;
        try {
          e = setIdentityDateEdit(doc.getText(), f.identityId, 'retired', isoDay(this.manager.now()));
        } catch (err) {
          if (err instanceof RegisterEditError) continue; // the register has a YAML error: that diagnostic comes first
          throw err;
        }
        if (!e) continue;
        const a = new vscode.CodeAction(vscode.l10n.t('Retire this identity ({0})', f.identityId), vscode.CodeActionKind.QuickFix);
        a.edit = new vscode.WorkspaceEdit();
        a.edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
        a.diagnostics = [d];
        a.isPreferred = d.code === 'owner/unreferenced';
        actions.push(a);
      }
    }
    return actions;
  }
}
