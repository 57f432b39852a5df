// API tokens: random, shown once, stored as a SHA-256 hash (the token has 256 bits of entropy, so a
// fast hash is enough). The prefix lets secret scanners and people recognise one.
import { createHash, randomBytes } from 'node:crypto';
import { ENTITY_REF } from '../core/ownership/schema';
import { TOKEN_SCOPES, type TokenScope } from '../core/registry/types';
import { UserError } from '../core/errors';
import type { RegistryStore } from './store';

export const TOKEN_PREFIX = 'chreg_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;

/** Creates a token and returns it: the only time its value exists outside the caller's hands. */
export async function createToken(store: RegistryStore, name: string, scope: string, owner?: string): Promise<string> {
  if (!NAME.test(name)) throw new UserError(`--name must be 1-100 letters, digits, ".", "_", "@" or "-", not "${name}"`);
  if (!(TOKEN_SCOPES as readonly string[]).includes(scope)) throw new UserError(`--scope must be one of ${TOKEN_SCOPES.join(', ')}, not "${scope}"`);
  if (owner !== undefined && !ENTITY_REF.test(owner)) throw new UserError(`--owner must be an entity ref such as group:payments, not "${owner}"`);
  if ((await store.listTokens()).some((t) => t.name === name)) throw new UserError(`a token named "${name}" already exists`);
  const token = newToken();
  await store.addToken(name, hashToken(token), scope as TokenScope, owner ?? null, new Date().toISOString());
  return token;
}
