// Three-way merge of one identity's synced fields: the base (as it was at the last successful sync),
// mine (the local register) and theirs (the registry). Pure functions, no I/O: the CLI `sync` command
// and the editor use the same rules. Owners merge per role, so a new technical owner in the registry and
// a new business owner here are not a conflict.
import type { IdentityFields } from '../ownership/schema';

/**
 * The fields that sync, as flat paths. `match` does not: it lists how THIS repository refers to the
 * credential (its environment-variable names, vault paths...), which differs from one repository to
 * the next.
 */
export const SYNC_FIELDS = [
  'kind', 'provider', 'owners.business', 'owners.technical', 'purpose', 'environment', 'system', 'ref', 'rotation', 'lastRotated', 'expires',
  'review', 'lastReviewed',
] as const;
export type SyncField = (typeof SYNC_FIELDS)[number];

/** An identity's synced fields, flat: absent fields are left out (never undefined-valued). */
export type SyncFields = Partial<Record<SyncField, string>>;

export interface FieldConflict {
  field: SyncField;
  /** Value at the last sync (undefined: not set, or never synced). */
  base: string | undefined;
  local: string | undefined;
  remote: string | undefined;
}

export interface MergeResult {
  /** Every non-conflicting change applied; conflicting fields keep the local value. */
  merged: SyncFields;
  conflicts: FieldConflict[];
  /** Fields changed only locally: the registry should get them (push). */
  localChanged: SyncField[];
  /** Fields changed only in the registry: the register should get them (pull). */
  remoteChanged: SyncField[];
}

/** The flat synced fields of an identity (register entry or registry record). */
export function syncFieldsOf(identity: Partial<IdentityFields> | undefined): SyncFields {
  const out: SyncFields = {};
  if (!identity) return out;
  for (const field of SYNC_FIELDS) {
    const v = getField(identity, field);
    if (v !== undefined) out[field] = v;
  }
  return out;
}

export function getField(identity: Partial<IdentityFields>, field: SyncField): string | undefined {
  if (field === 'owners.business') return identity.owners?.business ?? undefined;
  if (field === 'owners.technical') return identity.owners?.technical ?? undefined;
  const v = (identity as Record<string, unknown>)[field];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Merges field by field. No base (never synced) counts as "nothing set", so a field only one side has
 * is taken from that side, and two different values are a conflict. `remote` undefined means the
 * registry does not have the identity: everything local is a local change.
 */
export function threeWayMerge(base: SyncFields | undefined, local: SyncFields, remote: SyncFields | undefined): MergeResult {
  const b = base ?? {};
  const r = remote ?? {};
  const merged: SyncFields = {};
  const conflicts: FieldConflict[] = [];
  const localChanged: SyncField[] = [];
  const remoteChanged: SyncField[] = [];
  for (const field of SYNC_FIELDS) {
    const bv = b[field];
    const lv = local[field];
    const rv = r[field];
    let mv: string | undefined;
    if (lv === rv) mv = lv; // same on both sides (changed to the same value, or unchanged)
    else if (lv === bv) {
      mv = rv;
      remoteChanged.push(field);
    } else if (rv === bv) {
      mv = lv;
      localChanged.push(field);
    } else {
      mv = lv;
      conflicts.push({ field, base: bv, local: lv, remote: rv });
    }
    if (mv !== undefined) merged[field] = mv;
  }
  return { merged, conflicts, localChanged, remoteChanged };
}

/** A JSON Merge Patch (RFC 7396) taking the registry's record to `merged` for these fields (null removes). */
export function mergePatchFor(fields: readonly SyncField[], merged: SyncFields): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const field of fields) {
    const v = merged[field] ?? null;
    if (field.startsWith('owners.')) {
      const owners = (patch.owners ??= {}) as Record<string, unknown>;
      owners[field.slice('owners.'.length)] = v;
    } else patch[field] = v;
  }
  return patch;
}

/** The nested identity fields (for a PUT body) from flat synced fields. */
export function identityBodyOf(fields: SyncFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of SYNC_FIELDS) {
    const v = fields[field];
    if (v === undefined) continue;
    if (field.startsWith('owners.')) ((out.owners ??= {}) as Record<string, unknown>)[field.slice('owners.'.length)] = v;
    else out[field] = v;
  }
  return out;
}

/** Entity refs compare case-insensitively on the kind, with the `default/` namespace implied. */
export function normalizeEntityRef(ref: string): string {
  const m = /^([A-Za-z]+):(?:default\/)?(.*)$/.exec(ref);
  return m ? `${m[1].toLowerCase()}:${m[2]}` : ref;
}
