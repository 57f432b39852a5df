// Walking plain data's strings, for redaction: the redaction itself runs the scanning engine's rules,
// so it lives above the engine (scan/redact-text.ts: redactText, redactDeep, redactUrl), and
// re-exports mapStrings.

/** Object keys whose values are ours and must stay byte-for-byte (hashes that baselines and code scanning key on). */
const KEEP = new Set(['fingerprint', 'partialFingerprints', 'generatedAt', 'schema']);

/**
 * A copy of `v` with `fn` applied to every string in it (object values, array items), except under
 * the keys in `keep`. Plain data only (what reports are made of); `v` itself is not changed.
 */
export function mapStrings<T>(v: T, fn: (s: string) => string, keep: ReadonlySet<string> = KEEP): T {
  const memo = new Map<string, string>();
  const str = (s: string) => {
    let r = memo.get(s);
    if (r === undefined) memo.set(s, (r = fn(s)));
    return r;
  };
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') return str(x);
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object' && (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(x)) {
        // A kept key is copied as it is defined, not read: a finding's fingerprint is computed when first
        // read (scrypt, tens of milliseconds, for a password), and a report that never shows it (text)
        // must not pay for it here.
        if (keep.has(k)) Object.defineProperty(out, k, Object.getOwnPropertyDescriptor(x, k)!);
        else out[k] = walk((x as Record<string, unknown>)[k]);
      }
      return out;
    }
    return x;
  };
  return walk(v) as T;
}
