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

export async function envFileState(file: string, trusted: boolean): Promise<EnvFileState> {
  if (!trusted) return 'unknown';
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
