// The one field Node's X509Certificate does not expose: the certificate's signature algorithm. A minimal,
// bounded DER walk (Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier,
// signature }) reads just that OID (and, for RSASSA-PSS, the hash its parameters name); anything
// unexpected gives undefined, never an exception. The same reader walks key containers (containers.ts).

export interface Tlv {
  tag: number;
  /** Offset of the tag. */
  at: number;
  /** Offset of the contents, and their length. */
  start: number;
  length: number;
}

/** A TLV at `at` whose contents are all there. */
export function readTlv(der: Uint8Array, at: number): Tlv | undefined {
  const h = readTlvHeader(der, at);
  return h && h.start + h.length <= der.length ? h : undefined;
}

/** A TLV's tag and length as its header says them (definite lengths of up to 4 bytes), whether or not the contents follow. */
export function readTlvHeader(der: Uint8Array, at: number): Tlv | undefined {
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
  return { tag, at, start, length: len };
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

export const SEQUENCE = 0x30;
export const OID = 0x06;

/** The TLVs directly inside `parent` (at most `max` of them; a truncated one ends the walk). */
export function children(der: Uint8Array, parent: Tlv, max = 16): Tlv[] {
  const out: Tlv[] = [];
  const end = Math.min(der.length, parent.start + parent.length);
  let at = parent.start;
  while (at < end && out.length < max) {
    const t = readTlv(der.subarray(0, end), at);
    if (!t) break;
    out.push(t);
    at = t.start + t.length;
  }
  return out;
}

/** The dotted OID a TLV holds, when it is an OID. */
export function oidOf(der: Uint8Array, t: Tlv | undefined): string | undefined {
  return t && t.tag === OID ? oidToString(der.subarray(t.start, t.start + t.length)) : undefined;
}

/** A DER certificate's signature AlgorithmIdentifier: its OID and its parameters' TLV. */
function signatureAlgorithmIdentifier(der: Uint8Array): { oid: string; params?: Tlv } | undefined {
  const cert = readTlv(der, 0);
  if (!cert || cert.tag !== SEQUENCE) return undefined;
  const tbs = readTlv(der, cert.start);
  if (!tbs || tbs.tag !== SEQUENCE) return undefined;
  const alg = readTlv(der, tbs.start + tbs.length);
  if (!alg || alg.tag !== SEQUENCE) return undefined;
  const [oidTlv, params] = children(der, alg, 2);
  const oid = oidOf(der, oidTlv);
  return oid ? { oid, ...(params ? { params } : {}) } : undefined;
}

/** The signature algorithm OID of a DER certificate, or undefined when the structure is not the expected one. */
export function signatureAlgorithmOid(der: Uint8Array): string | undefined {
  return signatureAlgorithmIdentifier(der)?.oid;
}

export const RSASSA_PSS = '1.2.840.113549.1.1.10';

/** Hash algorithms by OID. */
export const HASHES: Record<string, string> = {
  '1.2.840.113549.2.2': 'MD2', '1.2.840.113549.2.5': 'MD5', '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.4': 'SHA-224', '2.16.840.1.101.3.4.2.1': 'SHA-256', '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512', '2.16.840.1.101.3.4.2.5': 'SHA-512/224', '2.16.840.1.101.3.4.2.6': 'SHA-512/256',
  '2.16.840.1.101.3.4.2.7': 'SHA3-224', '2.16.840.1.101.3.4.2.8': 'SHA3-256', '2.16.840.1.101.3.4.2.9': 'SHA3-384',
  '2.16.840.1.101.3.4.2.10': 'SHA3-512',
};

/**
 * The hash of RSASSA-PSS parameters (RFC 4055: SEQUENCE { hashAlgorithm [0] AlgorithmIdentifier DEFAULT
 * sha1, ... }): SHA-1 when they name none; undefined when they cannot be read.
 */
export function pssHash(der: Uint8Array, params: Tlv | undefined): string | undefined {
  if (!params || params.tag === 0x05) return 'SHA-1'; // absent or NULL: every default
  if (params.tag !== SEQUENCE) return undefined;
  const hashField = children(der, params, 4).find((t) => t.tag === 0xa0);
  if (!hashField) return 'SHA-1';
  const alg = readTlv(der.subarray(0, hashField.start + hashField.length), hashField.start);
  if (!alg || alg.tag !== SEQUENCE) return undefined;
  const oid = oidOf(der, children(der, alg, 1)[0]);
  return oid ? HASHES[oid] ?? oid : undefined;
}

/** A DER certificate's signature algorithm: its OID, a name and its hash (read from the parameters for RSASSA-PSS). */
export function signatureAlgorithm(der: Uint8Array): { oid?: string; name: string; hash?: string } {
  const id = signatureAlgorithmIdentifier(der);
  if (!id) return { name: 'unknown' };
  if (id.oid === RSASSA_PSS) {
    const hash = pssHash(der, id.params);
    return { oid: id.oid, name: hash ? `RSASSA-PSS with ${hash}` : 'RSASSA-PSS', ...(hash ? { hash } : {}) };
  }
  const known = SIGNATURE_ALGORITHMS[id.oid];
  return known ? { oid: id.oid, name: known.name, hash: known.hash } : { oid: id.oid, name: id.oid };
}

/** Signature algorithms by OID: name, hash, and the key family that signs. */
export const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash: string; family: string }> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'MD2', family: 'RSA' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'MD5', family: 'RSA' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'SHA-1', family: 'RSA' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS', hash: 'see parameters', family: 'RSA' }, // signatureAlgorithm() reads the hash
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
