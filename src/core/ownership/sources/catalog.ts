// Backstage `catalog-info.yaml` (several entities per file, `---` separated) as a source of owners.
// A `Resource` entity describes a credential when its `spec.type` says so or it carries a
// `credential-hygiene.io/*` annotation; it then owns the references its `match` annotation names
// (default: its own name), with `spec.owner` as technical owner. Every entity's owner is also offered
// as a suggestion when registering a credential.
import { parseAllYamlDocuments } from '../../text/structured';
import type { Range } from '../../types/range';
import { LineIndex } from '../../text/lines';
import { CREDENTIAL_KINDS, type CredentialKind } from '../../types/kinds';
import { isValidDuration, parseDate } from '../dates';
import type { Identity } from '../register';
import { ENTITY_REF } from '../entity-ref';
import { findPath, nodeRange, offsetRange, yamlErrorMessage } from '../yaml-util';

export const ANNOTATION_PREFIX = 'credential-hygiene.io/';
/** `spec.type` values that make a Resource a credential. */
const CREDENTIAL_TYPES = new Set(['secret', 'credential', 'credentials', 'api-key', 'api_key', 'token', 'service-account', 'certificate', 'ssh-key', 'oauth-app', 'database-credential']);

export interface CatalogEntity {
  kind: string;
  name: string;
  namespace: string;
  /** `spec.owner` as an entity ref (a bare name is a group, as in Backstage). */
  owner?: string;
  system?: string;
  type?: string;
  description?: string;
  annotations: Record<string, string>;
  path: string;
  /** Range of `metadata.name`. */
  range: Range;
}

export interface CatalogFile {
  path: string;
  entities: CatalogEntity[];
  /** YAML errors, positioned; the entities that parsed are still used. */
  errors: Array<{ message: string; range: Range }>;
}

export function isCatalogFile(path: string): boolean {
  return /(^|\/)catalog-info\.ya?ml$/.test(path);
}

export function parseCatalog(text: string, path: string): CatalogFile {
  const lines = new LineIndex(text);
  const out: CatalogFile = { path, entities: [], errors: [] };
  for (const doc of parseAllYamlDocuments(text, { prettyErrors: false })) {
    for (const e of doc.errors) out.errors.push({ message: yamlErrorMessage(e), range: offsetRange(lines, e.pos[0], e.pos[1]) });
    let js: Record<string, unknown>;
    try {
      js = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
    } catch {
      continue;
    }
    const meta = js?.metadata as Record<string, unknown> | undefined;
    if (!js || typeof js.kind !== 'string' || typeof meta?.name !== 'string') continue;
    const spec = (js.spec ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    const annotations = Object.fromEntries(Object.entries((meta.annotations ?? {}) as Record<string, unknown>)
      .filter(([, v]) => typeof v === 'string' || typeof v === 'number').map(([k, v]) => [k, String(v)]));
    out.entities.push({
      kind: js.kind, name: meta.name, namespace: str(meta.namespace) ?? 'default',
      owner: str(spec.owner) && ownerRef(str(spec.owner)!), system: str(spec.system), type: str(spec.type),
      description: str(meta.description), annotations, path,
      range: nodeRange(lines, findPath(doc, ['metadata', 'name']).node),
    });
  }
  return out;
}

/** Backstage owner refs default to kind Group: `payments` -> `group:payments`. */
export function ownerRef(ref: string): string | undefined {
  const full = ref.includes(':') ? ref : `group:${ref}`;
  return ENTITY_REF.test(full) ? full.replace(/^(\w+):/, (_, k: string) => `${k.toLowerCase()}:`) : undefined;
}

export function isCredentialResource(e: CatalogEntity): boolean {
  if (e.kind.toLowerCase() !== 'resource') return false;
  return CREDENTIAL_TYPES.has((e.type ?? '').toLowerCase()) || Object.keys(e.annotations).some((k) => k.startsWith(ANNOTATION_PREFIX));
}

/**
 * Register identities completed from Backstage, plus an identity for each credential Resource the
 * register does not already declare. The register wins: catalog owners only fill owners it lacks.
 */
export function mergeCatalog(identities: readonly Identity[], entities: readonly CatalogEntity[]): Identity[] {
  const resources = entities.filter(isCredentialResource);
  const byName = new Map(resources.map((r) => [r.name, r]));
  const merged = identities.map((id) => {
    const r = byName.get(id.id);
    if (!r) return id;
    const owners = { ...id.owners };
    const ownerSources = { ...id.ownerSources };
    const fromCatalog = catalogOwners(r);
    for (const role of ['business', 'technical'] as const) {
      if (id.ownerSources[role] !== 'register' && fromCatalog[role]) {
        owners[role] = fromCatalog[role];
        ownerSources[role] = 'catalog';
      }
    }
    return { ...id, owners, ownerSources };
  });
  const declared = new Set(identities.map((i) => i.id));
  for (const r of resources) if (!declared.has(r.name)) merged.push(resourceIdentity(r));
  return merged;
}

function catalogOwners(r: CatalogEntity): { business?: string; technical?: string } {
  const business = r.annotations[`${ANNOTATION_PREFIX}business-owner`];
  return { technical: r.owner, business: business ? ownerRef(business) : undefined };
}

function resourceIdentity(r: CatalogEntity): Identity {
  const a = (k: string) => r.annotations[`${ANNOTATION_PREFIX}${k}`]?.trim() || undefined;
  const owners = catalogOwners(r);
  const kind = a('kind') ?? r.type?.replace(/-/g, '_');
  const rotation = a('rotation');
  const lastRotated = a('last-rotated');
  const expires = a('expires');
  return {
    id: r.name,
    kind: (CREDENTIAL_KINDS as readonly string[]).includes(kind ?? '') ? (kind as CredentialKind) : undefined,
    provider: a('provider'),
    owners,
    ownerSources: { business: owners.business ? 'catalog' : undefined, technical: owners.technical ? 'catalog' : undefined },
    purpose: r.description,
    environment: a('environment'),
    system: r.system,
    ref: a('ref'),
    rotation: rotation && isValidDuration(rotation) ? rotation : undefined,
    lastRotated: lastRotated && parseDate(lastRotated) ? lastRotated : undefined,
    expires: expires && parseDate(expires) ? expires : undefined,
    match: (a('match') ?? r.name).split(',').map((s) => s.trim()).filter(Boolean),
    source: 'catalog',
    path: r.path,
    range: r.range,
  };
}
