// What the registry must never hold, checked on DECODED values: the server on every string of a parsed
// request body (object keys included), the sync on every value it would write into credentials.yaml or
// the sync state. JSON escapes (`\u0067`, `\/`) hide a credential from a scan of the raw text, so the raw
// text alone is never enough. The registry's own API tokens (`chreg_…`) are refused with an explicit
// pattern, whether or not the engine has a rule for them.
import { Engine } from '../scan/engine';

/** A registry API token (src/server/tokens.ts: "chreg_" and 43 base64url characters); shorter runs too. */
export const REGISTRY_TOKEN_PATTERN = /chreg_[A-Za-z0-9_-]{32,}/;
export const REGISTRY_TOKEN_RULE = 'registry-api-token';

let shared: Engine | undefined;

function engine(): Engine {
  shared ??= new Engine();
  return shared;
}

/** The ids of the rules a text trips (none: it looks clean). Never the matched values. */
export function secretRulesIn(text: string, fileName = 'registry-request.json'): string[] {
  if (!text) return [];
  const rules = new Set(engine().scanText(text, fileName).map((f) => f.ruleId));
  if (REGISTRY_TOKEN_PATTERN.test(text)) rules.add(REGISTRY_TOKEN_RULE);
  return [...rules];
}

/** Every string of a parsed JSON value, object keys included, depth first. */
export function stringsOf(value: unknown, out: string[] = []): string[] {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        out.push(k);
        stack.push(x);
      }
    }
  }
  return out;
}

/**
 * The rules a parsed JSON value trips once decoded: its pretty-printed form (so a key such as
 * "password" still gives its value context) and each string on a line of its own (JSON.stringify
 * re-escapes quotes and backslashes, so those are scanned as they really are).
 */
export function secretRulesInJson(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return secretRulesIn(typeof value === 'string' ? value : '');
  const rules = new Set([...secretRulesIn(JSON.stringify(value, null, 1)), ...secretRulesIn(stringsOf(value).join('\n'))]);
  return [...rules];
}
