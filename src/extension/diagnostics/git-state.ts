// Git facts the editor needs, cached briefly: whether a `.env` file is ignored or tracked, and
// whether a secret is already in HEAD (then it must be rotated, not just moved).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { gitTopLevel, headContains, isIgnored, isTracked } from '../../core/git';

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

async function locate(uri: vscode.Uri): Promise<{ top: string; rel: string } | undefined> {
  if (uri.scheme !== 'file') return undefined;
  const top = await cached(`top:${path.dirname(uri.fsPath)}`, () => gitTopLevel(path.dirname(uri.fsPath)));
  if (!top) return undefined;
  return { top, rel: path.relative(top, uri.fsPath).split(path.sep).join('/') };
}

export type EnvFileState = 'ignored' | 'tracked' | 'untracked' | 'no-git';

export async function envFileState(uri: vscode.Uri): Promise<EnvFileState> {
  const where = await locate(uri);
  if (!where) return 'no-git';
  return cached(`env:${uri.fsPath}`, async () => {
    if (await isTracked(where.top, where.rel)) return 'tracked';
    return (await isIgnored(where.top, where.rel)) ? 'ignored' : 'untracked';
  });
}

/** True when HEAD's version of the file already holds `secret` (compared in memory only). */
export async function committedInHead(uri: vscode.Uri, secret: string): Promise<boolean> {
  const where = await locate(uri);
  if (!where) return false;
  return headContains(where.top, where.rel, secret);
}

export async function gitTop(uri: vscode.Uri): Promise<string | undefined> {
  return (await locate(uri))?.top;
}
