// Git facts the editor needs, cached briefly: whether a `.env` file is ignored or tracked, and
// whether a secret is already in HEAD (then it must be rotated, not just moved).
// In an untrusted workspace no git runs at all (its .git/config could make git run anything, as VS
// Code's own Git extension also assumes): every answer is "unknown" until the workspace is trusted.
// Git itself is only ever called through the hardened helper in core/git.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { blobContains, gitTopLevel, headBlobId, isIgnored, isTracked } from '../../../core/git';

const TTL_MS = 5_000;
const cache = new Map<string, { at: number; value: Promise<unknown> }>();

function cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = compute();
  cache.set(key, { at: Date.now(), value });
  return value;
}

export function forgetGitState(): void {
  cache.clear();
}

/** Whether git may run for this workspace: only once the user trusts it. */
export function gitAllowed(): boolean {
  return vscode.workspace.isTrusted;
}

async function locate(uri: vscode.Uri): Promise<{ top: string; rel: string } | undefined> {
  if (uri.scheme !== 'file' || !gitAllowed()) return undefined;
  const top = await cached(`top:${path.dirname(uri.fsPath)}`, () => gitTopLevel(path.dirname(uri.fsPath)));
  if (!top) return undefined;
  return { top, rel: path.relative(top, uri.fsPath).split(path.sep).join('/') };
}

/** 'unknown': git was not asked (an untrusted workspace). */
export type EnvFileState = 'ignored' | 'tracked' | 'untracked' | 'no-git' | 'unknown';

export async function envFileState(uri: vscode.Uri): Promise<EnvFileState> {
  if (!gitAllowed()) return 'unknown';
  const where = await locate(uri);
  if (!where) return 'no-git';
  return cached(`env:${uri.fsPath}`, async () => {
    if (await isTracked(where.top, where.rel)) return 'tracked';
    return (await isIgnored(where.top, where.rel)) ? 'ignored' : 'untracked';
  });
}

/**
 * True when HEAD's version of the file already holds `secret` (compared in memory only); undefined
 * when git was not asked (untrusted workspace). The blob id is cached briefly per file, the answer per
 * blob id and value, so repeated hovers run no git.
 */
export async function committedInHead(uri: vscode.Uri, secret: string): Promise<boolean | undefined> {
  if (!gitAllowed()) return undefined;
  const where = await locate(uri);
  if (!where) return false;
  const id = await cached(`head:${uri.fsPath}`, () => headBlobId(where.top, where.rel));
  return id ? blobContains(where.top, id, secret) : false;
}

export async function gitTop(uri: vscode.Uri): Promise<string | undefined> {
  return (await locate(uri))?.top;
}
