// Binary key and certificate containers, told apart by their shape (a bounded ASN.1 walk, der.ts):
// X.509 Certificate, PKCS#8 PrivateKeyInfo and EncryptedPrivateKeyInfo, PKCS#1 RSAPrivateKey, SEC1
// ECPrivateKey, OpenSSL's DSA key, and PKCS#12 (PFX) stores, whose unencrypted bags are read (no
// password is ever tried). Every walk is a fixed number of levels deep with a bound on the items at
// each; a truncated or malformed container gives undefined or an error, never an exception.
import { nodeCrypto } from '../node-crypto';
import { PKCS12_OIDS } from '../types/certificates';
import { children, oidOf, readTlv, readTlvHeader, SEQUENCE, type Tlv } from './der';

export type DerShape = 'certificate' | 'pkcs8' | 'encrypted-pkcs8' | 'pkcs1' | 'sec1' | 'dsa' | 'pkcs12';

const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const EXPLICIT_0 = 0xa0;

/** TLV headers inside `parent`, the last one possibly cut short (its length clipped): enough to tell a truncated container's shape. */
function headers(der: Uint8Array, parent: Tlv, max: number): Tlv[] {
  const out: Tlv[] = [];
  const end = Math.min(der.length, parent.start + parent.length);
  let at = parent.start;
  while (at < end && out.length < max) {
    const full = readTlv(der.subarray(0, end), at);
    if (full) {
      out.push(full);
      at = full.start + full.length;
      continue;
    }
    if (at + 2 <= end) out.push({ tag: der[at], at, start: at + 2, length: 0 });
    break;
  }
  return out;
}

/** The outer SEQUENCE, its length clipped to the bytes there are. */
function outer(der: Uint8Array): Tlv | undefined {
  if (der.length < 4 || der[0] !== SEQUENCE) return undefined;
  const h = readTlvHeader(der, 0);
  return h && { ...h, length: Math.min(h.length, der.length - h.start) };
}

/** A non-negative INTEGER of up to 4 bytes (a leading 0 byte allowed), else undefined. */
function uint(der: Uint8Array, t: Tlv | undefined): number | undefined {
  if (!t || t.tag !== INTEGER || t.length < 1 || t.length > 5 || der[t.start] & 0x80) return undefined;
  if (t.length === 5 && der[t.start] !== 0) return undefined;
  let v = 0;
  for (let i = 0; i < t.length; i++) v = v * 256 + der[t.start + i];
  return v;
}

/** The whole TLV (header and contents). */
function bytesOf(der: Uint8Array, t: Tlv): Uint8Array {
  return der.subarray(t.at, t.start + t.length);
}

const PBE_PREFIXES = ['1.2.840.113549.1.5.', '1.2.840.113549.1.12.1.'];
const ENCRYPTION: Record<string, string> = {
  '1.2.840.113549.1.5.13': 'PBES2',
  '1.2.840.113549.1.5.3': 'PBES1 (MD5, DES-CBC)', '1.2.840.113549.1.5.10': 'PBES1 (SHA-1, DES-CBC)',
  '1.2.840.113549.1.12.1.1': 'PKCS#12 PBE (SHA-1, RC4-128)', '1.2.840.113549.1.12.1.2': 'PKCS#12 PBE (SHA-1, RC4-40)',
  '1.2.840.113549.1.12.1.3': 'PKCS#12 PBE (SHA-1, 3DES)', '1.2.840.113549.1.12.1.4': 'PKCS#12 PBE (SHA-1, 2-key 3DES)',
  '1.2.840.113549.1.12.1.5': 'PKCS#12 PBE (SHA-1, RC2-128)', '1.2.840.113549.1.12.1.6': 'PKCS#12 PBE (SHA-1, RC2-40)',
};
const CIPHERS: Record<string, string> = {
  '2.16.840.1.101.3.4.1.2': 'AES-128-CBC', '2.16.840.1.101.3.4.1.22': 'AES-192-CBC', '2.16.840.1.101.3.4.1.42': 'AES-256-CBC',
  '1.2.840.113549.3.7': 'DES-EDE3-CBC', '1.3.14.3.2.7': 'DES-CBC',
};

/** An AlgorithmIdentifier of password-based encryption: its name (`PBES2 (AES-256-CBC)`), undefined when it is none. */
function pbeName(der: Uint8Array, alg: Tlv): string | undefined {
  const [oidT, params] = children(der, alg, 2);
  const oid = oidOf(der, oidT);
  if (!oid || !PBE_PREFIXES.some((p) => oid.startsWith(p))) return undefined;
  const name = ENCRYPTION[oid] ?? 'password-based encryption';
  if (oid !== '1.2.840.113549.1.5.13' || !params || params.tag !== SEQUENCE) return name;
  const scheme = children(der, params, 2)[1];
  const cipher = scheme?.tag === SEQUENCE ? oidOf(der, children(der, scheme, 1)[0]) : undefined;
  return cipher && CIPHERS[cipher] ? `${name} (${CIPHERS[cipher]})` : name;
}

const PBKDF2 = '1.2.840.113549.1.5.12';

/**
 * How many rounds a PBE scheme's key derivation takes: PKCS#12 PBE and PBES1 (`{ salt, iterations }`)
 * or PBES2 with PBKDF2 (`{ { pbkdf2, { salt, iterations, … } }, cipher }`); undefined when not written,
 * and for any other derivation (PBES2 with scrypt: its cost is more than a count of rounds).
 */
function pbeIterations(der: Uint8Array, alg: Tlv): number | undefined {
  const [oidT, params] = children(der, alg, 2);
  if (!params || params.tag !== SEQUENCE) return undefined;
  if (oidOf(der, oidT) !== '1.2.840.113549.1.5.13') return uint(der, children(der, params, 2)[1]);
  const kdf = children(der, params, 1)[0];
  const [kdfOid, kdfParams] = kdf?.tag === SEQUENCE ? children(der, kdf, 2) : [];
  if (oidOf(der, kdfOid) !== PBKDF2) return undefined;
  return kdfParams?.tag === SEQUENCE ? uint(der, children(der, kdfParams, 2)[1]) : undefined;
}

/** An EncryptedPrivateKeyInfo (RFC 5958): SEQUENCE { AlgorithmIdentifier (a PBE scheme), OCTET STRING }; its scheme and rounds. */
export function encryptedPkcs8(der: Uint8Array): { encryption: string; iterations?: number } | undefined {
  const t = readTlv(der, 0);
  if (!t || t.tag !== SEQUENCE) return undefined;
  const c = children(der, t, 3);
  if (c.length !== 2 || c[0].tag !== SEQUENCE || c[1].tag !== OCTET_STRING) return undefined;
  const encryption = pbeName(der, c[0]);
  if (!encryption) return undefined;
  const iterations = pbeIterations(der, c[0]);
  return iterations === undefined ? { encryption } : { encryption, iterations };
}

/** What a DER file is, by its shape (a truncated one included); undefined when it is none of these. */
export function derShape(der: Uint8Array): DerShape | undefined {
  const t = outer(der);
  if (!t) return undefined;
  const c = headers(der, t, 10);
  const [a, b, d] = c;
  if (!a) return undefined;
  if (a.tag === INTEGER) {
    const v = uint(der, a);
    if (v === 3 && b?.tag === SEQUENCE) return 'pkcs12';
    if ((v === 0 || v === 1) && b?.tag === SEQUENCE && (!d || d.tag === OCTET_STRING)) return 'pkcs8';
    if (v === 1 && b?.tag === OCTET_STRING) return 'sec1';
    if (v === 0 && b?.tag === INTEGER) return c.length === 6 && c.every((x) => x.tag === INTEGER) ? 'dsa' : 'pkcs1';
    return undefined;
  }
  if (a.tag === SEQUENCE && b) {
    if (b.tag === OCTET_STRING && c.length === 2 && readTlv(der, a.at) && pbeName(der, a)) return 'encrypted-pkcs8';
    if (b.tag === SEQUENCE && (!d || d.tag === BIT_STRING)) return 'certificate';
  }
  return undefined;
}

const {
  data: DATA, encryptedData: ENCRYPTED_DATA, envelopedData: ENVELOPED_DATA, keyBag: KEY_BAG,
  shroudedKeyBag: SHROUDED_KEY_BAG, certBag: CERT_BAG, x509Certificate: X509_CERTIFICATE,
} = PKCS12_OIDS;
/** At most this many ContentInfos in a store, and bags in one SafeContents. */
const MAX_PARTS = 64;
const MAX_BAGS = 256;
/** At most this many certificates and keys taken from one store. */
const MAX_TAKEN = 500;

export interface Pkcs12Contents {
  /** DER certificates of unencrypted cert bags. */
  certificates: Uint8Array[];
  /** DER PKCS#8 keys of unencrypted key bags. */
  keys: Uint8Array[];
  /** Passphrase-protected key bags: their encryption scheme, its rounds, and the EncryptedPrivateKeyInfo itself. */
  shroudedKeys: Array<{ encryption?: string; iterations?: number; der: Uint8Array }>;
  /** Encrypted parts (EncryptedData, EnvelopedData): their bags cannot be seen. */
  encryptedParts: number;
  /** Their encryption scheme, when the first says. */
  encryption?: string;
}

/** The OCTET STRING inside `[0] EXPLICIT` of a ContentInfo, as a TLV of its own contents. */
function explicitOctets(der: Uint8Array, t: Tlv | undefined): Tlv | undefined {
  if (!t || t.tag !== EXPLICIT_0) return undefined;
  const o = children(der, t, 1)[0];
  return o && o.tag === OCTET_STRING ? o : undefined;
}

/** The SEQUENCE an OCTET STRING holds. */
function inner(der: Uint8Array, o: Tlv): Tlv | undefined {
  const s = readTlv(der.subarray(0, o.start + o.length), o.start);
  return s && s.tag === SEQUENCE && s.start + s.length <= o.start + o.length ? s : undefined;
}

/** The readable parts of a PKCS#12 store (RFC 7292), or why it cannot be read. */
export function parsePkcs12(der: Uint8Array): Pkcs12Contents | { error: string } {
  const bad = (why: string) => ({ error: `not a readable PKCS#12 store (${why})` });
  const pfx = readTlv(der, 0);
  if (!pfx || pfx.tag !== SEQUENCE) return bad(der.length && der[0] === SEQUENCE ? 'cut short' : 'not DER');
  const [version, authSafe] = children(der, pfx, 3);
  if (uint(der, version) !== 3 || !authSafe || authSafe.tag !== SEQUENCE) return bad('not a PFX');
  const [typeT, content] = children(der, authSafe, 2);
  const type = oidOf(der, typeT);
  if (type !== DATA) return bad(type ? 'public-key integrity mode' : 'no content type');
  const octets = explicitOctets(der, content);
  const safe = octets ? inner(der, octets) : undefined;
  if (!safe) return bad('indefinite-length or malformed content');
  const out: Pkcs12Contents = { certificates: [], keys: [], shroudedKeys: [], encryptedParts: 0 };
  for (const ci of children(der, safe, MAX_PARTS)) {
    if (ci.tag !== SEQUENCE) return bad('malformed content');
    const [oidT, value] = children(der, ci, 2);
    const oid = oidOf(der, oidT);
    if (oid === ENCRYPTED_DATA || oid === ENVELOPED_DATA) {
      out.encryptedParts++;
      // EncryptedData ::= SEQUENCE { version, EncryptedContentInfo SEQUENCE { contentType, AlgorithmIdentifier, ... } }
      if (oid === ENCRYPTED_DATA && !out.encryption && value?.tag === EXPLICIT_0) {
        const ed = children(der, value, 1)[0];
        const eci = ed?.tag === SEQUENCE ? children(der, ed, 2)[1] : undefined;
        const alg = eci?.tag === SEQUENCE ? children(der, eci, 2)[1] : undefined;
        const name = alg?.tag === SEQUENCE ? pbeName(der, alg) : undefined;
        if (name) out.encryption = name;
      }
      continue;
    }
    if (oid !== DATA) continue;
    const o = explicitOctets(der, value);
    const bags = o ? inner(der, o) : undefined;
    if (!bags) return bad('malformed safe contents');
    for (const bag of children(der, bags, MAX_BAGS)) {
      if (out.certificates.length + out.keys.length + out.shroudedKeys.length >= MAX_TAKEN) break;
      if (bag.tag !== SEQUENCE) continue;
      const [idT, bagValue] = children(der, bag, 2);
      const id = oidOf(der, idT);
      const v = bagValue?.tag === EXPLICIT_0 ? children(der, bagValue, 1)[0] : undefined;
      if (!v || v.tag !== SEQUENCE) continue;
      if (id === KEY_BAG) out.keys.push(bytesOf(der, v));
      else if (id === SHROUDED_KEY_BAG) {
        const bag = bytesOf(der, v);
        out.shroudedKeys.push({ ...encryptedPkcs8(bag), der: bag });
      }
      else if (id === CERT_BAG) {
        const [certId, certValue] = children(der, v, 2);
        const c = oidOf(der, certId) === X509_CERTIFICATE ? explicitOctets(der, certValue) : undefined;
        if (c) out.certificates.push(der.subarray(c.start, c.start + c.length));
      }
    }
  }
  return out;
}

/** A Java keystore (JKS, or JCEKS with its secret keys): what its entries are, never their contents. */
export interface JavaKeystore {
  kind: 'JKS' | 'JCEKS';
  /** Private-key entries (each under the store's or its own password). */
  privateKeys: number;
  /** JCEKS secret-key entries (sealed objects: the listing stops at the first, their length cannot be read). */
  secretKeys: number;
  /** DER certificates: trusted-certificate entries and the chains of private-key entries. */
  certificates: Uint8Array[];
  /** Entries the store says it holds beyond what was listed (cut short, or after a sealed secret key). */
  unlisted: number;
}

const JKS_MAGIC = 0xfeedfeed;
const JCEKS_MAGIC = 0xcececece;
/** At most this many entries listed, and certificates per chain. */
const MAX_ENTRIES = 1024;
const MAX_CHAIN = 16;

/** Whether `bytes` start as a Java keystore does (its magic number). */
export function isJavaKeystore(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const magic = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  return magic === JKS_MAGIC || magic === JCEKS_MAGIC;
}

/**
 * The entries of a JKS or JCEKS store (big-endian: magic, version, count, then per entry a tag, an
 * alias, a timestamp and its data), read with every length checked against the bytes there are.
 * Version 1 stores have no certificate-type strings. No password is tried; nothing is decrypted.
 */
export function parseJavaKeystore(bytes: Uint8Array): JavaKeystore | { error: string } {
  if (!isJavaKeystore(bytes)) return { error: 'not a Java keystore' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = view.getUint32(0) === JKS_MAGIC ? 'JKS' : 'JCEKS';
  const version = view.getUint32(4);
  if (version !== 1 && version !== 2) return { error: `not a readable ${kind} store (version ${version})` };
  const count = view.getUint32(8);
  const out: JavaKeystore = { kind, privateKeys: 0, secretKeys: 0, certificates: [], unlisted: 0 };
  let at = 12;
  const need = (n: number) => at + n <= bytes.length;
  const u32 = () => {
    const v = view.getUint32(at);
    at += 4;
    return v;
  };
  const skipUtf = () => {
    if (!need(2)) return false;
    const n = view.getUint16(at);
    if (!need(2 + n)) return false;
    at += 2 + n;
    return true;
  };
  const cert = () => {
    if (version === 2 && !skipUtf()) return false;
    if (!need(4)) return false;
    const n = u32();
    if (!need(n)) return false;
    out.certificates.push(bytes.subarray(at, at + n));
    at += n;
    return true;
  };
  let listed = 0;
  for (; listed < Math.min(count, MAX_ENTRIES); listed++) {
    if (!need(4)) break;
    const tag = u32();
    if (!skipUtf() || !need(8)) break;
    at += 8; // the entry's date
    if (tag === 1) {
      if (!need(4)) break;
      const n = u32();
      if (!need(n)) break;
      at += n;
      out.privateKeys++;
      if (!need(4)) break;
      const chain = u32();
      let ok = true;
      for (let i = 0; i < chain && ok; i++) ok = i < MAX_CHAIN ? cert() : false;
      if (!ok) break;
    } else if (tag === 2) {
      if (!cert()) break;
    } else if (tag === 3 && kind === 'JCEKS') {
      out.secretKeys++;
      listed++;
      break; // a serialized sealed object: its length is not written, so nothing after it can be found
    } else return { error: `not a readable ${kind} store (entry type ${tag})` };
  }
  out.unlisted = Math.max(0, count - listed);
  return out;
}

/**
 * Whether a JKS or JCEKS store is under `password`: the digest at its end is SHA-1 over the password
 * (UTF-16BE), the words "Mighty Aphrodite" and everything before it (how keytool seals a store).
 */
export function javaKeystoreUnder(bytes: Uint8Array, password: string): boolean {
  if (!isJavaKeystore(bytes) || bytes.length < 32) return false;
  const utf16be = Buffer.from(password, 'utf16le').swap16();
  const digest = nodeCrypto().createHash('sha1').update(utf16be).update('Mighty Aphrodite').update(bytes.subarray(0, bytes.length - 20)).digest();
  return digest.equals(bytes.subarray(bytes.length - 20));
}
