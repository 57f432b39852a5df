// The certificate checks, on top of the ownership evaluation: each certificate found in the workspace
// (discover.ts, run in each file's one analysis) becomes an inventory entry of its own (kind
// `certificate`, `expires` from the certificate, owners from the first register identity whose `match`
// names its path, common name or a SAN) and gets its findings (cert/*, crypto/*: stable ids, severities
// from `ownership.severities`, the window from `ownership.expiringWithinDays`). A private key with the same
// public key as a certificate joins that certificate's entry, so the inventory shows one identity.
// Pure: "now" is an argument.
import { ownershipOptions, type OwnershipOptions } from '../config/ownership';
import { severityOf, type InventoryEntry, type InventoryReference, type OwnershipResult } from '../ownership/evaluate';
import { ownershipFingerprint, type OwnershipFinding } from '../ownership/finding';
import { identityMatches } from '../ownership/match';
import type { Identity } from '../ownership/register';
import type { OwnershipRuleId } from '../ownership/rules';
import type { OwnershipState } from '../ownership/state';
import type {
  CertificateDefinition, CertificateFacts, CertificateInfo, CryptoReadiness, FoundCertificate, FoundKey, InventoryKey,
} from '../types/certificates';
import type { Range } from '../types/range';
import {
  isQuantumVulnerable, isWeakKey, isWeakSignature, lifetimeDays, looksPubliclyTrusted, maxPublicLifetimeDays, weakKeyReason,
} from './policy';

const DAY_MS = 86_400_000;
export const NO_OWNER = '(no owner)';

/** Files' certificate facts, as their analyses hold them. */
export interface CertificateSource {
  path: string;
  certificates?: CertificateFacts;
}

/** The facts of every file, in path order. */
export function collectFacts(files: Iterable<CertificateSource>): CertificateFacts {
  const all = [...files].filter((f) => f.certificates).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    certificates: all.flatMap((f) => f.certificates!.certificates),
    keys: all.flatMap((f) => f.certificates!.keys),
    definitions: all.flatMap((f) => f.certificates!.definitions),
  };
}

/** The names a register identity's `match` is tested against for a certificate: its path, common name and SANs. */
export function certificateNames(c: FoundCertificate | CertificateDefinition): string[] {
  if ('encoding' in c) return [c.path, ...(c.info?.commonName ? [c.info.commonName] : []), ...(c.info?.sans ?? [])];
  return [c.path, c.name, ...(c.commonName ? [c.commonName] : []), ...(c.dnsNames ?? [])];
}

function identityFor(identities: readonly Identity[], names: readonly string[]): Identity | undefined {
  return identities.find((i) => names.some((n) => identityMatches(i, n)));
}

/** Ownership (state.ts) evaluated with the workspace's certificates. */
/** `referencesComplete`: every file of the workspace has been analyzed (owner/unreferenced; see OwnershipInput). */
export function evaluateWithCertificates(state: OwnershipState, files: Iterable<CertificateSource>, now: Date, referencesComplete = true): OwnershipResult {
  const facts = collectFacts(files);
  if (!facts.certificates.length && !facts.keys.length && !facts.definitions.length) return state.evaluate(now, { referencesComplete });
  const names = [...facts.certificates.filter((c) => c.info), ...facts.definitions].map(certificateNames);
  const certified = (identity: Identity) => names.some((n) => n.some((x) => identityMatches(identity, x)));
  return addCertificates(state.evaluate(now, { certified, referencesComplete }), facts, now, state.options);
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function describeCert(info: CertificateInfo | undefined): string {
  if (!info) return 'Certificate';
  return `Certificate ${info.commonName ?? info.subject ?? info.fingerprint.slice(0, 16)}`;
}

function entryId(c: FoundCertificate, taken: Set<string>): string {
  const name = c.info?.commonName ?? (c.info ? `sha256:${c.info.fingerprint.slice(0, 16)}` : 'unreadable');
  let id = `cert:${name}@${c.path}${c.index ? `#${c.index}` : ''}`;
  for (let n = 2; taken.has(id); n++) id = `cert:${name}@${c.path}#${c.index}.${n}`;
  taken.add(id);
  return id;
}

/** A result with certificates' findings and inventory entries added (and paired private keys folded in). */
export function addCertificates(result: OwnershipResult, facts: CertificateFacts, now: Date, opts?: Partial<OwnershipOptions>): OwnershipResult {
  const options = ownershipOptions(opts);
  const findings: OwnershipFinding[] = [];
  const occurrences = new Map<string, number>();
  const emit = (ruleId: OwnershipRuleId, at: { path: string; range: Range }, message: string, subject: string, extra: Partial<OwnershipFinding> = {}): boolean => {
    const severity = severityOf(ruleId, options);
    if (!severity) return false;
    const key = `${ruleId}\0${at.path}\0${subject}`;
    const n = occurrences.get(key) ?? 0;
    occurrences.set(key, n + 1);
    findings.push({ ruleId, severity, message, path: at.path, range: at.range, ...extra, fingerprint: ownershipFingerprint(ruleId, at.path, subject, n) });
    return true;
  };
  const inventory: InventoryEntry[] = [];
  const taken = new Set(result.inventory.map((e) => e.id));
  const byPublicKey = new Map<string, InventoryEntry[]>();
  const nowMs = now.getTime();

  for (const c of facts.certificates) {
    const at = { path: c.path, range: c.range };
    const identity = identityFor(result.identities, certificateNames(c));
    const id = entryId(c, taken);
    const about = { ...(identity ? { identityId: identity.id } : {}), reference: id };
    const problems: OwnershipRuleId[] = [];
    const flag = (ruleId: OwnershipRuleId, message: string, subject: string) => {
      problems.push(ruleId);
      emit(ruleId, at, message, subject, about);
    };
    const info = c.info;
    if (!info) {
      flag('cert/invalid', `Certificate${c.key ? ` under ${c.key}` : ''} cannot be read: ${c.error ?? 'unknown format'}`, `invalid:${c.offset.start}`);
    } else {
      const what = describeCert(info);
      const subject = info.fingerprint;
      const notBefore = Date.parse(info.notBefore);
      const notAfter = Date.parse(info.notAfter);
      const left = Math.ceil((notAfter - nowMs) / DAY_MS);
      const ago = Math.floor((nowMs - notAfter) / DAY_MS);
      if (notAfter <= nowMs) flag('cert/expired', `${what} expired on ${day(info.notAfter)} (${ago <= 0 ? 'today' : `${ago} day${ago === 1 ? '' : 's'} ago`})`, subject);
      else if (left <= options.expiringWithinDays) flag('cert/expiring', `${what} expires on ${day(info.notAfter)} (in ${left} day${left === 1 ? '' : 's'})`, subject);
      if (notBefore > nowMs) flag('cert/not-yet-valid', `${what} is not valid before ${day(info.notBefore)}`, subject);
      if (looksPubliclyTrusted(info)) {
        const max = maxPublicLifetimeDays(new Date(notBefore));
        const days = lifetimeDays(info);
        if (days > max) flag('cert/long-lived', `${what} is valid for ${days} days; publicly-trusted TLS certificates issued on ${day(info.notBefore)} may last ${max}`, subject);
      }
      if (isWeakKey(info.key)) flag('crypto/weak-key', `${what} has a weak key (${weakKeyReason(info.key)})`, subject);
      if (isWeakSignature(info)) flag('crypto/weak-signature', `${what} is signed with ${info.signature.hash} (${info.signature.name})`, subject);
      if (isQuantumVulnerable(info.key)) flag('crypto/quantum-vulnerable', `${what} uses ${info.key.name}, which a quantum computer could break`, subject);
    }
    const expired = problems.includes('cert/expired');
    const noOwner = !identity || (!identity.owners.business && !identity.owners.technical);
    const entry: InventoryEntry = {
      id,
      status: expired ? 'expired' : noOwner ? 'no-owner' : problems.includes('cert/expiring') ? 'expiring' : 'ok',
      source: 'certificate', kind: 'certificate',
      ...(info ? { provider: info.selfSigned ? 'self-signed' : issuerName(info) } : {}),
      owners: identity?.owners ?? {},
      ...(identity ? { purpose: identity.purpose, environment: identity.environment, system: identity.system, identityId: identity.id } : {}),
      environments: identity?.environment ? [identity.environment] : [],
      ...(info ? { expires: day(info.notAfter) } : {}),
      missing: [], problems: [...new Set(problems)],
      declaredAt: at, references: [],
      ...(info ? { certificate: info } : {}),
    };
    inventory.push(entry);
    if (info) byPublicKey.set(info.publicKeyFingerprint, [...(byPublicKey.get(info.publicKeyFingerprint) ?? []), entry]);
  }

  for (const d of facts.definitions) {
    const identity = identityFor(result.identities, certificateNames(d));
    const id = `${d.kind}:${d.name}`;
    const noOwner = !identity || (!identity.owners.business && !identity.owners.technical);
    const { path, range, offset: _offset, ...definition } = d;
    inventory.push({
      id: taken.has(id) ? `${id}@${path}` : id,
      status: noOwner ? 'no-owner' : 'ok',
      source: 'certificate', kind: 'certificate', provider: d.kind === 'terraform' ? 'Terraform' : 'cert-manager',
      owners: identity?.owners ?? {},
      ...(identity ? { purpose: identity.purpose, environment: identity.environment, system: identity.system, identityId: identity.id } : {}),
      environments: identity?.environment ? [identity.environment] : [],
      ...(d.validityHours ? { rotation: `PT${d.validityHours}H` } : {}),
      missing: [], problems: [], declaredAt: { path, range }, references: [], certificateDefinition: definition,
    });
    taken.add(id);
  }

  // Private keys: paired with their certificate's entry (the key's literal-secret reference moves there),
  // weak ones flagged when no certificate already says so.
  const keys: InventoryKey[] = [];
  let unregistered = result.inventory;
  let dropped = new Set<OwnershipFinding>();
  for (const k of facts.keys) {
    // A public key (`.pub`, `authorized_keys`) is inventory only: no finding, no pairing.
    if (k.public) {
      keys.push({ ...k, quantumVulnerable: isQuantumVulnerable(k.key), weak: isWeakKey(k.key) });
      continue;
    }
    const entry = k.publicKeyFingerprint ? nearest(byPublicKey.get(k.publicKeyFingerprint) ?? [], k.path) : undefined;
    const weak = isWeakKey(k.key);
    // An encrypted or unreadable key has no public half to name it by: its place does.
    const subject = k.publicKeyFingerprint ?? `key@${k.offset.start}`;
    const owning = result.inventory.find((e) => e.source !== 'unregistered' && e.references.some((r) => overlaps(r, k)));
    const owner = entry ? entry.owners.technical ?? entry.owners.business : owning ? owning.owners.technical ?? owning.owners.business : undefined;
    keys.push({ ...k, ...(entry ? { certificate: entry.id } : {}), ...(owner ? { owner } : {}), quantumVulnerable: isQuantumVulnerable(k.key), weak });
    if (!entry && weak) emit('crypto/weak-key', { path: k.path, range: k.range }, `Private key has a weak key (${weakKeyReason(k.key)})`, subject);
    if (!entry && isQuantumVulnerable(k.key)) emit('crypto/quantum-vulnerable', { path: k.path, range: k.range }, `Private key uses ${k.key.name}, which a quantum computer could break`, subject);
    // The key joins its certificate's entry when that has an owner; else it stays a credential nobody owns.
    if (!entry || entry.status === 'no-owner') continue;
    const moved: InventoryReference[] = [];
    unregistered = unregistered.flatMap((e) => {
      if (e.source !== 'unregistered') return [e];
      const keep = e.references.filter((r) => !(r.kind === 'literal-secret' && overlaps(r, k)));
      if (keep.length === e.references.length) return [e];
      moved.push(...e.references.filter((r) => !keep.includes(r)));
      return keep.length ? [{ ...e, references: keep }] : [];
    });
    entry.references.push(...moved);
    // The key's "no owner" finding is answered by the certificate's owner.
    if (moved.length) {
      dropped = new Set([...dropped, ...result.findings.filter((f) => f.ruleId === 'owner/missing' && moved.some((r) => r.path === f.path && sameStart(r.range, f.range)))]);
    }
  }

  const all = [...result.findings.filter((f) => !dropped.has(f)), ...findings].sort(order);
  const merged: InventoryEntry[] = [...unregistered.filter((e) => e.source !== 'unregistered'), ...inventory, ...unregistered.filter((e) => e.source === 'unregistered')];
  return {
    ...result,
    findings: all.filter((f) => !f.suppressed),
    suppressed: [...result.suppressed, ...all.filter((f) => f.suppressed)],
    inventory: merged,
    crypto: { keys, readiness: readiness(merged, keys) },
  };
}

/** Of the certificates with a key's public key, the one nearest the key: same file, then same folder, then the first. */
function nearest(entries: readonly InventoryEntry[], path: string): InventoryEntry | undefined {
  const dir = (p: string) => p.slice(0, p.lastIndexOf('/') + 1);
  return entries.find((e) => e.declaredAt?.path === path) ?? entries.find((e) => e.declaredAt && dir(e.declaredAt.path) === dir(path)) ?? entries[0];
}

function issuerName(info: CertificateInfo): string {
  const cn = /(?:^|, )CN=([^,]+)/.exec(info.issuer);
  return cn ? cn[1] : info.issuer;
}

function overlaps(r: { path: string; offset?: { start: number; end: number }; range: Range }, k: FoundKey): boolean {
  if (r.path !== k.path) return false;
  const start = r.range.start.line;
  return start >= k.range.start.line && start <= k.range.end.line;
}

function sameStart(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}

function order(a: OwnershipFinding, b: OwnershipFinding): number {
  return (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/** The cryptographic-readiness summary: what must migrate, by algorithm and by owner. */
export function readiness(inventory: readonly InventoryEntry[], allKeys: readonly InventoryKey[]): CryptoReadiness {
  // Public keys (`.pub`, `authorized_keys`) are in the inventory, not in the summary: it counts secrets.
  const keys = allKeys.filter((k) => !k.public);
  const certs = inventory.filter((e) => e.certificate);
  const out: CryptoReadiness = {
    certificates: {
      total: certs.length,
      quantumVulnerable: certs.filter((e) => isQuantumVulnerable(e.certificate!.key)).length,
      weak: certs.filter((e) => isWeakKey(e.certificate!.key) || isWeakSignature(e.certificate!)).length,
      expired: certs.filter((e) => e.problems.includes('cert/expired')).length,
      expiring: certs.filter((e) => e.problems.includes('cert/expiring')).length,
      unreadable: inventory.filter((e) => e.source === 'certificate' && !e.certificate && !e.certificateDefinition).length,
    },
    keys: {
      total: keys.length, quantumVulnerable: keys.filter((k) => k.quantumVulnerable).length,
      weak: keys.filter((k) => k.weak).length, encrypted: keys.filter((k) => k.encrypted).length,
    },
    byAlgorithm: [], bySignature: [], byOwner: [],
  };
  const alg = new Map<string, CryptoReadiness['byAlgorithm'][number]>();
  const at = (name: string, vulnerable: boolean) => alg.get(name) ?? (alg.set(name, { algorithm: name, certificates: 0, keys: 0, quantumVulnerable: vulnerable }), alg.get(name)!);
  for (const e of certs) at(e.certificate!.key.name, isQuantumVulnerable(e.certificate!.key)).certificates++;
  for (const k of keys) at(k.key.name, k.quantumVulnerable).keys++;
  out.byAlgorithm = [...alg.values()].sort((a, b) => b.certificates + b.keys - (a.certificates + a.keys) || (a.algorithm < b.algorithm ? -1 : 1));
  const sig = new Map<string, CryptoReadiness['bySignature'][number]>();
  for (const e of certs) {
    const name = e.certificate!.signature.name;
    const s = sig.get(name) ?? (sig.set(name, { algorithm: name, certificates: 0, weak: isWeakSignature(e.certificate!) }), sig.get(name)!);
    s.certificates++;
  }
  out.bySignature = [...sig.values()].sort((a, b) => b.certificates - a.certificates || (a.algorithm < b.algorithm ? -1 : 1));
  const owners = new Map<string, CryptoReadiness['byOwner'][number]>();
  const of = (owner: string) => owners.get(owner) ?? (owners.set(owner, { owner, certificates: 0, keys: 0, quantumVulnerable: 0 }), owners.get(owner)!);
  for (const e of certs) {
    const o = of(e.owners.technical ?? e.owners.business ?? NO_OWNER);
    o.certificates++;
    if (isQuantumVulnerable(e.certificate!.key)) o.quantumVulnerable++;
  }
  for (const k of keys) {
    if (k.certificate) continue; // counted with its certificate
    const o = of(k.owner ?? NO_OWNER);
    o.keys++;
    if (k.quantumVulnerable) o.quantumVulnerable++;
  }
  out.byOwner = [...owners.values()].sort((a, b) => b.quantumVulnerable - a.quantumVulnerable || (a.owner < b.owner ? -1 : 1));
  return out;
}
