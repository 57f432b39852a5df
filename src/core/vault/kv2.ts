// HashiCorp Vault / OpenBao KV version 2, over its documented HTTP API: read the current version,
// write the merged data with check-and-set (so a concurrent write or another key is never lost),
// then set owner tags as custom metadata. Errors name the status and Vault's message, never the value.
import { posix } from 'node:path';

export interface VaultTarget {
  address: string;
  token: string;
  namespace?: string;
  /** For tests and proxies; defaults to the global fetch. */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export class VaultError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'VaultError';
  }
}

/**
 * `secret/data/payments` -> mount `secret`, path `payments` (the `data/` segment is the API's, not the
 * secret's). The path comes from a template a workspace can set, so anything that could take the
 * request out of the mount it names, or be read differently by Vault or a proxy, is refused: `..` and
 * `.` segments, empty segments, backslashes, control characters, percent-encoding, a URL, a query or
 * fragment. A single leading `/` is dropped.
 */
export function splitKvPath(refPath: string): { mount: string; path: string } {
  const refuse = (why: string) => new VaultError(`refused the Vault path ${JSON.stringify(refPath.slice(0, 200))}: ${why}; check credentialHygiene.vault.pathTemplate`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(refPath)) throw refuse('it contains control characters');
  if (refPath.includes('\\')) throw refuse('it contains a backslash');
  if (refPath.includes('%')) throw refuse('it contains percent-encoding');
  if (/^[a-z][a-z0-9+.-]*:/i.test(refPath) || refPath.includes('://')) throw refuse('it is a URL, not a path inside a mount');
  if (/[?#]/.test(refPath)) throw refuse('it contains a query or fragment');
  const parts = refPath.replace(/^\//, '').split('/');
  if (parts.some((p) => p === '..' || p === '.')) throw refuse('"." and ".." segments are not allowed');
  if (parts.some((p) => p.trim() === '')) throw refuse('it has an empty segment');
  const mount = parts.shift()!;
  if (parts[0] === 'data') parts.shift();
  if (!parts.length) throw new VaultError(`"${refPath}" names a mount but no secret path`);
  const path = parts.join('/');
  if (!posix.normalize(`${mount}/${path}`).startsWith(`${mount}/`)) throw refuse(`it leaves the mount "${mount}"`);
  return { mount, path };
}

async function call(t: VaultTarget, method: string, apiPath: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const url = new URL(`/v1/${apiPath}`, t.address.endsWith('/') ? t.address : `${t.address}/`);
  const headers: Record<string, string> = { 'X-Vault-Token': t.token, 'X-Vault-Request': 'true' };
  if (t.namespace) headers['X-Vault-Namespace'] = t.namespace;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await (t.fetch ?? fetch)(url, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(t.timeoutMs ?? 10_000),
    });
  } catch (e) {
    throw new VaultError(`cannot reach Vault at ${url.origin}: ${(e as Error).name === 'TimeoutError' ? 'timed out' : (e as Error).message}`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}

function vaultMessage(json: unknown): string {
  const errors = (json as { errors?: unknown })?.errors;
  return Array.isArray(errors) && errors.length ? errors.map(String).join('; ').slice(0, 300) : 'no details';
}

export interface StoredSecret {
  version: number;
  /** True when the key already held exactly this value (nothing was written). */
  unchanged: boolean;
}

/**
 * Stores `value` under `key` in the KV v2 secret at `refPath`, keeping the secret's other keys, and
 * writes `customMetadata` (owner tags). Throws VaultError when anything fails; on failure before the
 * data write nothing changed in Vault.
 */
export async function storeKvSecret(
  t: VaultTarget, refPath: string, key: string, value: string, customMetadata: Record<string, string> = {},
): Promise<StoredSecret> {
  const { mount, path } = splitKvPath(refPath);
  const enc = (p: string) => p.split('/').map(encodeURIComponent).join('/');
  const current = await call(t, 'GET', `${enc(mount)}/data/${enc(path)}`);
  let existing: Record<string, unknown> = {};
  let version = 0;
  if (current.status === 200) {
    const d = (current.json as { data?: { data?: Record<string, unknown>; metadata?: { version?: number } } })?.data;
    existing = d?.data ?? {};
    version = d?.metadata?.version ?? 0;
  } else if (current.status !== 404) {
    throw new VaultError(`Vault refused to read ${mount}/${path} (HTTP ${current.status}): ${vaultMessage(current.json)}`, current.status);
  }
  if (existing[key] === value) return { version, unchanged: true };
  const write = await call(t, 'POST', `${enc(mount)}/data/${enc(path)}`, { options: { cas: version }, data: { ...existing, [key]: value } });
  if (write.status !== 200 && write.status !== 204) {
    throw new VaultError(`Vault refused to store ${mount}/${path} (HTTP ${write.status}): ${vaultMessage(write.json)}`, write.status);
  }
  const newVersion = (write.json as { data?: { version?: number } })?.data?.version ?? version + 1;
  if (Object.keys(customMetadata).length) {
    const meta = await call(t, 'POST', `${enc(mount)}/metadata/${enc(path)}`, { custom_metadata: customMetadata });
    if (meta.status !== 200 && meta.status !== 204) {
      throw new VaultError(`stored the secret (version ${newVersion}) but Vault refused its owner tags (HTTP ${meta.status}): ${vaultMessage(meta.json)}`, meta.status);
    }
  }
  return { version: newVersion, unchanged: false };
}
