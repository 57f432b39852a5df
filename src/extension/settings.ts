// Settings, read fresh each time. In an untrusted workspace nothing that can redirect traffic is
// taken from the workspace: the Vault address and namespace come from user/machine settings only.
import * as vscode from 'vscode';
import { CONFIDENCES, type Confidence, type Severity } from '../core/rules/types';
import { VAULT_PROVIDERS, type VaultProviderId } from '../core/fix/vault-ref';
import type { DiagnosticLevel } from '../core/display';
import { defaultScanSettings, SETTINGS_SECTION as SECTION, type ScanSettings } from '../core/settings';

export type { DiagnosticLevel };

/** The scan settings every editor face shares (core/settings.ts), and the extension's own. */
export interface Settings extends ScanSettings {
  vault: { defaultProvider: VaultProviderId | 'ask'; pathTemplate: string; address: string; namespace: string };
  registry: { url: string };
}

/**
 * `credentialHygiene.minConfidence` when someone set it (user, workspace or folder); undefined leaves
 * the project's `minConfidence` (.credential-hygiene.json, default medium) in force, as in the CLI.
 */
function minConfidence(cfg: vscode.WorkspaceConfiguration): Confidence | undefined {
  const i = cfg.inspect<string>('minConfidence');
  const v = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
  return v !== undefined && (CONFIDENCES as readonly string[]).includes(v) ? (v as Confidence) : undefined;
}

/** A user- or machine-level value, ignoring anything a workspace sets. */
function userLevel<T>(cfg: vscode.WorkspaceConfiguration, key: string, fallback: T): T {
  const i = cfg.inspect<T>(key);
  return i?.globalValue ?? i?.defaultValue ?? fallback;
}

export function readSettings(): Settings {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const provider = cfg.get<string>('vault.defaultProvider', 'ask');
  const d = defaultScanSettings();
  return {
    scanOnStartup: cfg.get('scanOnStartup', d.scanOnStartup),
    include: cfg.get('include', d.include),
    exclude: cfg.get('exclude', d.exclude),
    maxFileSize: cfg.get('maxFileSize', d.maxFileSize),
    debounceMs: cfg.get('debounceMs', d.debounceMs),
    severity: { ...d.severity, ...cfg.get<Partial<Record<Severity, DiagnosticLevel>>>('severity', {}) },
    minConfidence: minConfidence(cfg),
    vault: {
      defaultProvider: VAULT_PROVIDERS.some((p) => p.id === provider) ? (provider as VaultProviderId) : 'ask',
      pathTemplate: cfg.get('vault.pathTemplate', ''),
      // Always user/machine level: a workspace must never point our requests elsewhere.
      address: userLevel(cfg, 'vault.address', ''),
      namespace: userLevel(cfg, 'vault.namespace', ''),
    },
    registry: { url: userLevel(cfg, 'registry.url', '') },
    // Where the user's own storage is concerned, the user decides: a workspace cannot change it.
    keepScanResults: userLevel(cfg, 'keepScanResults', d.keepScanResults),
  };
}

export function affectsSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}
