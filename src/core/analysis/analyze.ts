// One analysis per file: everything the workspace model needs to know about a file's text, computed
// once (on a scan worker, or in process for an open document): its secret findings (inline-suppressed
// ones marked, with the comment's reason), the credential references it makes, and, for the files
// ownership takes its facts from (the register, catalog-info.yaml, CODEOWNERS), their text, so nobody
// has to read them again. Plain data: it crosses from a worker by structured clone.
import { meetsConfidence, type Finding } from '../findings';
import type { Confidence } from '../types/kinds';
import type { Skipped } from '../files/read';
import { discoverCertificates, discoverDer, hasFacts, isDerCandidate } from '../certs/discover';
import { discoverReferences } from '../ownership/discovery';
import type { CredentialReference } from '../ownership/reference';
import { REGISTER_FILE } from '../vocabulary';
import { isCatalogFile } from '../ownership/sources/catalog';
import { CODEOWNERS_LOCATIONS } from '../ownership/sources/codeowners';
import type { Engine, TextScan } from '../scan/engine';
import type { CertificateFacts } from '../types/certificates';
import { allowMarkers, unusedAllowMarkers } from '../suppress/inline';
import type { Range } from '../types/range';

/** What a project asks of each file's analysis (plain data: it is sent to workers). */
export interface AnalysisOptions {
  /** Look for credential references (ownership is on, or may turn on when a register appears). */
  references: boolean;
  /**
   * Look for certificates, private keys and certificate declarations (the certificate checks, which run
   * whether or not ownership does). Implied by `references`.
   */
  certificates?: boolean;
  /** Workspace-relative POSIX path of the register (config `ownership.register`). */
  registerPath?: string;
}

export type OwnershipSourceKind = 'register' | 'catalog' | 'codeowners';

export interface TextAnalysis {
  /** Secret findings; those an inline comment allows carry `suppressed: { by: 'inline', reason }`. */
  findings: Finding[];
  timedOut?: TextScan['timedOut'];
  /** Credential references (when asked for; the register and catalogs make none). */
  references?: CredentialReference[];
  /** The text of an ownership source file, for the main thread to parse. */
  source?: { kind: OwnershipSourceKind; text: string };
  /** Certificates, private keys (public facts only) and certificate declarations (src/core/certs), when there are any. */
  certificates?: CertificateFacts;
  /** `credential-hygiene:allow` comments on lines with no finding and no credential reference (stale suppressions). */
  unusedAllows?: Range[];
}

/** One file's analysis as a scan returns it: the text's analysis, or why the file was not read. */
export interface FileAnalysis extends TextAnalysis {
  path: string;
  bytes: number;
  skipped?: Skipped;
}

/** Which ownership source `path` is, if any. */
export function ownershipSourceKind(path: string, registerPath = REGISTER_FILE): OwnershipSourceKind | undefined {
  if (path === registerPath) return 'register';
  if (isCatalogFile(path)) return 'catalog';
  if ((CODEOWNERS_LOCATIONS as readonly string[]).includes(path)) return 'codeowners';
  return undefined;
}

export function analyze(text: string, path: string, project: { engine: Engine; options?: AnalysisOptions }): TextAnalysis {
  const scanned = project.engine.scan(text, path);
  const out: TextAnalysis = { findings: scanned.findings };
  if (scanned.timedOut) out.timedOut = scanned.timedOut;
  const options = project.options;
  // Ownership's own files are kept (their text) only when ownership looks at the workspace.
  const kind = options?.references ? ownershipSourceKind(path, options.registerPath) : undefined;
  if (kind) out.source = { kind, text };
  if (options?.references && kind !== 'register' && kind !== 'catalog') out.references = discoverReferences(text, path);
  if (wantsCertificates(options) && kind !== 'register') {
    const certificates = discoverCertificates(text, path, scanned.marks);
    if (hasFacts(certificates)) out.certificates = certificates;
  }
  const markers = allowMarkers(text, scanned.marks);
  if (markers.length) {
    // A marker may allow a reference's ownership finding: look for references even when not asked to.
    const references = out.references ?? (kind === 'register' || kind === 'catalog' ? [] : discoverReferences(text, path));
    const used = new Set([...scanned.findings.map((f) => f.range.start.line), ...references.map((r) => r.range.start.line)]);
    const unused = unusedAllowMarkers(markers, used);
    if (unused.length) out.unusedAllows = unused.map((m) => m.range);
  }
  return out;
}

function wantsCertificates(options: AnalysisOptions | undefined): boolean {
  return Boolean(options?.references || options?.certificates);
}

/**
 * A binary file the text scan skips: a DER certificate (`.der`, `.cer`, `.crt`) is still a certificate, a
 * DER private key (`.key`, `.der`, `.p8`) a key, a PKCS#12 store (`.p12`, `.pfx`) both (certs/discover.ts).
 * A file holding a private key is a finding too (Engine.binaryFindings), whether or not certificates are
 * looked at. Undefined when the file is none of those (it stays skipped as binary).
 */
export function analyzeBinary(bytes: Uint8Array, path: string, project: { engine: Engine; options?: AnalysisOptions }): TextAnalysis | undefined {
  if (!isDerCandidate(path)) return undefined;
  const certificates = discoverDer(bytes, path);
  const findings = project.engine.binaryFindings(bytes, path, certificates.keys);
  if (!wantsCertificates(project.options) || !hasFacts(certificates)) return findings.length ? { findings } : undefined;
  return { findings, certificates };
}

/**
 * Fingerprints are computed on first read (engine.ts): compute them now, as plain values, so the
 * analysis can be posted from a worker and stored without holding on to the secrets. `wanted`, when
 * given, says which findings anybody will read one of (the others get an empty one).
 */
export function materialize<T extends { findings: Finding[] }>(a: T, fingerprintsFrom?: Confidence, wanted?: (f: Finding) => boolean): T {
  for (const f of a.findings) {
    // Below the run's minimum confidence, with no baseline to match, nobody reads it: none is computed.
    const value = (fingerprintsFrom && !meetsConfidence(f, fingerprintsFrom)) || (wanted && !wanted(f)) ? '' : f.fingerprint;
    Object.defineProperty(f, 'fingerprint', { value, enumerable: true, writable: true, configurable: true });
  }
  return a;
}
