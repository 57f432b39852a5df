// docker-compose: credential-named variables under `services.*.environment`, in both its map form
// (`KEY: value`) and its list form (`- KEY=value`).
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { parseYamlDocument } from '../../text/structured';
import { credentialName } from '../../rules/providers/generic';
import type { NameHit } from './code-env';

export function isComposeFile(path: string): boolean {
  return /(^|\/)(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/.test(path);
}

export function composeEnvironment(text: string): NameHit[] {
  if (!text.includes('environment')) return [];
  const doc = parseYamlDocument(text, { prettyErrors: false });
  const services = isMap(doc.contents) ? doc.contents.get('services', true) : undefined;
  if (!isMap(services)) return [];
  const out: NameHit[] = [];
  for (const svc of services.items) {
    const env = isPair(svc) && isMap(svc.value) ? svc.value.get('environment', true) : undefined;
    if (isMap(env)) {
      for (const p of env.items) {
        if (isPair(p) && isScalar(p.key) && p.key.range) add(out, String(p.key.value), p.key.range[0]);
      }
    } else if (isSeq(env)) {
      for (const item of env.items) {
        if (!isScalar(item) || typeof item.value !== 'string' || !item.range) continue;
        const key = item.value.split('=')[0].trim();
        // A quoted item starts with its quote.
        const at = item.range[0] + text.slice(item.range[0], item.range[1]).indexOf(key);
        add(out, key, at);
      }
    }
  }
  return out;
}

function add(out: NameHit[], name: string, start: number): void {
  if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) && credentialName(name)) out.push({ name, start, end: start + name.length });
}
