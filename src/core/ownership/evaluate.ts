// The ownership checks: from the register, Backstage entities and the references found, the findings
// (stable owner/* rule ids) and the inventory. Pure: the clock is an argument, nothing is read from
// disk, so the editor, the CLI and the tests get the same answer for the same input.
import type { Range } from '../types/range';
import type { CertificateInfo, CryptoInventory, DefinitionFacts } from '../types/certificates';
import type { Severity } from '../types/kinds';
import { mergeCatalog, type CatalogEntity } from './sources/catalog';
import { ownershipOptions, type OwnershipOptions, type RequirableField } from '../config/ownership';
import { addDuration, ago, daysBetween, daysUntil, isoDay, parseDate, plural } from './dates';
import { ownershipFingerprint, type OwnershipFinding, type RelatedLocation } from './finding';
import { identityMatches } from './match';
import type { CredentialReference, ReferenceKind } from './reference';
import type { Identity, Register } from './register';
import { OWNERSHIP_RULES, type OwnershipRuleId } from './rules';
import type { Owners } from './schema';
import { INVENTORY_STATUSES, UNREFERENCED, type InventoryStatus } from '../vocabulary';

export interface OwnershipInput {
  register: Register;
  /** Backstage entities (catalog-info.yaml): credential Resources add or complete identities; the register wins. */
  catalog?: readonly CatalogEntity[];
  references: readonly CredentialReference[];
  /** "Now" for expiry and rotation; injected, never read from the system clock here. */
  now: Date;
  options?: Partial<OwnershipOptions>;
  /** Fallback owner suggestions for a path (CODEOWNERS), offered with owner/missing and untagged resources. */
  suggestOwners?: (path: string) => string[];
  /** Identities whose expiry comes from the certificates they match (src/core/certs): they need no `expires` or `rotation`. */
  certified?: (identity: Identity) => boolean;
  /**
   * Whether `references` are every reference of the workspace (default true). owner/unreferenced is
   * only reported when they are: a scan still running, or of the staged files only, proves nothing.
   */
  referencesComplete?: boolean;
}

export { INVENTORY_STATUSES, type InventoryStatus };

export interface InventoryReference {
  name: string;
  kind: ReferenceKind;
  path: string;
  range: Range;
  environment?: string;
}

export interface InventoryEntry {
  /** The identity's id; for a reference no identity owns, its name. */
  id: string;
  status: InventoryStatus;
  /** `unregistered`: references no identity owns, grouped by name. */
  source: 'register' | 'catalog' | 'unregistered' | 'certificate';
  kind?: string;
  provider?: string;
  owners: Owners;
  purpose?: string;
  /** As declared in the register. */
  environment?: string;
  /** Where it is used, as inferred from its references. */
  environments: string[];
  system?: string;
  ref?: string;
  rotation?: string;
  lastRotated?: string;
  /** lastRotated + rotation, as YYYY-MM-DD. */
  nextRotation?: string;
  expires?: string;
  review?: string;
  lastReviewed?: string;
  /** lastReviewed + review, as YYYY-MM-DD. */
  nextReview?: string;
  /** When it was retired (status `retired`). */
  retired?: string;
  /** Required fields it lacks. */
  missing: string[];
  /** The ownership rules it breaks. */
  problems: OwnershipRuleId[];
  /** Where it is declared (register or catalog-info.yaml). */
  declaredAt?: { path: string; range: Range };
  references: InventoryReference[];
  /** For a certificate (source `certificate`): the register identity it matched, when one did. */
  identityId?: string;
  /** For a certificate: what it says (names, validity, algorithms, fingerprints; never key material). */
  certificate?: CertificateInfo;
  /** For a declared certificate (Terraform, cert-manager): its declaration. */
  certificateDefinition?: DefinitionFacts;
}

export interface OwnershipResult {
  /** Active findings, sorted by path and position. */
  findings: OwnershipFinding[];
  /** Findings at references an inline marker allows. */
  suppressed: OwnershipFinding[];
  inventory: InventoryEntry[];
  /** The identities in effect (register, completed and extended by Backstage). */
  identities: Identity[];
  /** Private keys and the cryptographic-readiness summary, when certificates were evaluated (src/core/certs). */
  crypto?: CryptoInventory;
}

export function evaluateOwnership(input: OwnershipInput): OwnershipResult {
  const options = ownershipOptions(input.options);
  const { register, now } = input;
  const identities = mergeCatalog(register.identities, input.catalog ?? []);
  // The register and catalog files mention names and refs; they declare, they do not use.
  const declaring = new Set([register.path, ...identities.map((i) => i.path)]);
  const references = input.references.filter((r) => !declaring.has(r.path));
  const findings: OwnershipFinding[] = [];
  const occurrences = new Map<string, number>();
  const emit = (ruleId: OwnershipRuleId, at: { path: string; range: Range }, message: string, subject: string, extra: Partial<OwnershipFinding> = {}) => {
    const severity = severityOf(ruleId, options);
    if (!severity) return;
    const key = `${ruleId}\0${at.path}\0${subject}`;
    const n = occurrences.get(key) ?? 0;
    occurrences.set(key, n + 1);
    findings.push({ ruleId, severity, message, path: at.path, range: at.range, ...extra, fingerprint: ownershipFingerprint(ruleId, at.path, subject, n) });
  };

  for (const issue of register.issues) emit('owner/register-invalid', issue, `${register.path}: ${issue.message}`, `${issue.code}:${issue.message}`);

  // References: who owns each one, and whether the resources carrying credentials say so.
  const owned = new Map<Identity, CredentialReference[]>();
  const unowned = new Map<string, CredentialReference[]>();
  const byName = new Map<string, Identity | undefined>(); // many references share a name
  for (const ref of references) {
    if (!byName.has(ref.name)) byName.set(ref.name, identities.find((i) => identityMatches(i, ref.name)));
    const identity = byName.get(ref.name);
    const suppressed = ref.allowed ? { suppressed: { by: 'inline' as const, reason: ref.allowed } } : {};
    const about = { reference: ref.name, referenceKind: ref.kind, ...suppressed };
    if (identity) push(owned, identity, ref);
    else {
      push(unowned, ref.name, ref);
      const suggestedOwners = input.suggestOwners?.(ref.path) ?? [];
      const where = register.exists ? `no identity in ${register.path} matches it` : `there is no ${register.path} yet`;
      const what = ref.kind === 'literal-secret' ? `Hard-coded credential (${ref.ruleId}, fix name ${ref.name})` : describe(ref);
      emit('owner/missing', ref, `${what} has no owner: ${where}${suggestedOwners.length ? ` (CODEOWNERS suggests ${suggestedOwners.join(', ')})` : ''}`, ref.name,
        { ...about, ...(suggestedOwners.length ? { suggestedOwners } : {}) });
    }
    if (ref.resource && !ref.resource.tagged) {
      const fromRegister = identity ? [identity.owners.technical, identity.owners.business].filter((o): o is string => Boolean(o)) : [];
      const suggestedOwners = [...new Set([...fromRegister, ...(input.suggestOwners?.(ref.path) ?? [])])];
      const how = ref.resource.platform === 'kubernetes' ? 'owner label or annotation'
        : ref.name.startsWith('terraform:aws_iam_access_key.') ? 'Owner tag on its IAM user' : 'Owner tag or label';
      emit('owner/untagged-resource', ref, `${describe(ref)} carries a credential but has no ${how}${suggestedOwners.length ? ` (owner: ${suggestedOwners[0]})` : ''}`, ref.name,
        { ...about, ...(identity ? { identityId: identity.id } : {}), ...(suggestedOwners.length ? { suggestedOwners } : {}) });
    }
  }

  // Identities: complete, in date, used in one environment.
  const inventory: InventoryEntry[] = [];
  for (const identity of identities) {
    const refs = owned.get(identity) ?? [];
    const at = { path: identity.path, range: identity.range };
    const related = refs.map((r): RelatedLocation => ({ path: r.path, range: r.range, message: `${r.name}${r.environment ? ` (${r.environment})` : ''}` }));
    const about = { identityId: identity.id, ...(related.length ? { related } : {}) };
    const problems: OwnershipRuleId[] = [];
    const flag = (ruleId: OwnershipRuleId, message: string) => {
      problems.push(ruleId);
      emit(ruleId, at, message, identity.id, about);
    };

    // A retired identity is kept for the audit trail: nothing about it is checked any more.
    const missing = identity.retired ? [] : missingFields(identity, options.required, input.certified?.(identity));
    if (missing.length) flag('owner/incomplete', `${identity.id} is missing ${missing.join(', ')}`);
    const expires = identity.expires && !identity.retired ? parseDate(identity.expires) : undefined;
    if (expires) {
      const left = daysUntil(now, expires);
      if (expires.getTime() <= now.getTime()) flag('owner/expired', `${identity.id} expired on ${isoDay(expires)} (${ago(daysBetween(expires, now))})`);
      else if (left <= options.expiringWithinDays) flag('owner/expiring', `${identity.id} expires on ${isoDay(expires)} (in ${plural(left, 'day')})`);
    }
    const last = identity.lastRotated ? parseDate(identity.lastRotated) : undefined;
    const due = last && identity.rotation ? addDuration(last, identity.rotation) : undefined;
    if (due && !identity.retired && due.getTime() < now.getTime()) {
      flag('owner/rotation-overdue', `${identity.id} was due for rotation on ${isoDay(due)} (${identity.rotation} after ${isoDay(last!)}), ${ago(daysBetween(due, now))}`);
    }
    const environments = [...new Set(refs.map((r) => r.environment).filter((e): e is string => Boolean(e)))].sort();
    if (environments.length > 1 && !identity.retired) {
      flag('owner/shared-across-environments', `${identity.id} is used in ${environments.join(' and ')}: give each environment its own credential`);
    }
    const reviewed = identity.lastReviewed ? parseDate(identity.lastReviewed) : undefined;
    const reviewDue = reviewed && identity.review ? addDuration(reviewed, identity.review) : undefined;
    if (identity.review && !identity.retired) {
      if (!reviewed) flag('owner/review-overdue', `${identity.id} is to be reviewed every ${identity.review} and has no lastReviewed date: review it and set lastReviewed`);
      else if (reviewDue && reviewDue.getTime() < now.getTime()) {
        flag('owner/review-overdue', `${identity.id} was due for review on ${isoDay(reviewDue)} (${identity.review} after ${isoDay(reviewed)}), ${ago(daysBetween(reviewDue, now))}`);
      }
    }
    // A certificate in the workspace that the identity matches (by path, name or SAN) references it too.
    if (!refs.length && identity.match?.length && !identity.retired && register.scope !== 'organization' && input.referencesComplete !== false && !input.certified?.(identity)) {
      flag('owner/unreferenced', `${identity.id} is ${UNREFERENCED} (nothing in the workspace matches ${identity.match.join(', ')})`);
    }
    const noOwner = !identity.owners.business && !identity.owners.technical;
    inventory.push({
      id: identity.id,
      status: identity.retired ? 'retired' : statusOf(problems, noOwner),
      source: identity.source,
      kind: identity.kind, provider: identity.provider, owners: identity.owners, purpose: identity.purpose,
      environment: identity.environment, environments, system: identity.system, ref: identity.ref,
      rotation: identity.rotation, lastRotated: identity.lastRotated, nextRotation: due ? isoDay(due) : undefined, expires: identity.expires,
      review: identity.review, lastReviewed: identity.lastReviewed, nextReview: reviewDue ? isoDay(reviewDue) : undefined, retired: identity.retired,
      missing, problems: [...new Set(problems)],
      declaredAt: at,
      references: refs.map(inventoryReference),
    });
  }
  for (const [name, refs] of unowned) {
    const environments = [...new Set(refs.map((r) => r.environment).filter((e): e is string => Boolean(e)))].sort();
    inventory.push({
      id: name, status: 'no-owner', source: 'unregistered', owners: {}, environments, missing: [], problems: ['owner/missing'],
      references: refs.map(inventoryReference),
    });
  }

  const order = (a: OwnershipFinding, b: OwnershipFinding) =>
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
  findings.sort(order);
  return {
    findings: findings.filter((f) => !f.suppressed),
    suppressed: findings.filter((f) => f.suppressed),
    inventory,
    identities,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function severityOf(ruleId: OwnershipRuleId, options: OwnershipOptions): Severity | undefined {
  const s = options.severities[ruleId];
  if (s === false) return undefined;
  if (s === undefined && OWNERSHIP_RULES[ruleId].defaultOff) return undefined;
  return s ?? OWNERSHIP_RULES[ruleId].severity;
}

/** The required fields an identity lacks; a rotation period without `lastRotated` cannot be checked, so that is missing too. */
export function missingFields(identity: Identity, required: readonly RequirableField[], certified = false): string[] {
  const has = (f: RequirableField): boolean => {
    switch (f) {
      case 'owners.business': return Boolean(identity.owners.business);
      case 'owners.technical': return Boolean(identity.owners.technical);
      case 'expiresOrRotation': return Boolean(identity.expires || identity.rotation || certified);
      default: return Boolean(identity[f]);
    }
  };
  const missing: string[] = required.filter((f) => !has(f)).map((f) => (f === 'expiresOrRotation' ? 'expires or rotation' : f));
  if (identity.rotation && !identity.lastRotated && !missing.includes('lastRotated')) missing.push('lastRotated');
  return missing;
}

function statusOf(problems: OwnershipRuleId[], noOwner: boolean): InventoryStatus {
  if (problems.includes('owner/expired')) return 'expired';
  if (problems.includes('owner/rotation-overdue') || problems.includes('owner/review-overdue')) return 'overdue';
  if (noOwner) return 'no-owner';
  if (problems.includes('owner/expiring')) return 'expiring';
  if (problems.includes('owner/incomplete')) return 'incomplete';
  return 'ok';
}

function inventoryReference(r: CredentialReference): InventoryReference {
  return { name: r.name, kind: r.kind, path: r.path, range: r.range, ...(r.environment ? { environment: r.environment } : {}) };
}

/** How a reference reads in a message. */
function describe(ref: CredentialReference): string {
  switch (ref.kind) {
    case 'env-read': return `Environment variable ${ref.name}`;
    case 'dotenv-key': return `.env key ${ref.name}`;
    case 'actions-secret': return `GitHub Actions secret ${ref.name}`;
    case 'compose-env': return `Compose variable ${ref.name}`;
    case 'vault-ref': return `Vault reference ${ref.name}`;
    case 'agent': return `MCP server ${ref.name.slice('agent:'.length)} (agent access)`;
    case 'terraform-resource': return `Terraform resource ${ref.name.slice('terraform:'.length)}`;
    case 'k8s-secret-ref': return `Reference to Kubernetes ${ref.name.slice('k8s:'.length)}`;
    case 'k8s-secret':
    case 'k8s-service-account':
    case 'k8s-external-secret': return `Kubernetes ${ref.name.slice('k8s:'.length)}`;
    default: return ref.name;
  }
}
