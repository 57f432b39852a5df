// "Add owner label/tag": a Kubernetes resource or Terraform resource that carries a credential gets
// an owner label or tag, taken from the identity the register gives it (or picked from suggestions).
import * as vscode from 'vscode';
import { findIdentity, ownerTagEdit } from '../../core/ownership';
import { relativePath } from '../project';
import { currentPrompter, notify } from '../ui';
import type { OwnershipManager } from './ownership-manager';

export interface TagRequest {
  uri: string;
  name: string;
  offset: { start: number; end: number };
}

export async function addOwnerTag(manager: OwnershipManager, req: TagRequest): Promise<boolean> {
  const uri = vscode.Uri.parse(req.uri);
  const fs = manager.stateFor(uri);
  if (!fs) return false;
  const identity = findIdentity(fs.result?.identities ?? fs.state.currentRegister.identities, { name: req.name });
  let owner = identity?.owners.technical ?? identity?.owners.business;
  if (!owner) {
    const suggestions = fs.state.suggestions(relativePath(uri));
    owner = await currentPrompter().pick(vscode.l10n.t('Owner for {0}', req.name), suggestions.map((s) => ({ label: s.ref, description: s.source, detail: s.detail, value: s.ref })));
    if (!owner) return false;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const edit = ownerTagEdit(doc.getText(), { name: req.name, offset: req.offset }, owner);
  if (!edit) {
    void notify('warning', vscode.l10n.t('Credential Hygiene: could not place an owner tag on {0} safely here (a one-line block or a computed map); add it by hand.', req.name));
    return false;
  }
  const we = new vscode.WorkspaceEdit();
  we.replace(uri, new vscode.Range(doc.positionAt(edit.start), doc.positionAt(edit.end)), edit.newText);
  const ok = await vscode.workspace.applyEdit(we);
  if (ok) {
    manager.update(uri, doc.getText());
    manager.evaluateNow();
  }
  return ok;
}
