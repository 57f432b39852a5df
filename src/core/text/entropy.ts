// Counting scratch for characters under 256, kept between calls: a keystroke's scan computes the entropy
// of every candidate value, and a Map per call was a tenth of what a scan allocated (and collected).
const COUNTS = new Int32Array(256);
const FIRST_SEEN = new Uint8Array(256);

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  let distinct = 0;
  let wide: Map<number, number> | undefined;
  // Characters are summed in the order they are first met, as a Map would iterate them: the same result, bit for bit.
  let order: number[] | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 256) {
      if (COUNTS[c]++ === 0) {
        FIRST_SEEN[distinct++] = c;
        order?.push(c);
      }
    } else {
      wide ??= new Map();
      if (!order) order = Array.from(FIRST_SEEN.subarray(0, distinct));
      const n = wide.get(c);
      if (n === undefined) order.push(c + 256 * 256);
      wide.set(c, (n ?? 0) + 1);
    }
  }
  let h = 0;
  const total = order ? order.length : distinct;
  for (let k = 0; k < total; k++) {
    const c = order ? order[k] : FIRST_SEEN[k];
    const p = (c >= 256 * 256 ? wide!.get(c - 256 * 256)! : COUNTS[c]) / s.length;
    h -= p * Math.log2(p);
  }
  for (let k = 0; k < distinct; k++) COUNTS[FIRST_SEEN[k]] = 0;
  return h;
}

/** How many of the four character classes (lower, upper, digit, other) `s` uses. */
export function charClasses(s: string): number {
  let seen = 0;
  for (let i = 0; i < s.length && seen !== 15; i++) {
    const c = s.charCodeAt(i);
    seen |= c >= 97 && c <= 122 ? 1 : c >= 65 && c <= 90 ? 2 : c >= 48 && c <= 57 ? 4 : 8;
  }
  return (seen & 1) + ((seen >> 1) & 1) + ((seen >> 2) & 1) + ((seen >> 3) & 1);
}
