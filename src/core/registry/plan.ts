// What a sync between credentials.yaml and the registry does, as a pure plan: planSync takes the
// register's text, the sync state, what the registry holds and the time, and returns the actions, the
// edits to the register text, the new sync state, conflicts, orphans and refused records. No I/O: the
// CLI (sync.ts) and the editor (src/extension/registry) fetch, plan, send the pushes the plan asks for,
// plan again with their outcomes, and write (the CLI a file, the editor a WorkspaceEdit).
//
// Three-way merge per identity against the state at the last successful sync (merge.ts). A real
// conflict changes neither side and keeps the base. A registry record that looks like it holds a
// credential is not merged: nothing of it reaches the register text or the state, nothing is pushed
// over it, and it is reported as refused (field and rule, never the value).
import * as path from 'node:path';
import { parseRegister, type Identity } from '../ownership/register';
import { redactText } from '../scan/redact-text';
import type { Versioned } from './client';
import { secretRulesIn } from './guard';
import { identityBodyOf, mergePatchFor, normalizeEntityRef, syncFieldsOf, threeWayMerge, type FieldConflict, type SyncField, type SyncFields } from './merge';
import { setIdentityField } from './sync-edit';
import { EditRecorder, type TextEdit } from './text-edits';
import type { IdentityBody, RegistryIdentity } from './types';

export interface SyncStateEntry {
  /** ETag of the registry record at the last successful sync. */
  etag: string;
  /** The synced fields as both sides agreed at the last successful sync. */
  fields: SyncFields;
}

export interface SyncState {
  version: 1;
  /** The registry these bases came from; another registry starts from no base. */
  registry: string;
  /** When this state was written (informational). */
  syncedAt?: string;
  identities: Record<string, SyncStateEntry>;
}

export type SyncActionKind = 'pull' | 'push' | 'create' | 'unchanged' | 'local-only' | 'pending-push' | 'push-failed' | 'refused' | 'retire' | 'pending-retire';

export interface SyncAction {
  id: string;
  kind: SyncActionKind;
  /** Fields pulled or pushed (or that would be). */
  fields: Array<{ field: SyncField; from: string | undefined; to: string | undefined }>;
  /** Why a push failed (the registry's problem detail), or why the registry's record was refused. */
  message?: string;
}

export interface SyncConflict extends FieldConflict {
  id: string;
}

export interface OrphanFinding {
  id: string;
  reason: 'retired' | 'unknown-owner';
  /** The owner the registry does not know (unknown-owner). */
  owner?: string;
  message: string;
}

export interface RefusedRecord {
  id: string;
  /** The fields (or `etag`) that look like a credential, and the rules they trip; never the values. */
  fields: Array<SyncField | 'etag'>;
  rules: string[];
}

/** What the registry holds for the register's identities (undefined: it has no such identity). */
export interface RegistryView {
  url: string;
  records: ReadonlyMap<string, Versioned<RegistryIdentity> | undefined>;
  /** Owner refs the registry knows. */
  owners: readonly string[];
}

/** A change the plan asks the caller to send. */
export type PushRequest =
  | { id: string; kind: 'create'; body: IdentityBody }
  | { id: string; kind: 'patch'; patch: Record<string, unknown>; etag: string }
  /** The register retired it (`retired: <date>`): retire it in the registry too. */
  | { id: string; kind: 'retire' };

/** Where a push's outcome is kept in `PlanOptions.pushed`: a retire has its own key (it may follow a patch). */
export function pushKey(p: Pick<PushRequest, 'id' | 'kind'>): string {
  return p.kind === 'retire' ? `retire:${p.id}` : p.id;
}

/** When this repository last referenced an identity, for the registry (`PUT /v1/identities/{id}/sightings`). */
export interface SightingRequest {
  id: string;
  /** YYYY-MM-DD (UTC). */
  lastSeen: string;
}

/** How a push went: the registry's record after it, or why it was refused (a problem detail). */
export type PushOutcome = { ok: true; record: Versioned<RegistryIdentity> } | { ok: false; message: string };

export interface PlanOptions {
  /** Plan pushes of local changes and new identities. */
  push?: boolean;
  /** Plan as a dry run: pushes are reported as what would be done, and never requested. */
  dryRun?: boolean;
  /** Settles the conflicts of an identity: `registry` takes its values, `mine` keeps (and pushes) the local ones. */
  resolve?: Readonly<Record<string, 'registry' | 'mine'>>;
  /** The outcomes of the pushes an earlier plan of the same inputs asked for. */
  pushed?: ReadonlyMap<string, PushOutcome>;
  /** The register's name in messages. */
  registerName?: string;
  /**
   * Identities this repository references now (the workspace's ownership evaluation): with `push`, the
   * plan asks to report today as their `lastSeen`.
   */
  referenced?: ReadonlySet<string>;
}

export interface SyncPlan {
  /** Identities in the register. */
  identities: number;
  actions: SyncAction[];
  conflicts: SyncConflict[];
  orphans: OrphanFinding[];
  refused: RefusedRecord[];
  /** Edits of the register text (offsets into the text planned from), in order, not overlapping. */
  registerEdits: TextEdit[];
  /** The register text with the edits applied. */
  registerText: string;
  /** The sync state to write once the register edits are in place. */
  newState: SyncState;
  /** Pushes to send (none in a dry run, without `push`, or once `pushed` has their outcomes). */
  pushes: PushRequest[];
  /** Sightings to report once the pushes are done (with `push` and `referenced`, not in a dry run). */
  sightings: SightingRequest[];
}

/** Problems that stop a sync before it changes anything (the CLI exits 2). */
export class SyncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncError';
  }
}

const REDACTED = '[redacted: looks like a credential]';

/** Values go into messages and reports: one that looks like a credential (pasted by mistake) is never shown. */
export function redactValue(v: string | undefined): string | undefined {
  if (v === undefined) return v;
  return secretRulesIn(v, 'credentials.yaml').length || redactText(v) !== v ? REDACTED : v;
}

type Tainted = Array<{ field: SyncField | 'etag'; rules: string[] }>;

/** The synced fields (and the ETag) of a registry record that look like a credential, with the rules they trip. */
function taintedFields(fields: SyncFields, etag: unknown): Tainted {
  const out: Tainted = [];
  for (const [field, value] of Object.entries(fields) as Array<[SyncField, string | undefined]>) {
    const rules = typeof value === 'string' ? secretRulesIn(value, 'credentials.yaml') : [];
    if (rules.length) out.push({ field, rules });
  }
  const etagRules = typeof etag === 'string' ? secretRulesIn(etag, 'credentials.yaml') : [];
  if (etagRules.length) out.push({ field: 'etag', rules: etagRules });
  return out;
}

const change = (fields: SyncField[], from: SyncFields, to: SyncFields) => fields.map((field) => ({ field, from: from[field], to: to[field] }));

/** The plan being built: the result parts, and what later steps need. */
interface Draft {
  actions: SyncAction[];
  conflicts: SyncConflict[];
  orphans: OrphanFinding[];
  refused: RefusedRecord[];
  pushes: PushRequest[];
  pulls: Array<{ id: string; field: SyncField; value: string | undefined }>;
  state: Record<string, SyncStateEntry>;
  /** Each identity's owners after this sync (for orphans). */
  fieldsAfter: Map<string, SyncFields>;
}

/** Reports an identity as refused (once): which fields and rules, never the values. */
function refuse(d: Draft, id: string, tainted: Tainted, local: SyncFields = {}): void {
  const fields = [...new Set(tainted.map((t) => t.field))];
  const rules = [...new Set(tainted.flatMap((t) => t.rules))];
  const message = `the registry's record holds what looks like a credential in ${fields.join(', ')} (${rules.join(', ')}); nothing of it was written to the register or the sync state, and nothing was pushed over it. Remove the value in the registry and rotate the credential`;
  // A refused identity is not also reported as pulled: its pull never reached the register.
  d.actions = d.actions.filter((a) => !(a.id === id && a.kind === 'pull'));
  if (d.refused.some((r) => r.id === id)) return;
  d.refused.push({ id, fields, rules });
  d.actions.push({
    id, kind: 'refused', message,
    fields: fields.filter((f): f is SyncField => f !== 'etag').map((field) => ({ field, from: redactValue(local[field]), to: REDACTED })),
  });
}

/** The state entry a registry record gives. */
const entryOf = (record: Versioned<RegistryIdentity>): SyncStateEntry => ({ etag: record.etag, fields: syncFieldsOf(record.value) });

/** Plans one identity: merge, then pull, push, or report. */
function planIdentity(d: Draft, id: string, local: SyncFields, remote: Versioned<RegistryIdentity> | undefined, base: SyncFields | undefined, opts: PlanOptions, retired = false): void {
  const push = Boolean(opts.push);
  const dryRun = Boolean(opts.dryRun);
  const remoteFields = remote ? syncFieldsOf(remote.value) : undefined;
  const tainted = remote ? taintedFields(remoteFields ?? {}, remote.etag) : [];
  if (tainted.length) {
    refuse(d, id, tainted, local);
    d.fieldsAfter.set(id, local);
    return;
  }
  const m = threeWayMerge(base, local, remoteFields);
  const resolution = opts.resolve?.[id];
  if (m.conflicts.length && resolution) {
    for (const c of m.conflicts) {
      if (resolution === 'registry') {
        if (c.remote === undefined) delete m.merged[c.field];
        else m.merged[c.field] = c.remote;
        m.remoteChanged.push(c.field);
      } else m.localChanged.push(c.field);
    }
    m.conflicts = [];
  }
  d.fieldsAfter.set(id, m.conflicts.length ? local : m.merged);
  if (remote?.value.status === 'retired' && !retired) {
    d.orphans.push({ id, reason: 'retired', message: `"${id}" is retired in the registry; remove it from the register or reactivate it there` });
  }
  if (m.conflicts.length) {
    // Neither side changes, and the base stays, so the conflict shows again until it is resolved.
    for (const c of m.conflicts) d.conflicts.push({ id, ...c });
    return;
  }
  if (m.remoteChanged.length) {
    d.actions.push({ id, kind: 'pull', fields: change(m.remoteChanged, local, m.merged) });
    for (const field of m.remoteChanged) d.pulls.push({ id, field, value: m.merged[field] });
  }
  const settle = (kind: 'create' | 'push', fields: SyncAction['fields'], request: PushRequest, onFailure?: SyncStateEntry) => {
    const outcome = opts.pushed?.get(id);
    if (!outcome) {
      d.actions.push({ id, kind, fields });
      if (!dryRun) d.pushes.push(request);
      return;
    }
    if (outcome.ok) {
      d.actions.push({ id, kind, fields });
      d.state[id] = entryOf(outcome.record);
      return;
    }
    d.actions.push({ id, kind: 'push-failed', fields: [], message: outcome.message });
    // What was pulled is still right; the base is the registry's record as read.
    if (onFailure) d.state[id] = onFailure;
  };
  if (!remote) {
    if (!push) d.actions.push({ id, kind: 'local-only', fields: change(m.localChanged, {}, m.merged) });
    else settle('create', change(m.localChanged, {}, m.merged), { id, kind: 'create', body: { id, ...identityBodyOf(m.merged), ...(retired ? { status: 'retired' } : {}) } as IdentityBody });
    return;
  }
  const asRead: SyncStateEntry = { etag: remote.etag, fields: remoteFields ?? {} };
  if (m.localChanged.length) {
    const fields = change(m.localChanged, remoteFields ?? {}, m.merged);
    if (push) settle('push', fields, { id, kind: 'patch', patch: mergePatchFor(m.localChanged, m.merged), etag: remote.etag }, asRead);
    else {
      d.actions.push({ id, kind: 'pending-push', fields });
      // The registry's record is the base now; the local changes stay local changes.
      if (!dryRun) d.state[id] = asRead;
    }
    return;
  }
  if (!m.remoteChanged.length) d.actions.push({ id, kind: 'unchanged', fields: [] });
  d.state[id] = asRead;
}

/**
 * An identity the register retired and the registry has active: retired there with `push` (after any
 * field push of the same identity), else reported as pending.
 */
function planRetire(d: Draft, id: string, remote: Versioned<RegistryIdentity> | undefined, opts: PlanOptions): void {
  if (!remote || remote.value.status === 'retired' || d.refused.some((r) => r.id === id)) return;
  if (!opts.push) {
    d.actions.push({ id, kind: 'pending-retire', fields: [], message: 'retired in the register (sync --push retires it in the registry)' });
    return;
  }
  const outcome = opts.pushed?.get(pushKey({ id, kind: 'retire' }));
  if (!outcome) {
    d.actions.push({ id, kind: 'retire', fields: [] });
    if (!opts.dryRun) d.pushes.push({ id, kind: 'retire' });
  } else if (outcome.ok) {
    d.actions.push({ id, kind: 'retire', fields: [] });
    d.state[id] = entryOf(outcome.record);
  } else d.actions.push({ id, kind: 'push-failed', fields: [], message: outcome.message });
}

/** Owners no registry identity names (after this sync's pushes), and identities it retired, are orphans. */
function findOrphans(d: Draft, ids: string[], registry: RegistryView): void {
  const known = new Set(registry.owners.map(normalizeEntityRef));
  const pushedOwners = new Set<string>();
  for (const a of d.actions) {
    if (a.kind !== 'create' && a.kind !== 'push') continue;
    for (const role of ['owners.business', 'owners.technical'] as const) {
      const o = d.fieldsAfter.get(a.id)?.[role];
      if (o) pushedOwners.add(normalizeEntityRef(o));
    }
  }
  for (const id of ids) {
    if (registry.records.get(id)?.value.status === 'retired') continue;
    const fields = d.fieldsAfter.get(id) ?? {};
    for (const role of ['owners.technical', 'owners.business'] as const) {
      const owner = fields[role];
      if (!owner) continue;
      const n = normalizeEntityRef(owner);
      if (known.has(n) || pushedOwners.has(n)) continue;
      if (d.orphans.some((o) => o.id === id && o.owner === owner)) continue;
      d.orphans.push({ id, reason: 'unknown-owner', owner, message: `"${id}": the registry knows no owner ${owner} (${role.slice('owners.'.length)})` });
    }
  }
}

function redactDraft(d: Draft): void {
  for (const a of d.actions) {
    a.message = redactValue(a.message);
    for (const f of a.fields) {
      f.from = redactValue(f.from);
      f.to = redactValue(f.to);
    }
  }
  for (const c of d.conflicts) {
    c.base = redactValue(c.base);
    c.local = redactValue(c.local);
    c.remote = redactValue(c.remote);
  }
}

/** The identities of a register text; a SyncError when it has problems (nothing syncs until they are fixed). */
export function registerIdentities(register: string, name = 'credentials.yaml'): Identity[] {
  const parsed = parseRegister(register, path.basename(name));
  if (parsed.issues.length) {
    const first = parsed.issues[0];
    throw new SyncError(`${name} has ${parsed.issues.length} problem(s) (first, line ${first.range.start.line + 1}: ${first.message}); fix them before syncing`);
  }
  return parsed.identities;
}

/**
 * The plan of a sync of `register` (the text of credentials.yaml) with what the registry holds, against
 * the state of the last sync. Throws a SyncError when the register has problems. Pure: the same inputs
 * give the same plan, and nothing is read, sent or written.
 */
export function planSync(register: string, state: SyncState, registry: RegistryView, now: Date, opts: PlanOptions = {}): SyncPlan {
  const parsed = { identities: registerIdentities(register, opts.registerName) };
  const sameRegistry = state.registry.replace(/\/+$/, '') === registry.url.replace(/\/+$/, '');
  const bases = sameRegistry ? state.identities : {};
  const d: Draft = { actions: [], conflicts: [], orphans: [], refused: [], pushes: [], pulls: [], state: { ...bases }, fieldsAfter: new Map() };
  for (const identity of parsed.identities) {
    const remote = registry.records.get(identity.id);
    planIdentity(d, identity.id, syncFieldsOf(identity), remote, bases[identity.id]?.fields, opts, Boolean(identity.retired));
    if (identity.retired) planRetire(d, identity.id, remote, opts);
  }
  const ids = parsed.identities.map((i) => i.id);
  // A retired identity needs no owner the registry knows.
  findOrphans(d, parsed.identities.filter((i) => !i.retired).map((i) => i.id), registry);
  redactDraft(d);

  // The register edits (comment-keeping), and a last guard: no value that looks like a credential is
  // written to the register or the state, wherever it came from.
  const edits = new EditRecorder(register);
  for (const p of d.pulls) {
    const rules = p.value === undefined ? [] : secretRulesIn(p.value, 'credentials.yaml');
    if (rules.length) refuse(d, p.id, [{ field: p.field, rules }]);
    else edits.step(setIdentityField(edits.text, p.id, p.field, p.value));
  }
  for (const [id, entry] of Object.entries(d.state)) {
    const tainted = taintedFields(entry?.fields ?? {}, entry?.etag);
    if (!tainted.length) continue;
    delete d.state[id];
    if (ids.includes(id)) refuse(d, id, tainted);
  }
  // lastSeen: today, for what this repository references and the registry has (or now has).
  const sightings: SightingRequest[] = [];
  if (opts.push && !opts.dryRun && opts.referenced && !d.pushes.length) {
    const lastSeen = now.toISOString().slice(0, 10);
    for (const identity of parsed.identities) {
      if (identity.retired || !opts.referenced.has(identity.id) || d.refused.some((r) => r.id === identity.id)) continue;
      const created = opts.pushed?.get(identity.id);
      if (registry.records.get(identity.id) || created?.ok) sightings.push({ id: identity.id, lastSeen });
    }
  }
  return {
    identities: parsed.identities.length,
    actions: d.actions, conflicts: d.conflicts, orphans: d.orphans, refused: d.refused,
    registerEdits: edits.edits(), registerText: edits.text,
    newState: { version: 1, registry: registry.url, syncedAt: now.toISOString(), identities: d.state },
    pushes: d.pushes,
    sightings,
  };
}
