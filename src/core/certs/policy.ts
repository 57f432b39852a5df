// What makes a certificate or key a problem: weak keys and signatures, quantum-vulnerable algorithms,
// and the CA/Browser Forum's maximum validity of publicly-trusted TLS certificates (ballot SC-081:
// 398 days, then 200 from 15 March 2026, 100 from 15 March 2027, 47 from 15 March 2029).
import { WEAK_HASHES } from './der';
import type { CertificateInfo, KeyAlgorithm } from '../types/certificates';

const DAY_MS = 86_400_000;

/** Maximum validity (days) of a publicly-trusted TLS leaf certificate issued on `issued`. */
export function maxPublicLifetimeDays(issued: Date): number {
  const t = issued.getTime();
  if (t < Date.UTC(2018, 2, 1)) return 1185; // 39 months
  if (t < Date.UTC(2020, 8, 1)) return 825;
  if (t < Date.UTC(2026, 2, 15)) return 398;
  if (t < Date.UTC(2027, 2, 15)) return 200;
  if (t < Date.UTC(2029, 2, 15)) return 100;
  return 47;
}

/** Whole days a certificate is valid for (notBefore to notAfter). */
export function lifetimeDays(info: Pick<CertificateInfo, 'notBefore' | 'notAfter'>): number {
  return Math.floor((Date.parse(info.notAfter) - Date.parse(info.notBefore)) / DAY_MS);
}

const PRIVATE_SUFFIXES = ['.local', '.localhost', '.internal', '.lan', '.corp', '.home.arpa', '.test', '.invalid', '.intranet', '.svc', '.cluster.local'];

/** A DNS name a public CA could issue for: dotted, not an IP address, not a private or reserved suffix. */
function isPublicName(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (!n.includes('.') || /^[\d.]+$/.test(n) || n.includes(':')) return false;
  return !PRIVATE_SUFFIXES.some((s) => n.endsWith(s)) && n !== 'localhost';
}

/** A leaf certificate that looks publicly trusted: not a CA, not self-signed, named for a public DNS name. */
export function looksPubliclyTrusted(info: CertificateInfo): boolean {
  if (info.ca || info.selfSigned) return false;
  const names = info.sans.length ? info.sans : info.commonName ? [info.commonName] : [];
  return names.some(isPublicName);
}

/** RSA under 2048 bits, DSA (deprecated by FIPS 186-5), elliptic curves under 256 bits, DH under 2048. */
export function isWeakKey(key: KeyAlgorithm): boolean {
  switch (key.family) {
    case 'RSA':
    case 'RSA-PSS':
    case 'DH': return key.bits !== undefined && key.bits < 2048;
    case 'DSA': return true;
    case 'EC': return key.bits !== undefined && key.bits < 256;
    default: return false;
  }
}

export function weakKeyReason(key: KeyAlgorithm): string {
  if (key.family === 'DSA') return `${key.name}: DSA is deprecated (FIPS 186-5)`;
  if (key.family === 'EC') return `${key.name}: elliptic curves under 256 bits`;
  return `${key.name}: under 2048 bits`;
}

export function isWeakSignature(info: Pick<CertificateInfo, 'signature'>): boolean {
  return info.signature.hash !== undefined && WEAK_HASHES.has(info.signature.hash);
}

/** Public-key algorithms Shor's algorithm breaks. */
export function isQuantumVulnerable(key: KeyAlgorithm): boolean {
  return ['RSA', 'RSA-PSS', 'DSA', 'EC', 'EdDSA', 'DH', 'ECDH'].includes(key.family);
}

/** NIST post-quantum security category (0: none, broken by a quantum computer), when known. */
export function nistQuantumSecurityLevel(key: KeyAlgorithm): number | undefined {
  if (isQuantumVulnerable(key)) return 0;
  const m = /^ML-(DSA|KEM)-(\d+)$/.exec(key.name);
  if (!m) return undefined;
  const levels: Record<string, number> = { 'DSA-44': 2, 'DSA-65': 3, 'DSA-87': 5, 'KEM-512': 1, 'KEM-768': 3, 'KEM-1024': 5 };
  return levels[`${m[1]}-${m[2]}`];
}

/** Classical security strength in bits (NIST SP 800-57), when known. */
export function classicalSecurityLevel(key: KeyAlgorithm): number | undefined {
  const bits = key.bits;
  if (bits === undefined) return undefined;
  switch (key.family) {
    case 'RSA':
    case 'RSA-PSS':
    case 'DSA':
    case 'DH': return bits >= 15360 ? 256 : bits >= 7680 ? 192 : bits >= 3072 ? 128 : bits >= 2048 ? 112 : bits >= 1024 ? 80 : 0;
    case 'EC':
    case 'ECDH': return Math.floor(bits / 2);
    case 'EdDSA': return key.curve === 'Ed448' ? 224 : 128;
    default: return undefined;
  }
}
