// Kubernetes manifests (several per file): Secrets (and SealedSecrets, which become one),
// ServiceAccounts and External Secrets `ExternalSecret`s carry credentials; `secretKeyRef`,
// `secretRef`, secret volumes and `imagePullSecrets` use one by name. A resource that carries a
// credential should name its owner in a label or annotation (owner-keys.ts).
import { isMap, isPair, isScalar, isSeq, visit, type Document, type Node } from 'yaml';
import { parseAllYamlDocuments } from '../../text/structured';
import type { ReferenceKind, ResourceOwnership } from '../reference';
import type { NameHit } from './code-env';
import { isOwnerKey } from './owner-keys';

export interface KubernetesHit extends NameHit {
  kind: ReferenceKind;
  resource?: ResourceOwnership;
  /** `metadata.namespace`, for the environment when the path does not say. */
  namespace?: string;
}

const CARRIERS: Record<string, { kind: ReferenceKind; prefix: string }> = {
  Secret: { kind: 'k8s-secret', prefix: 'k8s:Secret/' },
  SealedSecret: { kind: 'k8s-secret', prefix: 'k8s:Secret/' },
  ServiceAccount: { kind: 'k8s-service-account', prefix: 'k8s:ServiceAccount/' },
  ExternalSecret: { kind: 'k8s-external-secret', prefix: 'k8s:ExternalSecret/' },
  ClusterExternalSecret: { kind: 'k8s-external-secret', prefix: 'k8s:ExternalSecret/' },
};

export function isYamlFile(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

export function kubernetesReferences(text: string): KubernetesHit[] {
  if (!/^[ \t]*kind:/m.test(text) || !/^[ \t]*apiVersion:/m.test(text)) return [];
  const out: KubernetesHit[] = [];
  for (const doc of parseAllYamlDocuments(text, { prettyErrors: false })) {
    if (!isMap(doc.contents)) continue;
    const kind = scalar(doc.contents.get('kind', true));
    const meta = doc.contents.get('metadata', true);
    const namespace = isMap(meta) ? scalar(meta.get('namespace', true)) : undefined;
    const carrier = kind ? CARRIERS[kind] : undefined;
    const nameNode = isMap(meta) ? meta.get('name', true) : undefined;
    if (carrier && isScalar(nameNode) && typeof nameNode.value === 'string' && nameNode.range) {
      const owner = isMap(meta) ? ownerIn(meta.get('labels', true)) ?? ownerIn(meta.get('annotations', true)) : undefined;
      out.push({
        kind: carrier.kind, name: carrier.prefix + nameNode.value, start: nameNode.range[0], end: nameNode.range[1], namespace,
        resource: { platform: 'kubernetes', owner, tagged: owner !== undefined },
      });
    }
    usesOf(doc, out, namespace);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** secretKeyRef / secretRef `name`, `secret.secretName` in volumes, `imagePullSecrets[].name`. */
function usesOf(doc: Document, out: KubernetesHit[], namespace: string | undefined): void {
  const add = (node: unknown) => {
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range || node.value.includes('{{')) return;
    out.push({ kind: 'k8s-secret-ref', name: `k8s:Secret/${node.value}`, start: node.range[0], end: node.range[1], namespace });
  };
  visit(doc, {
    Pair(_, pair) {
      const key = scalar(pair.key);
      if ((key === 'secretKeyRef' || key === 'secretRef') && isMap(pair.value)) add(pair.value.get('name', true));
      else if (key === 'secret' && isMap(pair.value)) add(pair.value.get('secretName', true));
      else if (key === 'imagePullSecrets' && isSeq(pair.value)) {
        for (const item of pair.value.items) if (isMap(item)) add(item.get('name', true));
      }
    },
  });
}

function ownerIn(node: unknown): string | undefined {
  if (!isMap(node)) return undefined;
  for (const p of node.items) {
    const value = isPair(p) && isOwnerKey(scalar(p.key) ?? '') ? scalar(p.value)?.trim() : undefined;
    if (value) return value;
  }
  return undefined;
}

function scalar(node: unknown): string | undefined {
  return isScalar(node as Node) && (typeof (node as { value: unknown }).value === 'string') ? (node as { value: string }).value : undefined;
}
