// The registry feature: "Sync Owners with Registry" (trusted workspaces only, the user-level URL, the
// token in secret storage), its conflict and orphan diagnostics and their quick-fixes.
import * as vscode from 'vscode';
import { keep, type FeatureContext } from '../feature';
import type { OwnershipManager } from '../ownership/ownership-manager';
import { currentPrompter, notify } from '../ui';
import { RegistrySync } from './registry-sync';

export function registerRegistry(ctx: FeatureContext, ownership: OwnershipManager): RegistrySync {
  const registry = new RegistrySync(ctx.publisher, ownership, ctx.tokens);
  keep(ctx,
    registry,
    vscode.languages.registerCodeActionsProvider({ pattern: '**/*.{yaml,yml}' }, registry, { providedCodeActionKinds: RegistrySync.kinds }),
    vscode.commands.registerCommand('credentialHygiene.syncRegistry', (o?: { resolve?: Record<string, 'registry' | 'mine'> }) => registry.sync(o?.resolve)),
    vscode.commands.registerCommand('credentialHygiene.setRegistryToken', async () => {
      const token = await currentPrompter().askToken('Registry');
      if (token) {
        await ctx.tokens.setRegistryToken(token);
        void notify('info', vscode.l10n.t('Credential Hygiene: registry token saved in secret storage.'));
      }
    }),
    vscode.commands.registerCommand('credentialHygiene.clearRegistryToken', async () => {
      await ctx.tokens.clearRegistryToken();
      void notify('info', vscode.l10n.t('Credential Hygiene: registry token removed.'));
    }),
  );
  return registry;
}
