// The one field Node's X509Certificate does not expose: the certificate's signature algorithm. A minimal,
// bounded DER walk (Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier,
// signature }) reads just that OID; anything unexpected gives undefined, never an exception.

interface Tlv {
  tag: number;
  /** Offset of the contents, and their length. */
  start: number;
  length: number;
}

function readTlv(der: Uint8Array, at: number): Tlv | undefined {
  if (at + 2 > der.length) return undefined;
  const tag = der[at];
  let len = der[at + 1];
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > der.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i];
    start += n;
  }
  if (start + len > der.length) return undefined;
  return { tag, start, length: len };
}

/** Dotted OID from its DER contents. */
export function oidToString(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0 || bytes.length > 64) return undefined;
  const parts: number[] = [];
  let v = 0;
  for (const b of bytes) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  if (bytes[bytes.length - 1] & 0x80) return undefined;
  const first = parts.shift()!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

const SEQUENCE = 0x30;
const OID = 0x06;

/** The signature algorithm OID of a DER certificate, or undefined when the structure is not the expected one. */
export function signatureAlgorithmOid(der: Uint8Array): string | undefined {
  const cert = readTlv(der, 0);
  if (!cert || cert.tag !== SEQUENCE) return undefined;
  const tbs = readTlv(der, cert.start);
  if (!tbs || tbs.tag !== SEQUENCE) return undefined;
  const alg = readTlv(der, tbs.start + tbs.length);
  if (!alg || alg.tag !== SEQUENCE) return undefined;
  const oid = readTlv(der, alg.start);
  if (!oid || oid.tag !== OID) return undefined;
  return oidToString(der.subarray(oid.start, oid.start + oid.length));
}

/** Signature algorithms by OID: name, hash, and the key family that signs. */
export const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash: string; family: string }> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'MD2', family: 'RSA' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'MD5', family: 'RSA' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'SHA-1', family: 'RSA' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS', hash: 'see parameters', family: 'RSA' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'SHA-256', family: 'RSA' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'SHA-384', family: 'RSA' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'SHA-512', family: 'RSA' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'SHA-224', family: 'RSA' },
  '1.2.840.10040.4.3': { name: 'dsa-with-sha1', hash: 'SHA-1', family: 'DSA' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa-with-sha256', hash: 'SHA-256', family: 'DSA' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'SHA-1', family: 'ECDSA' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'SHA-224', family: 'ECDSA' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'SHA-256', family: 'ECDSA' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'SHA-384', family: 'ECDSA' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'SHA-512', family: 'ECDSA' },
  '1.3.101.112': { name: 'Ed25519', hash: 'SHA-512', family: 'EdDSA' },
  '1.3.101.113': { name: 'Ed448', hash: 'SHAKE256', family: 'EdDSA' },
};

/** Hashes too weak for a signature. */
export const WEAK_HASHES: ReadonlySet<string> = new Set(['MD2', 'MD5', 'SHA-1']);
