// Git facts the server needs (whether a `.env` is ignored or tracked, whether a secret is in HEAD),
// only when the client trusts the workspace: untrusted, no git runs at all (its .git/config could make
// git run anything), as in the extension's Restricted Mode. Git only through the hardened core helper.
import * as path from 'node:path';
import { blobContains, gitTopLevel, headBlobId, isIgnored, isTracked } from '../core/git';

export type EnvFileState = 'ignored' | 'tracked' | 'untracked' | 'no-git' | 'unknown';

async function locate(file: string): Promise<{ top: string; rel: string } | undefined> {
  const top = await gitTopLevel(path.dirname(file));
  if (!top) return undefined;
  return { top, rel: path.relative(top, file).split(path.sep).join('/') };
}

const TTL_MS = 5_000;
const envStates = new Map<string, { at: number; state: Promise<EnvFileState> }>();

/** Whether git ignores or tracks the `.env` file; cached briefly, as every keystroke in it asks. */
export function envFileState(file: string, trusted: boolean): Promise<EnvFileState> {
  if (!trusted) return Promise.resolve('unknown');
  const hit = envStates.get(file);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.state;
  const state = computeEnvFileState(file);
  envStates.set(file, { at: Date.now(), state });
  return state;
}

/** Forgets what git said (after a fix changed `.gitignore`). */
export function forgetGitState(): void {
  envStates.clear();
}

async function computeEnvFileState(file: string): Promise<EnvFileState> {
  const where = await locate(file);
  if (!where) return 'no-git';
  if (await isTracked(where.top, where.rel)) return 'tracked';
  return (await isIgnored(where.top, where.rel)) ? 'ignored' : 'untracked';
}

/** Whether HEAD's version of the file holds `secret` (compared in memory); undefined when untrusted. */
export async function committedInHead(file: string, secret: string, trusted: boolean): Promise<boolean | undefined> {
  if (!trusted) return undefined;
  const where = await locate(file);
  if (!where) return false;
  const id = await headBlobId(where.top, where.rel);
  return id ? blobContains(where.top, id, secret) : false;
}
