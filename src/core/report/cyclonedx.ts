// `inventory --format cyclonedx`: the inventory as a CycloneDX 1.6 JSON BOM a lead can hand on (a CBOM):
// - certificates as `cryptographic-asset` components (assetType `certificate`, `certificateProperties`),
//   with their SHA-256 fingerprint as the component hash;
// - key and signature algorithms as `cryptographic-asset`s (assetType `algorithm`) with
//   `nistQuantumSecurityLevel` (0: a quantum computer breaks it) and `classicalSecurityLevel`;
// - every credential (register identities, references nobody owns, hard-coded secrets, private keys) as
//   `related-crypto-material` (`token`, `password`, `secret-key`, `private-key`, `credential`) with its
//   state and expiration date; owners, purpose, environment, rotation and locations as namespaced
//   properties (`credential-hygiene:owner:business`…).
// Never a value: names, dates, algorithms, locations and fingerprints only. The BOM is built with the
// official library's models and serializer (@cyclonedx/cyclonedx-library); `cryptoProperties`, which
// its models do not have yet (10.x), is added to the serialized components by bom-ref. Tests validate
// the result with the library's JSON validator against the 1.6 schema.
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import {
  classicalSecurityLevel, isQuantumVulnerable, nistQuantumSecurityLevel,
} from '../certs/policy';
import { SIGNATURE_ALGORITHMS } from '../certs/der';
import type { InventoryEntry } from '../ownership/evaluate';
import type { CertificateInfo, InventoryKey, KeyAlgorithm, SignatureAlgorithm } from '../types/certificates';
import type { InventoryReport } from './inventory';
import { TOOL } from './scan-report';

/** The property namespace (CycloneDX property taxonomy: a tool's own prefix). */
export const PROPERTY_PREFIX = 'credential-hygiene:';

/** A hard-coded secret the scan found (the fields the BOM may carry: never the value, nor its preview). */
export interface BomSecret {
  ruleId: string;
  kind: string;
  path: string;
  line: number;
  fingerprint: string;
}

/** CycloneDX `relatedCryptoMaterialProperties.type` for a register kind or a finding's kind. */
export function materialType(kind: string | undefined): string {
  switch (kind) {
    case 'token':
    case 'oauth_app': return 'token';
    case 'password':
    case 'database_credential': return 'password';
    case 'api_key':
    case 'webhook': return 'secret-key';
    case 'ssh_key':
    case 'private_key': return 'private-key';
    default: return 'credential';
  }
}

type Json = Record<string, unknown>;

function dateTime(day: string | undefined): string | undefined {
  if (!day) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(day)) return `${day}T00:00:00Z`;
  const d = new Date(day);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().replace(/\.000Z$/, 'Z');
}

/** bom-refs are free text, unique in the BOM. */
function ref(kind: string, id: string): string {
  return `${kind}:${id}`;
}

export function buildCycloneDx(inv: InventoryReport, secrets: readonly BomSecret[] = []): string {
  const bom = new Models.Bom();
  bom.metadata.timestamp = new Date(inv.generatedAt);
  bom.metadata.tools.components.add(new Models.Component(Enums.ComponentType.Application, TOOL.name, { version: inv.version }));
  bom.metadata.component = new Models.Component(Enums.ComponentType.Application, inv.root.split(/[\\/]/).filter(Boolean).pop() ?? inv.root, {
    bomRef: 'workspace',
  });
  bom.metadata.properties.add(new Models.Property(`${PROPERTY_PREFIX}register`, inv.register.found ? inv.register.path : `${inv.register.path} (not found)`));

  const crypto = new Map<string, Json>(); // bom-ref -> cryptoProperties
  const add = (type: Enums.ComponentType, name: string, bomRef: string, props: Array<[string, string | undefined]>, cp: Json, op: Partial<Models.OptionalComponentProperties> = {}) => {
    const c = new Models.Component(type, name, { bomRef, ...op });
    for (const [k, v] of props) if (v !== undefined && v !== '') c.properties.add(new Models.Property(`${PROPERTY_PREFIX}${k}`, v));
    bom.components.add(c);
    crypto.set(bomRef, cp);
    return c;
  };

  // Algorithms: one component per key algorithm and per signature algorithm in use.
  const algorithms = new Set<string>();
  const keyAlgorithm = (k: KeyAlgorithm): string => {
    const r = ref('algorithm', k.name);
    if (algorithms.has(r)) return r;
    algorithms.add(r);
    const nist = nistQuantumSecurityLevel(k);
    const classical = classicalSecurityLevel(k);
    add(Enums.ComponentType.CryptographicAsset, k.name, r, [['quantum-vulnerable', String(isQuantumVulnerable(k))]], {
      assetType: 'algorithm',
      algorithmProperties: {
        primitive: k.family === 'DH' || k.family === 'ECDH' || k.family === 'ML-KEM' ? 'key-agree' : 'signature',
        ...(k.bits !== undefined ? { parameterSetIdentifier: String(k.bits) } : {}),
        ...(k.curve ? { curve: k.curve } : {}),
        executionEnvironment: 'unknown', implementationPlatform: 'unknown',
        cryptoFunctions: k.family === 'DH' || k.family === 'ECDH' ? ['keygen'] : ['sign', 'verify'],
        ...(classical !== undefined ? { classicalSecurityLevel: classical } : {}),
        ...(nist !== undefined ? { nistQuantumSecurityLevel: nist } : {}),
      },
    });
    return r;
  };
  const signatureAlgorithm = (s: SignatureAlgorithm): string => {
    const r = ref('algorithm', s.name);
    if (algorithms.has(r)) return r;
    algorithms.add(r);
    const family = s.oid ? SIGNATURE_ALGORITHMS[s.oid]?.family : undefined;
    add(Enums.ComponentType.CryptographicAsset, s.name, r, [['hash', s.hash]], {
      assetType: 'algorithm',
      algorithmProperties: {
        primitive: 'signature', executionEnvironment: 'unknown', implementationPlatform: 'unknown', cryptoFunctions: ['sign', 'verify'],
        // Every classical signature family (RSA, DSA, ECDSA, EdDSA) falls to a quantum computer.
        ...(family ? { nistQuantumSecurityLevel: 0 } : {}),
      },
      ...(s.oid ? { oid: s.oid } : {}),
    });
    return r;
  };

  const publicKeys = new Set<string>();
  const publicKey = (k: KeyAlgorithm, fingerprint: string): string => {
    const r = ref('public-key', fingerprint);
    if (publicKeys.has(r)) return r;
    publicKeys.add(r);
    const algorithmRef = keyAlgorithm(k);
    add(Enums.ComponentType.CryptographicAsset, `public key ${k.name} ${fingerprint.slice(0, 16)}`, r, [['public-key-sha256', fingerprint]], {
      assetType: 'related-crypto-material',
      relatedCryptoMaterialProperties: { type: 'public-key', id: fingerprint, algorithmRef, ...(k.bits !== undefined ? { size: k.bits } : {}), state: 'active' },
    });
    return r;
  };

  for (const e of inv.identities) {
    const common = commonProperties(e);
    if (e.certificate) {
      const c: CertificateInfo = e.certificate;
      const keyRef = publicKey(c.key, c.publicKeyFingerprint);
      const sigRef = signatureAlgorithm(c.signature);
      const hashes = new Models.HashDictionary([[Enums.HashAlgorithm['SHA-256'], c.fingerprint]]);
      add(Enums.ComponentType.CryptographicAsset, c.commonName ?? c.subject, ref('certificate', e.id), [
        ...common,
        ['serial', c.serial], ['san', c.sans.join(', ')], ['key-algorithm', c.key.name], ['public-key-sha256', c.publicKeyFingerprint],
        ['self-signed', String(c.selfSigned)], ['ca', String(c.ca)], ['quantum-vulnerable', String(isQuantumVulnerable(c.key))],
      ], {
        assetType: 'certificate',
        certificateProperties: {
          subjectName: c.subject, issuerName: c.issuer,
          notValidBefore: dateTime(c.notBefore), notValidAfter: dateTime(c.notAfter),
          signatureAlgorithmRef: sigRef, subjectPublicKeyRef: keyRef,
          certificateFormat: 'X.509', ...(e.declaredAt ? { certificateExtension: extension(e.declaredAt.path) } : {}),
        },
      }, { hashes });
      continue;
    }
    const d = e.certificateDefinition;
    if (d) {
      add(Enums.ComponentType.CryptographicAsset, d.name, ref('certificate', e.id), [
        ...common, ['declared-by', d.kind], ['validity-hours', d.validityHours !== undefined ? String(d.validityHours) : undefined],
        ['renew-before-hours', d.renewBeforeHours !== undefined ? String(d.renewBeforeHours) : undefined],
        ['common-name', d.commonName], ['san', d.dnsNames?.join(', ')], ['issuer', d.issuer],
      ], { assetType: 'certificate', certificateProperties: { ...(d.commonName ? { subjectName: d.commonName } : {}), certificateFormat: 'X.509' } });
      continue;
    }
    // A credential: a register identity, or references nobody owns (a hard-coded secret among them).
    const literal = e.references.find((r) => r.kind === 'literal-secret');
    const secret = literal ? secrets.find((s) => s.path === literal.path && s.line === literal.range.start.line + 1) : undefined;
    add(Enums.ComponentType.CryptographicAsset, e.id, ref('credential', e.id), [
      ...common, ['fingerprint', secret?.fingerprint], ['rule', secret?.ruleId],
    ], {
      assetType: 'related-crypto-material',
      relatedCryptoMaterialProperties: {
        type: materialType(e.kind ?? secret?.kind),
        id: e.id,
        state: e.status === 'retired' ? 'deactivated' : e.status === 'expired' ? 'deactivated' : literal ? 'compromised' : 'active',
        ...(e.expires && dateTime(e.expires) ? { expirationDate: dateTime(e.expires) } : {}),
        ...(e.lastRotated && dateTime(e.lastRotated) ? { updateDate: dateTime(e.lastRotated) } : {}),
      },
    });
  }

  for (const [i, k] of (inv.crypto?.keys ?? []).entries()) addKey(k, i);
  function addKey(k: InventoryKey, i: number): void {
    // An encrypted key's algorithm may be unknown: no algorithm component for it.
    const algorithmRef = k.key.family === 'unknown' ? undefined : keyAlgorithm(k.key);
    const what = k.public ? 'public key' : 'private key';
    add(Enums.ComponentType.CryptographicAsset, `${what} ${k.key.name} (${k.path})`, ref(k.public ? 'public-key-file' : 'private-key', `${k.path}#${i}`), [
      ['path', k.path], ['line', String(k.range.start.line + 1)], ['public-key-sha256', k.publicKeyFingerprint], ['ssh-fingerprint', k.sshFingerprint],
      ['format', k.format], ['encrypted', k.encrypted ? 'true' : undefined], ['encryption', k.encryption], ['note', k.note], ['error', k.error],
      ['certificate', k.certificate], ['owner', k.owner], ['quantum-vulnerable', String(k.quantumVulnerable)], ['weak', String(k.weak)],
    ], {
      assetType: 'related-crypto-material',
      // A private key in the repository is exposed to everyone who can read it; a public key is just that.
      relatedCryptoMaterialProperties: {
        type: k.public ? 'public-key' : 'private-key', ...(algorithmRef ? { algorithmRef } : {}),
        ...(k.key.bits !== undefined ? { size: k.key.bits } : {}), state: k.public ? 'active' : 'compromised',
      },
    });
  }

  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  const json = JSON.parse(serializer.serialize(bom, { sortLists: true })) as Json & { components?: Json[] };
  for (const c of json.components ?? []) {
    const cp = crypto.get(c['bom-ref'] as string);
    if (cp) c.cryptoProperties = dropUndefined(cp);
  }
  return JSON.stringify(json, null, 2) + '\n';
}

function commonProperties(e: InventoryEntry): Array<[string, string | undefined]> {
  return [
    ['status', e.status], ['source', e.source], ['kind', e.kind], ['provider', e.provider],
    ['owner:business', e.owners.business], ['owner:technical', e.owners.technical],
    ['purpose', e.purpose], ['environment', e.environment], ['used-in', e.environments.join(', ')], ['system', e.system],
    ['identity', e.identityId], ['rotation', e.rotation], ['last-rotated', e.lastRotated], ['next-rotation', e.nextRotation],
    ['expires', e.expires], ['problems', e.problems.join(' ')], ['missing', e.missing.join(', ')],
    ['declared-at', e.declaredAt ? `${e.declaredAt.path}:${e.declaredAt.range.start.line + 1}` : undefined],
    ...e.references.slice(0, 50).map((r): [string, string] => ['reference', `${r.path}:${r.range.start.line + 1} (${r.kind})`]),
  ];
}

function extension(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? path.slice(dot + 1) : '';
}

function dropUndefined(o: Json): Json {
  return JSON.parse(JSON.stringify(o)) as Json;
}
