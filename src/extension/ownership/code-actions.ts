// Quick-fixes on ownership diagnostics: register an owner for a reference nobody owns, and give a
// credential-carrying resource its owner label or tag.
import * as vscode from 'vscode';
import { relativePath } from '../project';
import { OWNERSHIP_SOURCE, type OwnershipManager } from './ownership-manager';

export class OwnershipCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly manager: OwnershipManager) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const fs = this.manager.stateFor(doc.uri);
    if (!fs?.result) return [];
    const rel = relativePath(doc.uri);
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== OWNERSHIP_SOURCE || (d.code !== 'owner/missing' && d.code !== 'owner/untagged-resource')) continue;
      const f = fs.result.findings.find((x) => x.ruleId === d.code && x.path === rel && x.range.start.line === d.range.start.line && x.range.start.character === d.range.start.character);
      if (!f?.reference) continue;
      const ref = fs.state.references().find((r) => r.path === rel && r.name === f.reference && r.range.start.line === f.range.start.line);
      if (d.code === 'owner/missing') {
        const a = new vscode.CodeAction(`Register an owner for ${f.reference}…`, vscode.CodeActionKind.QuickFix);
        a.command = { title: a.title, command: 'credentialHygiene.registerOwner', arguments: [{ uri: doc.uri.toString(), name: f.reference, environment: ref?.environment }] };
        a.diagnostics = [d];
        a.isPreferred = true;
        actions.push(a);
      } else if (ref) {
        const a = new vscode.CodeAction(`Add an owner ${ref.name.startsWith('k8s:') ? 'label' : 'tag'} to ${f.reference}`, vscode.CodeActionKind.QuickFix);
        a.command = { title: a.title, command: 'credentialHygiene.addOwnerTag', arguments: [{ uri: doc.uri.toString(), name: ref.name, offset: ref.offset }] };
        a.diagnostics = [d];
        a.isPreferred = true;
        actions.push(a);
      }
    }
    return actions;
  }
}
