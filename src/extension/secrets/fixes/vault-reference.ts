// "Replace with a vault reference": the literal becomes a reference in the chosen store's syntax
// (native where the file type has one). For HashiCorp Vault / OpenBao the value can be stored first
// through the KV v2 API, owner tags in custom_metadata; if storing fails, the file is not touched.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { chooseEnvName, identifierAt } from '../../../core/text/credential-name';
import { buildReference, isKubernetesManifest, secretKeyRefFor, VAULT_PROVIDERS, type VaultProviderId } from '../../../core/fix/vault-ref';
import { splitKvPath, storeKvSecret, VaultError } from '../../../core/vault/kv2';
import { committedInHead } from '../diagnostics/git-state';
import { log } from '../../logger';
import { relativePath } from '../../project';
import type { TokenStore } from '../../token-store';
import { readSettings } from '../../settings';
import { currentPrompter, notify } from '../../ui';
import type { Target } from './target';

/** The register's owners for a credential name, if an identity claims it. */
export type OwnerLookup = (uri: vscode.Uri, name: string) => { id: string; business?: string; technical?: string } | undefined;

export async function replaceWithVaultReference(target: Target, tokens: TokenStore, provider?: VaultProviderId, owners?: OwnerLookup): Promise<boolean> {
  const settings = readSettings();
  const chosen = provider ?? (settings.vault.defaultProvider !== 'ask' ? settings.vault.defaultProvider : await currentPrompter().pickVaultProvider());
  if (!chosen) return false;
  const { doc, finding, secret } = target;
  const text = doc.getText();
  const { name } = chooseEnvName({ identifier: identifierAt(text, finding.offset.start), fallback: finding.fix.envName, value: secret, existing: new Map() });
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  const project = folder?.name ?? path.basename(path.dirname(doc.uri.fsPath));
  const ref = buildReference({ provider: chosen, name, project, template: settings.vault.pathTemplate || undefined, path: relativePath(doc.uri), text });
  const label = VAULT_PROVIDERS.find((p) => p.id === chosen)!.label;

  if (chosen === 'vault' || chosen === 'openbao') {
    try {
      splitKvPath(ref.path); // a template that leaves its mount (`..`, encoded dots, a URL…) is refused before anything
    } catch (e) {
      const why = e instanceof VaultError ? e.message : (e as Error).message;
      log().error(`vault reference refused: ${why}`);
      void notify('error', vscode.l10n.t('Credential Hygiene: {0}. Nothing was stored and the file was not changed.', why));
      return false;
    }
    const stored = await maybeStoreInVault(target, tokens, ref.path, ref.key ?? name.toLowerCase(), label, owners?.(doc.uri, name));
    if (stored === 'abort') return false;
  }

  const edit = new vscode.WorkspaceEdit();
  const line = doc.lineAt(target.range.start.line);
  const k8s = chosen === 'k8s' && isKubernetesManifest(text) ? secretKeyRefFor(line.text, `${project}-secrets`.toLowerCase(), name.toLowerCase()) : undefined;
  if (k8s) edit.replace(doc.uri, line.range, k8s);
  else edit.replace(doc.uri, target.range, ref.text);
  if (!(await vscode.workspace.applyEdit(edit))) return false;
  log().info(`replaced a ${finding.ruleId} value in ${relativePath(doc.uri)} with a ${label} reference`);
  const inHistory = await committedInHead(doc.uri, secret);
  const replaced = vscode.l10n.t('Replaced with a {0} reference ({1}).', label, k8s ? 'secretKeyRef' : ref.text);
  const rotate = inHistory ? vscode.l10n.t('This value is already in git history (HEAD): rotate it at {0}.', finding.provider) : undefined;
  void notify(inHistory ? 'warning' : 'info', rotate ? `${replaced} ${rotate}` : replaced);
  return true;
}

/** 'stored', 'skipped' (the user stores it, or no Vault is configured), or 'abort' (leave the file alone). */
async function maybeStoreInVault(
  target: Target, tokens: TokenStore, refPath: string, key: string, label: string, owner?: ReturnType<OwnerLookup>,
): Promise<'stored' | 'skipped' | 'abort'> {
  const { address, namespace } = readSettings().vault;
  if (!vscode.workspace.isTrusted) {
    void notify('info', vscode.l10n.t('Untrusted workspace: the value was not sent to {0}; store it there yourself.', label));
    return 'skipped';
  }
  if (!address) return 'skipped';
  const answer = await currentPrompter().confirmStore(`${label} ${refPath}#/${key}`);
  if (!answer) return 'abort';
  if (answer === 'reference-only') return 'skipped';
  const token = await tokens.vaultToken();
  if (!token) {
    void notify('error', vscode.l10n.t('Credential Hygiene: no Vault token. Run "Credential Hygiene: Set Vault Token" first; the file was not changed.'));
    return 'abort';
  }
  try {
    const r = await storeKvSecret({ address, token, namespace: namespace || undefined }, refPath, key, target.secret, {
      'managed-by': 'credential-hygiene',
      'credential-rule': target.finding.ruleId,
      'credential-provider': target.finding.provider,
      source: relativePath(target.doc.uri),
      'created-at': new Date().toISOString().slice(0, 10),
      // Owner tags from credentials.yaml, so whoever finds the secret in Vault knows whom to ask.
      ...(owner ? { 'credential-id': owner.id } : {}),
      ...(owner?.business ? { 'owner-business': owner.business } : {}),
      ...(owner?.technical ? { 'owner-technical': owner.technical } : {}),
    });
    log().info(`stored a value in ${label} at ${refPath} (version ${r.version}${r.unchanged ? ', unchanged' : ''})`);
    return 'stored';
  } catch (e) {
    const why = e instanceof VaultError ? e.message : `unexpected error: ${(e as Error).message}`;
    log().error(`storing in ${label} failed: ${why}`);
    void notify('error', vscode.l10n.t('Credential Hygiene: could not store the value in {0}: {1}. The file was not changed.', label, why));
    return 'abort';
  }
}
