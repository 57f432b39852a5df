// Quick-fixes for a finding under the cursor: move to .env (preferred where the language can read
// the environment), replace with a vault reference, fix all of its kind, suppress with a reason, and
// for a `.env` git does not ignore, add it to `.gitignore`; and, when nobody owns the credential yet,
// register an owner for it under the finding's fix name (the one name every face uses).
import * as vscode from 'vscode';
import { environmentFromPath } from '../../../core/ownership';
import { isEnvFile } from '../../../core/scan/env-file';
import { envFileState } from '../diagnostics/git-state';
import { relativePath } from '../../project';
import type { FindingsStore } from '../diagnostics/findings-store';
import { agentFixTitle, agentStyleOf } from './agent-config';
import { moveTitle, plannedName, styleFor } from './move-to-env';
import { canSuppressInline } from './suppress';
import { refOf, shownFindings, toTarget } from './target';

export class SecretCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  /** `needsOwner`: whether no identity in the register owns this name (undefined: not known yet). */
  constructor(private readonly store: FindingsStore, private readonly needsOwner: (uri: vscode.Uri, name: string) => Promise<boolean | undefined> = async () => undefined) {}

  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): Promise<vscode.CodeAction[]> {
    // Only findings that have a diagnostic get fixes (a baseline-accepted secret, or one in a .env that
    // git ignores, has none).
    const all = shownFindings(this.store, doc);
    // A finding of a whole binary file (a key file, a PKCS#12 store) has no text to fix: it has no range.
    const here = all.filter((f) => {
      if (f.offset.end === f.offset.start) return false;
      const r = new vscode.Range(doc.positionAt(f.offset.start), doc.positionAt(f.offset.end));
      return r.intersection(range) !== undefined || r.contains(range.start);
    });
    if (!here.length) return [];
    const actions: vscode.CodeAction[] = [];
    const rel = relativePath(doc.uri);
    const env = isEnvFile(rel) ? await envFileState(doc.uri) : undefined;
    const canMove = Boolean(styleFor(doc)) && !env;
    for (const f of here) {
      const ref = refOf(doc, f);
      const diagnostics = this.diagnosticsFor(doc, f.ruleId, f.range.start.line);
      const action = (title: string, command: string, args: unknown[], preferred = false) => {
        const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        a.command = { title, command, arguments: args };
        a.diagnostics = diagnostics;
        a.isPreferred = preferred;
        actions.push(a);
      };
      if (env === 'tracked' || env === 'untracked') {
        action(env === 'tracked' ? vscode.l10n.t('Add {0} to .gitignore (and untrack it)', rel) : vscode.l10n.t('Add {0} to .gitignore', rel), 'credentialHygiene.ignoreEnvFile', [doc.uri.toString(), env === 'tracked'], true);
      }
      if (canMove) action(moveTitle(await plannedName(toTarget(doc, f))), 'credentialHygiene.moveToEnv', [ref], true);
      // An MCP server's credential: the agent tool's own way of reading a value it does not hold.
      const agent = agentStyleOf({ finding: f });
      if (agent) action(await agentFixTitle(toTarget(doc, f), agent), 'credentialHygiene.fixAgentConfig', [ref], true);
      action(vscode.l10n.t('Replace with a vault reference…'), 'credentialHygiene.replaceWithVaultReference', [ref], !canMove && !env && !agent);
      const sameKind = all.filter((x) => x.ruleId === f.ruleId).length;
      if (canMove && sameKind > 1) action(vscode.l10n.t('Move all {0} "{1}" findings in this file to .env', sameKind, f.description), 'credentialHygiene.fixAllInFile', [{ uri: doc.uri.toString(), ruleId: f.ruleId }]);
      if (canMove) action(vscode.l10n.t('Move every "{0}" finding in the workspace to .env', f.description), 'credentialHygiene.fixAllInWorkspace', [{ ruleId: f.ruleId }]);
      if (canSuppressInline(doc)) action(vscode.l10n.t('Suppress here with a reason (credential-hygiene:allow)…'), 'credentialHygiene.suppressInline', [ref]);
      action(vscode.l10n.t('Accept in the baseline with a reason…'), 'credentialHygiene.addToBaseline', [ref]);
      const name = f.fix.envName;
      if (await this.needsOwner(doc.uri, name)) {
        const owner = new vscode.CodeAction(vscode.l10n.t('Register an owner for {0}…', name), vscode.CodeActionKind.QuickFix);
        owner.command = { title: owner.title, command: 'credentialHygiene.registerOwner', arguments: [{ uri: doc.uri.toString(), name, environment: environmentFromPath(rel) }] };
        owner.diagnostics = [...diagnostics, ...this.ownerMissing(doc, f.range.start.line)];
        actions.push(owner);
      }
    }
    return actions;
  }

  private ownerMissing(doc: vscode.TextDocument, line: number): vscode.Diagnostic[] {
    return vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code === 'owner/missing' && d.range.start.line === line);
  }

  private diagnosticsFor(doc: vscode.TextDocument, ruleId: string, line: number): vscode.Diagnostic[] {
    return vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code === ruleId && d.range.start.line === line);
  }
}
