// The ownership feature: one WorkspaceModel per folder fed by the secrets feature's analyses, owner/*
// diagnostics, the Credentials view, "Register an owner", the owner label/tag fix.
import * as vscode from 'vscode';
import { findIdentity } from '../../core/ownership';
import { keep, type FeatureContext } from '../feature';
import type { SecretsFeature } from '../secrets/register';
import { CertificateHover } from './certificate-hover';
import { OwnershipCodeActions } from './code-actions';
import { CredentialsView } from './credentials-view';
import { addOwnerTag, type TagRequest } from './owner-tag';
import { OwnershipManager } from './ownership-manager';
import { createRegister, registerOwner, type RegisterRequest } from './register-owner';

export interface OwnershipFeature {
  ownership: OwnershipManager;
  credentials: CredentialsView;
}

export function registerOwnership(ctx: FeatureContext, secrets: SecretsFeature): OwnershipFeature {
  // One analysis per file: the workspace scan's and the document scanner's analyses feed ownership too.
  const ownership = new OwnershipManager(ctx.publisher, secrets.store, ctx.watcher, () => secrets.workspace.scanWorkspace({ store: false }));
  secrets.workspace.sink = ownership;
  secrets.documents.sink = ownership;
  const credentials = new CredentialsView(ownership);
  const identities = (fs: NonNullable<ReturnType<OwnershipManager['stateFor']>>) => fs.result?.identities ?? fs.state.currentRegister.identities;
  secrets.owners = {
    async needsOwner(uri, name) {
      const fs = await ownership.folderState(uri);
      return fs ? !findIdentity(identities(fs), { name }) : undefined;
    },
    ownersOf(uri, name) {
      const fs = ownership.stateFor(uri);
      const identity = fs && findIdentity(identities(fs), { name });
      return identity ? { id: identity.id, business: identity.owners.business, technical: identity.owners.technical } : undefined;
    },
  };

  keep(ctx,
    ownership,
    vscode.languages.registerCodeActionsProvider(ctx.selector, new OwnershipCodeActions(ownership), { providedCodeActionKinds: OwnershipCodeActions.kinds }),
    vscode.languages.registerHoverProvider(ctx.selector, new CertificateHover(ownership)),
    vscode.window.createTreeView('credentialHygiene.credentials', { treeDataProvider: credentials, showCollapseAll: true }),
    vscode.commands.registerCommand('credentialHygiene.registerOwner', (req: RegisterRequest) => registerOwner(ownership, req)),
    vscode.commands.registerCommand('credentialHygiene.createRegister', () => createRegister(ownership)),
    // The Credentials view's welcome text differs with the checks on (a register) or off.
    ownership.onDidChange(() => void vscode.commands.executeCommand('setContext', 'credentialHygiene.ownershipOn', ownership.results().length > 0)),
    vscode.commands.registerCommand('credentialHygiene.addOwnerTag', (req: TagRequest) => addOwnerTag(ownership, req)),
    vscode.commands.registerCommand('credentialHygiene.credentialsByOwner', () => credentials.setGrouping('owner')),
    vscode.commands.registerCommand('credentialHygiene.credentialsByEnvironment', () => credentials.setGrouping('environment')),
    vscode.commands.registerCommand('credentialHygiene.credentialsByStatus', () => credentials.setGrouping('status')),
    vscode.commands.registerCommand('credentialHygiene.refreshCredentials', () => ownership.reload()),
  );
  return { ownership, credentials };
}
