// Which identity owns a reference: the first (in register order) whose `match` has the reference's
// name, exactly or as a glob (`STRIPE_*`, `k8s:Secret/payments-*`, `ref+vault://secret/data/payments/**`),
// or whose `ref` is the reference (a vault reference with or without its `#/key` or `#key` part).
import { Minimatch } from 'minimatch';
import type { Identity } from './register';
import type { CredentialReference } from './reference';

const GLOB_OPTIONS = { dot: true, nocomment: true, nonegate: true, noext: true };

/** Compiled globs: a workspace has a few patterns and many references. */
const compiled = new Map<string, Minimatch>();

export function matchesPattern(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  if (!/[*?[{]/.test(pattern)) return false;
  let m = compiled.get(pattern);
  if (!m) {
    if (compiled.size > 10_000) compiled.clear();
    m = new Minimatch(pattern, GLOB_OPTIONS);
    compiled.set(pattern, m);
  }
  return m.match(name);
}

export function identityMatches(identity: Pick<Identity, 'match' | 'ref'>, name: string): boolean {
  if (identity.match?.some((p) => matchesPattern(p, name))) return true;
  if (!identity.ref) return false;
  return name === identity.ref || name.split('#')[0] === identity.ref || identity.ref.split('#')[0] === name;
}

export function findIdentity(identities: readonly Identity[], ref: Pick<CredentialReference, 'name'>): Identity | undefined {
  return identities.find((i) => identityMatches(i, ref.name));
}
