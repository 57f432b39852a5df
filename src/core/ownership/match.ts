// Which identity owns a reference: the first (in register order) whose `match` has the reference's
// name, exactly or as a glob (`STRIPE_*`, `k8s:Secret/payments-*`, `ref+vault://secret/data/payments/**`),
// or whose `ref` is the reference (a vault reference with or without its `#/key` or `#key` part).
// Patterns come from the workspace's register, so they are matched by the bounded glob matcher (linear
// time, no regex): `+(…)` and friends are plain characters here, as `!` is; a pattern the matcher
// refuses (over the length cap, too many brace alternatives) matches nothing and is a register issue.
import { compileGlob, globProblem, type Glob, type GlobOptions } from '../files/glob';
import type { CredentialReference } from './reference';

const GLOB_OPTIONS: GlobOptions = { negate: false, extglob: 'literal' };

/** Compiled globs: a workspace has a few patterns and many references. */
const compiled = new Map<string, Glob | null>();

export function matchesPattern(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  if (!/[*?[{]/.test(pattern)) return false;
  let m = compiled.get(pattern);
  if (m === undefined) {
    if (compiled.size > 10_000) compiled.clear();
    m = globProblem(pattern, GLOB_OPTIONS) ? null : compileGlob(pattern, GLOB_OPTIONS);
    compiled.set(pattern, m);
  }
  return m !== null && m.match(name);
}

/** Why a `match` pattern is refused, or undefined. */
export function matchPatternProblem(pattern: string): string | undefined {
  return globProblem(pattern, GLOB_OPTIONS);
}

/** What matching reads of a register identity (register.ts `Identity`): its patterns and its ref. */
export interface MatchableIdentity {
  match?: readonly string[];
  ref?: string;
}

export function identityMatches(identity: MatchableIdentity, name: string): boolean {
  if (identity.match?.some((p) => matchesPattern(p, name))) return true;
  if (!identity.ref) return false;
  return name === identity.ref || name.split('#')[0] === identity.ref || identity.ref.split('#')[0] === name;
}

export function findIdentity<I extends MatchableIdentity>(identities: readonly I[], ref: Pick<CredentialReference, 'name'>): I | undefined {
  return identities.find((i) => identityMatches(i, ref.name));
}
