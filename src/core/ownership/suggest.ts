// Owners to offer when registering a credential: those the register already uses (most used first),
// then Backstage's (Group and User entities, and every entity's `spec.owner`), then CODEOWNERS for the
// file, marked as a suggestion only.
import type { CatalogEntity } from './sources/catalog';
import { ownerRef } from './sources/catalog';
import { codeownersFor, codeownerToEntityRef, type CodeOwners } from './sources/codeowners';
import type { Identity } from './register';

export interface OwnerSuggestion {
  /** Entity ref: `group:payments`. */
  ref: string;
  source: 'register' | 'catalog' | 'codeowners';
  /** Why it is offered: `used by 3 identities`, `Group in catalog-info.yaml`, `CODEOWNERS: @acme/payments`. */
  detail: string;
}

export function ownerSuggestions(input: { identities?: readonly Identity[]; catalog?: readonly CatalogEntity[]; codeowners?: CodeOwners; path?: string }): OwnerSuggestion[] {
  const out = new Map<string, OwnerSuggestion>();
  const counts = new Map<string, number>();
  for (const i of input.identities ?? []) {
    for (const o of [i.owners.business, i.owners.technical]) if (o) counts.set(o, (counts.get(o) ?? 0) + 1);
  }
  for (const [ref, n] of [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    out.set(ref, { ref, source: 'register', detail: `used by ${n} ${n === 1 ? 'identity' : 'identities'}` });
  }
  for (const e of input.catalog ?? []) {
    const kind = e.kind.toLowerCase();
    const own = kind === 'group' || kind === 'user' ? ownerRef(`${kind}:${e.namespace === 'default' ? '' : `${e.namespace}/`}${e.name}`) : undefined;
    if (own && !out.has(own)) out.set(own, { ref: own, source: 'catalog', detail: `${e.kind} in ${e.path}` });
    if (e.owner && !out.has(e.owner)) out.set(e.owner, { ref: e.owner, source: 'catalog', detail: `owner of ${e.kind} ${e.name} in ${e.path}` });
  }
  if (input.path) {
    for (const raw of codeownersFor(input.codeowners, input.path)) {
      const ref = codeownerToEntityRef(raw);
      if (ref && !out.has(ref)) out.set(ref, { ref, source: 'codeowners', detail: `CODEOWNERS: ${raw} (a suggestion: owning the code is not owning the credential)` });
    }
  }
  return [...out.values()];
}

/** CODEOWNERS owners of a path as entity refs (the fallback offered with owner/missing). */
export function codeownerSuggestions(codeowners: CodeOwners | undefined, path: string): string[] {
  return [...new Set(codeownersFor(codeowners, path).map(codeownerToEntityRef).filter((r): r is string => Boolean(r)))];
}
