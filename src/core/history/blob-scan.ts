// Scanning the blobs of a history: each blob's text decoded once, scanned once per path, each finding
// given its secret's id within the run (a keyed hash of the value under the run's random key: values
// are compared, never kept), and each new secret's fingerprint started on libuv's thread pool, so the
// scan goes on while scrypt runs and the report reads it from the cache.
import { nodeCrypto } from '../node-crypto';
import { decode, type Skipped } from '../files/read';
import { fingerprintRule, meetsConfidence, type Finding } from '../findings';
import { Engine } from '../scan/engine';
import { discoverDer, readForStructure } from '../certs/discover';
import type { Confidence } from '../types/kinds';

/** One finding in one blob, and its secret's id within the run. */
export interface Hit {
  id: string;
  finding: Finding;
}

/** A blob's outcome: skipped (and why), or its hits per path (in the order the paths were given). */
export type BlobResult = { skip: Skipped['reason']; detail: string } | { bytes: number; hits: Hit[][] };

/** Scans blobs with one engine, warming each new secret's fingerprint as it is met. */
export class BlobScanner {
  private readonly warming = new Map<string, Promise<void>>();
  private readonly seen = new Set<string>();

  constructor(private readonly engine: Engine, private readonly runKey: Uint8Array, private readonly minConfidence?: Confidence) {}

  scan(bytes: Uint8Array, paths: readonly string[]): BlobResult {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const text = decode(buffer);
    // A key file or a store committed once is in the history for good: read for its structure, as in a tree.
    const binary = 'skip' in text && text.skip === 'binary';
    const structured = paths.map((p) => readForStructure(bytes, p, binary));
    if (structured.includes(true)) {
      const hits = paths.map((p, i) => (structured[i] ? this.binaryHits(buffer, p) : []));
      if (hits.some((h) => h.length)) return { bytes: bytes.byteLength, hits };
    }
    if ('skip' in text) return { skip: text.skip, detail: text.detail };
    return { bytes: bytes.byteLength, hits: paths.map((p) => this.hits(text.text, p)) };
  }

  /** A binary blob's hits at `path`: the private keys a key file or store holds (Engine.binaryFindings). */
  private binaryHits(bytes: Buffer, path: string): Hit[] {
    const found = this.engine.binaryFindings(bytes, path, discoverDer(bytes, path).keys);
    return found.length ? this.identified(found, () => bytes.toString('base64')) : [];
  }

  /** A text's hits at `path`; each new secret's fingerprint starts computing off the main thread. */
  hits(text: string, path: string): Hit[] {
    return this.identified(this.engine.scan(text, path).findings, (f) => text.slice(f.offset.start, f.offset.end));
  }

  /** Each finding with its secret's id; each new secret's fingerprint starts computing. */
  private identified(findings: Finding[], valueOf: (f: Finding) => string): Hit[] {
    return findings.map((f) => {
      const value = valueOf(f);
      // Keyed like the fingerprint: one value is one secret whichever rule reports it (an agent config's).
      const id = nodeCrypto().createHmac('sha256', this.runKey).update(fingerprintRule(f)).update('\0').update(value).digest('base64');
      if (!this.seen.has(id)) {
        this.seen.add(id);
        if (!this.minConfidence || meetsConfidence(f, this.minConfidence)) this.warming.set(id, this.engine.warmFingerprint(f, value));
      }
      return { id, finding: f };
    });
  }

  /** Once the fingerprints of these secrets (those this scanner met and warmed) are computed. */
  async warmed(ids: readonly string[]): Promise<void> {
    await Promise.all(ids.map((id) => this.warming.get(id)));
  }
}
