// Owner sync between a workspace's credentials.yaml and the central registry, for the command line: the
// I/O around the pure plan (plan.ts). Read the register and the sync state, fetch what the registry
// holds, plan, send the pushes the plan asks for, plan again with their outcomes, then write the
// register and the sync state. It returns what it did (or, with `dryRun`, what it would do) without
// printing anything. The editor does the same with its own writes (src/extension/registry).
//
// Order of work, so that a failing registry never leaves the workspace half-changed: every read first
// (a RegistryError there throws before anything is written), then the pushes, then the register and the
// sync state. A real conflict changes neither side; the identity's base stays as it was.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describeRefusal, LIMITS, readBounded } from '../files/bounded';
import { redactUrl } from '../scan/redact-text';
import type { RegistryClient, Versioned } from './client';
import { RegistryError } from './client';
import { planSync, pushKey, registerIdentities, SyncError, type OrphanFinding, type PushOutcome, type PushRequest, type RegistryView, type SightingRequest, type SyncAction, type SyncConflict, type SyncPlan, type SyncState } from './plan';
import type { RegistryIdentity } from './types';

export { planSync, pushKey, redactValue, SyncError, type OrphanFinding, type SyncAction, type SyncActionKind, type SyncConflict, type SyncState, type SyncStateEntry } from './plan';

export const SYNC_STATE_DIR = '.credential-hygiene';
export const SYNC_STATE_FILE = 'sync-state.json';

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
  /** Identities this repository references now: with `push`, their lastSeen (today) is reported under `repository`. */
  referenced?: ReadonlySet<string>;
  /** The name this repository reports its sightings under. */
  repository?: string;
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
  /** Identities whose lastSeen (today) was reported to the registry, and why reporting stopped, if it did. */
  lastSeen?: { repository: string; ids: string[]; error?: string };
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


/** What the registry holds for `ids`, and the owners it knows. Any failure is a SyncError: nothing was changed. */
export async function fetchRegistryView(client: RegistryClient, url: string, ids: readonly string[]): Promise<RegistryView> {
  const records = new Map<string, Versioned<RegistryIdentity> | undefined>();
  try {
    for (const id of ids) records.set(id, await client.get(id));
    return { url, records, owners: (await client.owners()).map((o) => o.ref) };
  } catch (e) {
    throw asSyncError(e, url);
  }
}

/**
 * Sends the pushes a plan asks for, in order. A push the registry refuses is a failed outcome (its
 * problem detail); a registry that cannot be reached or refuses the token stops the sync (SyncError).
 */
export async function sendPushes(client: RegistryClient, url: string, pushes: readonly PushRequest[]): Promise<Map<string, PushOutcome>> {
  const outcomes = new Map<string, PushOutcome>();
  for (const p of pushes) {
    try {
      const record = p.kind === 'create' ? await client.put(p.id, p.body, { createOnly: true })
        : p.kind === 'retire' ? await client.retire(p.id) : await client.patch(p.id, p.patch, p.etag);
      outcomes.set(pushKey(p), { ok: true, record });
    } catch (e) {
      if (!(e instanceof RegistryError) || e.isOffline || e.status === 401) throw asSyncError(e, url);
      outcomes.set(pushKey(p), { ok: false, message: e.isConflict ? 'changed in the registry while syncing; run sync again' : e.message });
    }
  }
  return outcomes;
}

export interface PlanAgainstRegistry {
  /** The register text to plan from (the file, or the editor's document). */
  text: string;
  /** The register's path, in messages. */
  registerFile: string;
  state: SyncState;
  client: RegistryClient;
  registryUrl: string;
  push?: boolean;
  dryRun?: boolean;
  resolve?: Record<string, 'registry' | 'mine'>;
  referenced?: ReadonlySet<string>;
}

/**
 * Reports the plan's sightings. A registry without the sightings route (an older server) or one that
 * refuses them does not fail the sync: the first refusal stops the reporting and is returned.
 */
export async function sendSightings(client: RegistryClient, repository: string, sightings: readonly SightingRequest[]): Promise<{ ids: string[]; error?: string }> {
  const ids: string[] = [];
  for (const s of sightings) {
    try {
      await client.sighting(s.id, repository, s.lastSeen);
      ids.push(s.id);
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      return { ids, error: e.message };
    }
  }
  return { ids };
}

/** Fetches, plans, sends the pushes the plan asks for and plans again with their outcomes: the plan to write. */
export async function planAgainstRegistry(o: PlanAgainstRegistry): Promise<SyncPlan> {
  const ids = registerIdentities(o.text, o.registerFile).map((i) => i.id);
  const view = await fetchRegistryView(o.client, o.registryUrl, ids);
  const opts = { push: o.push, dryRun: o.dryRun, resolve: o.resolve, registerName: o.registerFile, referenced: o.referenced };
  const plan = planSync(o.text, o.state, view, new Date(), opts);
  if (!plan.pushes.length) return plan;
  const pushed = await sendPushes(o.client, o.registryUrl, plan.pushes);
  return planSync(o.text, o.state, view, new Date(), { ...opts, pushed });
}

/** The command line's sync: plan against the registry, then write the register file and the sync state. */
export async function syncRegister(opts: SyncOptions): Promise<SyncResult> {
  const { registerFile } = opts;
  const push = Boolean(opts.push);
  const dryRun = Boolean(opts.dryRun);
  const stateFile = syncStatePath(registerFile);
  const read = await readBounded(registerFile, { maxBytes: LIMITS.register });
  if (!read.ok) throw new SyncError(`cannot read ${describeRefusal(registerFile, read)}`);
  const text = read.bytes.toString('utf8');
  registerIdentities(text, registerFile); // the register's problems stop the sync before the state is read
  const state = await readSyncState(stateFile, opts.registryUrl);
  const plan = await planAgainstRegistry({ text, registerFile, state, client: opts.client, registryUrl: opts.registryUrl, push, dryRun, resolve: opts.resolve, referenced: opts.referenced });
  if (!dryRun) {
    if (plan.registerEdits.length) atomicWrite(registerFile, plan.registerText);
    writeSyncState(stateFile, plan.newState);
  }
  const result = resultOf(plan, { registerFile, stateFile, registry: opts.registryUrl, dryRun, push });
  if (plan.sightings.length && opts.repository) result.lastSeen = { repository: opts.repository, ...(await sendSightings(opts.client, opts.repository, plan.sightings)) };
  return result;
}

/** The result a plan reports, as the CLI prints it. */
export function resultOf(plan: SyncPlan, where: Pick<SyncResult, 'registerFile' | 'stateFile' | 'registry' | 'dryRun' | 'push'>): SyncResult {
  return { ...where, identities: plan.identities, actions: plan.actions, conflicts: plan.conflicts, orphans: plan.orphans, registerChanged: plan.registerEdits.length > 0 };
}

/** Writes the sync state (its folder created as needed), atomically. */
export function writeSyncState(stateFile: string, state: SyncState): void {
  mkdirSync(path.dirname(stateFile), { recursive: true });
  atomicWrite(stateFile, JSON.stringify(state, null, 2) + '\n');
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
