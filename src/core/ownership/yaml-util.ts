// Shared helpers over the `yaml` package's Document API: exact ranges for nodes, and error messages
// that say what without quoting the file (a register or manifest could hold a pasted secret).
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type YAMLError } from 'yaml';
import type { Range } from '../types/range';
import type { LineIndex } from '../text/lines';

export function offsetRange(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.position(start), end: lines.position(Math.max(start, end)) };
}

/** A node's range; a block collection is cut at the end of its first line, so a diagnostic stays readable. */
export function nodeRange(lines: LineIndex, node: Node | null | undefined, fallback = 0): Range {
  if (!node?.range) return offsetRange(lines, fallback, fallback);
  const [start, end] = node.range;
  if (isScalar(node)) return offsetRange(lines, start, end);
  const line = lines.lineOf(start);
  return offsetRange(lines, start, Math.min(end, lines.lineEnd(line)));
}

/** `yaml`'s message without the "at line X, column Y:" tail and the quoted source lines. */
export function yamlErrorMessage(e: YAMLError): string {
  return e.message.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, '').trim();
}

export interface PathHit {
  /** The deepest node found along the path. */
  node: Node | undefined;
  /** The key node of the last map entry walked, when the whole path resolved through a map. */
  key: Node | undefined;
  /** Whether every segment resolved. */
  complete: boolean;
}

/** Walks a plain-JS path (`['identities', 2, 'owners']`) through the document's nodes. */
export function findPath(doc: Document, path: ReadonlyArray<PropertyKey>): PathHit {
  let node = doc.contents as Node | null;
  let key: Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return { node, key, complete: false };
      key = pair.key as Node;
      node = pair.value as Node | null;
      if (!node) return { node: key, key, complete: i === path.length - 1 };
    } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
      key = undefined;
      node = node.items[seg] as Node;
    } else {
      return { node: node ?? undefined, key, complete: false };
    }
  }
  return { node: node ?? undefined, key, complete: true };
}

/** The string value of a scalar node, if it is one. */
export function scalarString(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}

/** Edit distance, for "did you mean" on unknown keys. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const d = levenshtein(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
