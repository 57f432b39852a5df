// Reads one DER certificate or private key with Node's crypto (X509Certificate, KeyObject); the one field
// Node does not expose (the signature algorithm) comes from a minimal DER walk (der.ts). Only public
// facts come out: names, dates, algorithms and SHA-256 fingerprints.
import type { KeyObject, X509Certificate } from 'node:crypto';
import { nodeCrypto } from '../node-crypto';
import { signatureAlgorithm } from './der';
import type { CertificateInfo, KeyAlgorithm } from '../types/certificates';

/** Curve names as OpenSSL reports them -> the usual name and the field size in bits. */
const CURVES: Record<string, { name: string; bits: number }> = {
  prime192v1: { name: 'P-192', bits: 192 }, secp192r1: { name: 'P-192', bits: 192 },
  secp224r1: { name: 'P-224', bits: 224 },
  prime256v1: { name: 'P-256', bits: 256 }, secp256r1: { name: 'P-256', bits: 256 },
  secp384r1: { name: 'P-384', bits: 384 },
  secp521r1: { name: 'P-521', bits: 521 },
  secp256k1: { name: 'secp256k1', bits: 256 },
  brainpoolP256r1: { name: 'brainpoolP256r1', bits: 256 }, brainpoolP384r1: { name: 'brainpoolP384r1', bits: 384 },
  brainpoolP512r1: { name: 'brainpoolP512r1', bits: 512 },
  secp160r1: { name: 'secp160r1', bits: 160 }, secp112r1: { name: 'secp112r1', bits: 112 },
};

/** The algorithm of a key object (public or private). */
export function keyAlgorithm(key: KeyObject): KeyAlgorithm {
  const type: string = key.asymmetricKeyType ?? 'unknown';
  const d = key.asymmetricKeyDetails ?? {};
  switch (type) {
    case 'rsa':
    case 'rsa-pss': {
      const bits = d.modulusLength;
      const family = type === 'rsa' ? 'RSA' : 'RSA-PSS';
      return { family, name: bits ? `${family}-${bits}` : family, ...(bits ? { bits } : {}) };
    }
    case 'dsa':
      return { family: 'DSA', name: d.modulusLength ? `DSA-${d.modulusLength}` : 'DSA', ...(d.modulusLength ? { bits: d.modulusLength } : {}) };
    case 'dh':
      return { family: 'DH', name: d.modulusLength ? `DH-${d.modulusLength}` : 'DH', ...(d.modulusLength ? { bits: d.modulusLength } : {}) };
    case 'ec': {
      const c = d.namedCurve ? CURVES[d.namedCurve] : undefined;
      const curve = c?.name ?? d.namedCurve;
      return { family: 'EC', name: curve ? `EC ${curve}` : 'EC', ...(curve ? { curve } : {}), ...(c ? { bits: c.bits } : {}) };
    }
    case 'ed25519': return { family: 'EdDSA', name: 'Ed25519', curve: 'Ed25519', bits: 256 };
    case 'ed448': return { family: 'EdDSA', name: 'Ed448', curve: 'Ed448', bits: 448 };
    case 'x25519': return { family: 'ECDH', name: 'X25519', curve: 'Curve25519', bits: 256 };
    case 'x448': return { family: 'ECDH', name: 'X448', curve: 'Curve448', bits: 448 };
    default:
      if (/^ml-dsa/i.test(type)) return { family: 'ML-DSA', name: type.toUpperCase() };
      if (/^ml-kem/i.test(type)) return { family: 'ML-KEM', name: type.toUpperCase() };
      return { family: 'unknown', name: type };
  }
}

function sha256(b: Uint8Array): string {
  return nodeCrypto().createHash('sha256').update(b).digest('hex');
}

export function publicKeyFingerprint(key: KeyObject): string {
  return sha256(key.export({ type: 'spki', format: 'der' }));
}

/** `CN=a\nO=b` (Node) -> `CN=a, O=b`; the common name apart. */
function dn(s: string): { text: string; cn?: string } {
  const parts = s.split('\n').filter(Boolean);
  const cn = parts.find((p) => p.startsWith('CN='))?.slice(3);
  return { text: parts.join(', '), ...(cn ? { cn } : {}) };
}

/** `DNS:a, IP Address:1.2.3.4` -> [`a`, `1.2.3.4`]. */
function sans(s: string | undefined): string[] {
  if (!s) return [];
  return s.split(/,\s*/).map((x) => x.replace(/^[A-Za-z ]+:/, '').trim()).filter(Boolean);
}

function isoOf(s: string): string {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new Error(`unreadable validity date`);
  return d.toISOString();
}

/** The facts of one DER certificate; throws (with a message that holds no certificate content) when it is not one. */
export function parseCertificate(der: Uint8Array): CertificateInfo {
  let cert: X509Certificate;
  try {
    cert = new (nodeCrypto().X509Certificate)(der);
  } catch {
    throw new Error('not a readable X.509 certificate');
  }
  const subject = dn(cert.subject);
  const issuer = dn(cert.issuer);
  let selfSigned = false;
  if (cert.subject === cert.issuer) {
    try {
      selfSigned = cert.verify(cert.publicKey);
    } catch {
      selfSigned = true; // same name, signature not checkable here (an algorithm OpenSSL refuses): call it self-signed
    }
  }
  return {
    subject: subject.text, issuer: issuer.text,
    ...(subject.cn ? { commonName: subject.cn } : {}),
    sans: sans(cert.subjectAltName),
    serial: cert.serialNumber.toLowerCase(),
    notBefore: isoOf(cert.validFrom), notAfter: isoOf(cert.validTo),
    key: keyAlgorithm(cert.publicKey),
    signature: signatureAlgorithm(der),
    selfSigned, ca: cert.ca,
    fingerprint: sha256(der),
    publicKeyFingerprint: publicKeyFingerprint(cert.publicKey),
  };
}

const KEY_TYPES: Record<string, 'pkcs8' | 'pkcs1' | 'sec1' | 'dsa' | undefined> = {
  'PRIVATE KEY': 'pkcs8', 'RSA PRIVATE KEY': 'pkcs1', 'EC PRIVATE KEY': 'sec1', 'DSA PRIVATE KEY': 'dsa',
};

/** The key's format, as the inventory names it. */
export const KEY_FORMATS = { pkcs8: 'PKCS#8', pkcs1: 'PKCS#1', sec1: 'SEC1', dsa: 'DSA' } as const;

/**
 * A private key's algorithm and its public half's fingerprint; undefined when it cannot be read without
 * a passphrase or is not a key. The key object is dropped at once; nothing of it is kept.
 */
export function parsePrivateKey(der: Buffer | Uint8Array, label: string): { key: KeyAlgorithm; publicKeyFingerprint: string } | undefined {
  const type = KEY_TYPES[label];
  return type ? parsePrivateKeyOf(der, type) : undefined;
}

/** `parsePrivateKey` by DER type (OpenSSL's DSA form has no DER type in Node: it goes as PEM). */
export function parsePrivateKeyOf(der: Uint8Array, type: 'pkcs8' | 'pkcs1' | 'sec1' | 'dsa'): { key: KeyAlgorithm; publicKeyFingerprint: string } | undefined {
  try {
    const buf = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
    const priv = type === 'dsa'
      ? nodeCrypto().createPrivateKey(`-----BEGIN DSA PRIVATE KEY-----\n${buf.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END DSA PRIVATE KEY-----\n`)
      : nodeCrypto().createPrivateKey({ key: buf, format: 'der', type });
    const pub = nodeCrypto().createPublicKey(priv);
    return { key: keyAlgorithm(pub), publicKeyFingerprint: publicKeyFingerprint(pub) };
  } catch {
    return undefined;
  }
}
