// Tokens live in VS Code's SecretStorage (the OS keychain), never in settings or files.
import * as vscode from 'vscode';

const VAULT_TOKEN = 'credentialHygiene.vaultToken';
const REGISTRY_TOKEN = 'credentialHygiene.registryToken';

export class TokenStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  vaultToken(): Thenable<string | undefined> {
    return this.secrets.get(VAULT_TOKEN);
  }

  setVaultToken(token: string): Thenable<void> {
    return this.secrets.store(VAULT_TOKEN, token);
  }

  clearVaultToken(): Thenable<void> {
    return this.secrets.delete(VAULT_TOKEN);
  }

  registryToken(): Thenable<string | undefined> {
    return this.secrets.get(REGISTRY_TOKEN);
  }

  setRegistryToken(token: string): Thenable<void> {
    return this.secrets.store(REGISTRY_TOKEN, token);
  }

  clearRegistryToken(): Thenable<void> {
    return this.secrets.delete(REGISTRY_TOKEN);
  }
}
