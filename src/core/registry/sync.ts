// Owner sync between a workspace's credentials.yaml and the central registry: pull what changed in the
// registry, push what changed here (with `push`), and three-way merge against the state at the last
// successful sync (`.credential-hygiene/sync-state.json` next to the register). Usable from the CLI and
// the editor: it takes a RegistryClient and a register path, and returns what it did (or, with
// `dryRun`, what it would do) without printing anything.
//
// Order of work, so that a failing registry never leaves the workspace half-changed: every read first
// (a RegistryError there throws before anything is written), then the pushes, then the register and the
// sync state. A real conflict changes neither side; the identity's base stays as it was.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describeRefusal, LIMITS, readBounded } from '../files/bounded';
import { parseRegister, type Identity } from '../ownership/register';
import { redactText, redactUrl } from '../scan/redact-text';
import { secretRulesIn } from './guard';
import type { RegistryClient, Versioned } from './client';
import { RegistryError } from './client';
import { identityBodyOf, mergePatchFor, normalizeEntityRef, syncFieldsOf, threeWayMerge, type FieldConflict, type SyncField, type SyncFields } from './merge';
import { setIdentityField } from './sync-edit';
import type { IdentityBody, RegistryIdentity } from './types';

export const SYNC_STATE_DIR = '.credential-hygiene';
export const SYNC_STATE_FILE = 'sync-state.json';

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
  identities: Record<string, SyncStateEntry>;
}

export interface SyncOptions {
  /** Absolute path of credentials.yaml. */
  registerFile: string;
  client: RegistryClient;
  /** The registry's URL, recorded in the sync state (and shown in messages). */
  registryUrl: string;
  /** Send local changes and new identities to the registry. */
  push?: boolean;
  /** Change nothing anywhere; report what would happen. */
  dryRun?: boolean;
  /**
   * How to settle the conflicts of an identity (every conflicting field of it): `registry` takes the
   * registry's values into the register, `mine` keeps the local ones (sent with `push`).
   */
  resolve?: Record<string, 'registry' | 'mine'>;
}

export type SyncActionKind = 'pull' | 'push' | 'create' | 'unchanged' | 'local-only' | 'pending-push' | 'push-failed' | 'refused';

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

export interface SyncResult {
  registerFile: string;
  stateFile: string;
  registry: string;
  /** Identities in the register. */
  identities: number;
  dryRun: boolean;
  push: boolean;
  actions: SyncAction[];
  conflicts: SyncConflict[];
  orphans: OrphanFinding[];
  /** Whether credentials.yaml was (or, with dryRun, would be) rewritten. */
  registerChanged: boolean;
}

/** Problems that stop a sync before it changes anything (the CLI exits 2). */
export class SyncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncError';
  }
}

export function syncStatePath(registerFile: string): string {
  return path.join(path.dirname(registerFile), SYNC_STATE_DIR, SYNC_STATE_FILE);
}

export async function readSyncState(file: string, registry: string): Promise<SyncState> {
  const empty: SyncState = { version: 1, registry, identities: {} };
  // Bounded, and inside the register's folder: a FIFO or a link elsewhere is an error, not a hang.
  const r = await readBounded(file, { maxBytes: LIMITS.syncState, root: path.dirname(path.dirname(file)) });
  if (!r.ok && r.code === 'ENOENT') return empty;
  if (!r.ok) throw new SyncError(`cannot read ${describeRefusal(file, r)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.bytes.toString('utf8'));
  } catch {
    throw new SyncError(`${file} is not valid JSON; delete it to sync from scratch`);
  }
  const s = parsed as Partial<SyncState> | null;
  if (!s || s.version !== 1 || typeof s.identities !== 'object' || s.identities === null) throw new SyncError(`${file} is not a sync state this version understands; delete it to sync from scratch`);
  if (sameRegistry(s.registry, registry)) return { version: 1, registry, identities: s.identities };
  return empty;
}

function sameRegistry(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** The local view of an identity: its own fields, with owners inherited from `defaults.owners` made explicit. */
function localFields(identity: Identity): SyncFields {
  return syncFieldsOf(identity);
}

export async function syncRegister(opts: SyncOptions): Promise<SyncResult> {
  const { registerFile, client } = opts;
  const push = Boolean(opts.push);
  const dryRun = Boolean(opts.dryRun);
  const stateFile = syncStatePath(registerFile);
  const read = await readBounded(registerFile, { maxBytes: LIMITS.register });
  if (!read.ok) throw new SyncError(`cannot read ${describeRefusal(registerFile, read)}`);
  const text = read.bytes.toString('utf8');
  const register = parseRegister(text, path.basename(registerFile));
  if (register.issues.length) {
    const first = register.issues[0];
    throw new SyncError(`${registerFile} has ${register.issues.length} problem(s) (first, line ${first.range.start.line + 1}: ${first.message}); fix them before syncing`);
  }
  const state = await readSyncState(stateFile, opts.registryUrl);
  const result: SyncResult = { registerFile, stateFile, registry: opts.registryUrl, identities: register.identities.length, dryRun, push, actions: [], conflicts: [], orphans: [], registerChanged: false };

  // 1. Read everything. Any failure here throws before a single change.
  const remotes = new Map<string, Versioned<RegistryIdentity> | undefined>();
  let knownOwners: Set<string>;
  try {
    for (const identity of register.identities) remotes.set(identity.id, await client.get(identity.id));
    knownOwners = new Set((await client.owners()).map((o) => normalizeEntityRef(o.ref)));
  } catch (e) {
    throw asSyncError(e, opts.registryUrl);
  }

  // 2. Merge, and push what should be pushed.
  const newState: SyncState = { version: 1, registry: opts.registryUrl, identities: { ...state.identities } };
  const pulls: Array<{ id: string; field: SyncField; value: string | undefined }> = [];
  const ownersAfter = new Map<string, SyncFields>();
  for (const identity of register.identities) {
    const id = identity.id;
    const remote = remotes.get(id);
    const local = localFields(identity);
    const remoteFields = remote ? syncFieldsOf(remote.value) : undefined;
    // A registry record holding what looks like a credential (a hostile registry, or one from before it
    // refused them) is not merged: nothing of it is written here, and nothing is pushed on top of it.
    const tainted = remote ? taintedFields(remoteFields ?? {}, remote.etag) : [];
    if (tainted.length) {
      refuse(result, id, tainted, local);
      ownersAfter.set(id, local);
      continue;
    }
    const base = state.identities[id]?.fields;
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
    ownersAfter.set(id, m.conflicts.length ? local : m.merged);
    if (remote?.value.status === 'retired') {
      result.orphans.push({ id, reason: 'retired', message: `"${id}" is retired in the registry; remove it from the register or reactivate it there` });
    }
    if (m.conflicts.length) {
      // Neither side changes, and the base stays, so the conflict shows again until it is resolved.
      for (const c of m.conflicts) result.conflicts.push({ id, ...c });
      continue;
    }
    const change = (fields: SyncField[], from: SyncFields, to: SyncFields) => fields.map((field) => ({ field, from: from[field], to: to[field] }));
    if (m.remoteChanged.length) {
      result.actions.push({ id, kind: 'pull', fields: change(m.remoteChanged, local, m.merged) });
      for (const field of m.remoteChanged) pulls.push({ id, field, value: m.merged[field] });
    }
    if (!remote) {
      if (!push) {
        result.actions.push({ id, kind: 'local-only', fields: change(m.localChanged, {}, m.merged) });
        continue;
      }
      if (dryRun) {
        result.actions.push({ id, kind: 'create', fields: change(m.localChanged, {}, m.merged) });
        continue;
      }
      try {
        const created = await client.put(id, { id, ...identityBodyOf(m.merged) } as IdentityBody, { createOnly: true });
        result.actions.push({ id, kind: 'create', fields: change(m.localChanged, {}, m.merged) });
        newState.identities[id] = { etag: created.etag, fields: syncFieldsOf(created.value) };
      } catch (e) {
        pushFailed(result, id, e, opts.registryUrl);
      }
      continue;
    }
    if (m.localChanged.length) {
      const fields = change(m.localChanged, remoteFields ?? {}, m.merged);
      if (!push) {
        result.actions.push({ id, kind: 'pending-push', fields });
        // The registry's record is the base now; the local changes stay local changes.
        if (!dryRun) newState.identities[id] = { etag: remote.etag, fields: remoteFields ?? {} };
        continue;
      }
      if (dryRun) {
        result.actions.push({ id, kind: 'push', fields });
        continue;
      }
      try {
        const patched = await client.patch(id, mergePatchFor(m.localChanged, m.merged), remote.etag);
        result.actions.push({ id, kind: 'push', fields });
        newState.identities[id] = { etag: patched.etag, fields: syncFieldsOf(patched.value) };
      } catch (e) {
        pushFailed(result, id, e, opts.registryUrl);
        // What was pulled is still right; the base is the registry's record as read.
        newState.identities[id] = { etag: remote.etag, fields: remoteFields ?? {} };
      }
      continue;
    }
    if (!m.remoteChanged.length) result.actions.push({ id, kind: 'unchanged', fields: [] });
    newState.identities[id] = { etag: remote.etag, fields: remoteFields ?? {} };
  }

  // 3. Orphans: owners no registry identity names (after this sync's pushes).
  const pushedIds = new Set(result.actions.filter((a) => a.kind === 'create' || a.kind === 'push').map((a) => a.id));
  const pushedOwners = new Set<string>();
  for (const id of pushedIds) for (const role of ['owners.business', 'owners.technical'] as const) {
    const o = ownersAfter.get(id)?.[role];
    if (o) pushedOwners.add(normalizeEntityRef(o));
  }
  for (const identity of register.identities) {
    if (remotes.get(identity.id)?.value.status === 'retired') continue;
    const fields = ownersAfter.get(identity.id) ?? {};
    for (const role of ['owners.technical', 'owners.business'] as const) {
      const owner = fields[role];
      if (!owner) continue;
      const n = normalizeEntityRef(owner);
      if (knownOwners.has(n) || pushedOwners.has(n)) continue;
      if (result.orphans.some((o) => o.id === identity.id && o.owner === owner)) continue;
      result.orphans.push({ id: identity.id, reason: 'unknown-owner', owner, message: `"${identity.id}": the registry knows no owner ${owner} (${role.slice('owners.'.length)})` });
    }
  }

  redactResult(result);

  // 4. Local writes: the register (comment-keeping edits), then the sync state. Last guard: no value
  // that looks like a credential is written to either, wherever it came from.
  let next = text;
  for (const p of pulls) {
    if (p.value !== undefined && secretRulesIn(p.value, 'credentials.yaml').length) {
      refuse(result, p.id, [{ field: p.field, rules: secretRulesIn(p.value, 'credentials.yaml') }]);
      continue;
    }
    next = setIdentityField(next, p.id, p.field, p.value);
  }
  for (const [id, entry] of Object.entries(newState.identities)) {
    const tainted = taintedFields(entry?.fields ?? {}, entry?.etag);
    if (!tainted.length) continue;
    delete newState.identities[id];
    if (register.identities.some((i) => i.id === id)) refuse(result, id, tainted);
  }
  result.registerChanged = next !== text;
  if (!dryRun) {
    if (result.registerChanged) atomicWrite(registerFile, next);
    mkdirSync(path.dirname(stateFile), { recursive: true });
    atomicWrite(stateFile, JSON.stringify(newState, null, 2) + '\n');
  }
  return result;
}

const REDACTED = '[redacted: looks like a credential]';

/** Values go into messages and reports: one that looks like a credential (pasted by mistake) is never shown. */
export function redactValue(v: string | undefined): string | undefined {
  if (v === undefined) return v;
  return secretRulesIn(v, 'credentials.yaml').length || redactText(v) !== v ? REDACTED : v;
}

/** The synced fields (and the ETag) of a registry record that look like a credential, with the rules they trip. */
function taintedFields(fields: SyncFields, etag: unknown): Array<{ field: SyncField | 'etag'; rules: string[] }> {
  const out: Array<{ field: SyncField | 'etag'; rules: string[] }> = [];
  for (const [field, value] of Object.entries(fields) as Array<[SyncField, string | undefined]>) {
    const rules = typeof value === 'string' ? secretRulesIn(value, 'credentials.yaml') : [];
    if (rules.length) out.push({ field, rules });
  }
  const etagRules = typeof etag === 'string' ? secretRulesIn(etag, 'credentials.yaml') : [];
  if (etagRules.length) out.push({ field: 'etag', rules: etagRules });
  return out;
}

/** Reports an identity as refused (once): which fields and rules, never the values. */
function refuse(result: SyncResult, id: string, tainted: Array<{ field: SyncField | 'etag'; rules: string[] }>, local: SyncFields = {}): void {
  const fields = [...new Set(tainted.map((t) => t.field))];
  const rules = [...new Set(tainted.flatMap((t) => t.rules))];
  const message = `the registry's record holds what looks like a credential in ${fields.join(', ')} (${rules.join(', ')}); nothing of it was written to the register or the sync state, and nothing was pushed over it. Remove the value in the registry and rotate the credential`;
  // A refused identity is not also reported as pulled: its pull never reached the register.
  result.actions = result.actions.filter((a) => !(a.id === id && a.kind === 'pull'));
  if (result.actions.some((a) => a.id === id && a.kind === 'refused')) return;
  result.actions.push({
    id, kind: 'refused', message,
    fields: fields.filter((f): f is SyncField => f !== 'etag').map((field) => ({ field, from: redactValue(local[field]), to: REDACTED })),
  });
}

function redactResult(r: SyncResult): void {
  for (const a of r.actions) a.message = redactValue(a.message);
  for (const a of r.actions) for (const f of a.fields) {
    f.from = redactValue(f.from);
    f.to = redactValue(f.to);
  }
  for (const c of r.conflicts) {
    c.base = redactValue(c.base);
    c.local = redactValue(c.local);
    c.remote = redactValue(c.remote);
  }
}

function pushFailed(result: SyncResult, id: string, e: unknown, registry: string): void {
  if (e instanceof RegistryError && !e.isOffline && e.status !== 401) {
    const message = e.isConflict ? 'changed in the registry while syncing; run sync again' : e.message;
    result.actions.push({ id, kind: 'push-failed', fields: [], message });
    return;
  }
  throw asSyncError(e, registry);
}

function asSyncError(e: unknown, url: string): Error {
  if (!(e instanceof RegistryError)) return e as Error;
  const registry = redactUrl(url);
  if (e.isOffline) return new SyncError(`the registry at ${registry} cannot be reached; nothing was changed (${e.message})`);
  if (e.status === 401) return new SyncError(`the registry at ${registry} refused the token (401): ${e.problem?.detail ?? e.message}; nothing was changed`);
  return new SyncError(`the registry at ${registry} failed: ${e.message}; nothing was changed`);
}

function atomicWrite(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { flag: 'wx' }); // never through a link someone planted under that name
  renameSync(tmp, file);
}
