// OpenSSH keys: the public key of an `openssh-key-v1` private key container (PROTOCOL.key: magic,
// cipher, kdf, kdf options, the number of keys, then each public key in the clear, then the private
// part, encrypted or not, which is never read), and `.pub` / `authorized_keys` lines. A public key blob
// (RFC 4253 6.6, RFC 5656, RFC 8709) gives the algorithm, size or curve, OpenSSH's `SHA256:` fingerprint,
// and, through Node's crypto (JWK import; DSA as a DER SubjectPublicKeyInfo), the SPKI fingerprint that
// pairs the key with a certificate. Every read is bounds-checked; a short or malformed container is an
// error, never an exception.
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { nodeCrypto } from '../node-crypto';
import type { KeyAlgorithm } from '../types/certificates';
import { keyAlgorithm, publicKeyFingerprint } from './parse';

export const OPENSSH_MAGIC = 'openssh-key-v1\0';
/** At most this many keys in one container (OpenSSH writes one). */
const MAX_KEYS = 16;

/** Reads SSH wire format (RFC 4251 5): uint32 and length-prefixed strings; undefined past the end. */
class Wire {
  at = 0;
  constructor(private readonly b: Uint8Array) {}
  u32(): number | undefined {
    if (this.at + 4 > this.b.length) return undefined;
    const v = ((this.b[this.at] << 24) >>> 0) + (this.b[this.at + 1] << 16) + (this.b[this.at + 2] << 8) + this.b[this.at + 3];
    this.at += 4;
    return v;
  }
  bytes(max = 1 << 20): Uint8Array | undefined {
    const n = this.u32();
    if (n === undefined || n > max || this.at + n > this.b.length) return undefined;
    const v = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return v;
  }
  text(max = 128): string | undefined {
    const v = this.bytes(max);
    if (!v) return undefined;
    const s = Buffer.from(v).toString('latin1');
    return /^[\x21-\x7e]*$/.test(s) ? s : undefined;
  }
}

export interface SshPublicKey {
  key: KeyAlgorithm;
  /** `SHA256:` + unpadded base64 of the blob's SHA-256 (as `ssh-keygen -l`). */
  sshFingerprint: string;
  /** SHA-256 of the SubjectPublicKeyInfo, when Node can read the key. */
  publicKeyFingerprint?: string;
  /** `FIDO security key` for `sk-` keys. */
  note?: string;
}

const CURVES: Record<string, { crv: string; name: string; bits: number; size: number }> = {
  nistp256: { crv: 'P-256', name: 'EC P-256', bits: 256, size: 32 },
  nistp384: { crv: 'P-384', name: 'EC P-384', bits: 384, size: 48 },
  nistp521: { crv: 'P-521', name: 'EC P-521', bits: 521, size: 66 },
};

function b64url(b: Uint8Array): string {
  return Buffer.from(b).toString('base64url');
}

/** An SSH mpint without its sign byte. */
function unsigned(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

function bitLength(b: Uint8Array): number {
  const u = unsigned(b);
  if (u.length === 0 || (u.length === 1 && u[0] === 0)) return 0;
  return (u.length - 1) * 8 + (32 - Math.clz32(u[0]));
}

/** DER TLV with a definite length. */
function tlv(tag: number, content: Uint8Array): Buffer {
  const n = content.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), content]);
}

/** A DER INTEGER from an SSH mpint (both two's complement, big-endian). */
function derInteger(mpint: Uint8Array): Buffer {
  return tlv(0x02, mpint.length ? mpint : Uint8Array.of(0));
}

/** DSA has no JWK form: its SubjectPublicKeyInfo (RFC 3279 2.3.2) is built as DER. */
function dsaSpki(p: Uint8Array, q: Uint8Array, g: Uint8Array, y: Uint8Array): Buffer {
  const oid = tlv(0x06, Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01)); // 1.2.840.10040.4.1
  const params = tlv(0x30, Buffer.concat([derInteger(p), derInteger(q), derInteger(g)]));
  const bits = tlv(0x03, Buffer.concat([Uint8Array.of(0), derInteger(y)]));
  return tlv(0x30, Buffer.concat([tlv(0x30, Buffer.concat([oid, params])), bits]));
}

function nodeKey(make: () => KeyObject): KeyObject | undefined {
  try {
    return make();
  } catch {
    return undefined;
  }
}

/** The JWK of an uncompressed EC point (0x04 || x || y). */
function ecJwk(crv: string, size: number, q: Uint8Array): JsonWebKey | undefined {
  if (q.length !== 1 + 2 * size || q[0] !== 0x04) return undefined;
  return { kty: 'EC', crv, x: b64url(q.subarray(1, 1 + size)), y: b64url(q.subarray(1 + size)) };
}

/** A key type as the blob names it, when it is a plain name (it is workspace data). */
function safeType(t: string): string {
  return /^[A-Za-z0-9@._-]{1,64}$/.test(t) ? t : 'unknown';
}

/** The facts of an SSH public key blob; undefined when it is not one. */
export function parseSshPublicBlob(blob: Uint8Array): SshPublicKey | undefined {
  const r = new Wire(blob);
  const type = r.text(64);
  if (!type) return undefined;
  const sshFingerprint = `SHA256:${nodeCrypto().createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  let key: KeyAlgorithm | undefined;
  let obj: KeyObject | undefined;
  let note: string | undefined;
  switch (type) {
    case 'ssh-rsa': {
      const e = r.bytes(16);
      const n = r.bytes(4096);
      if (!e || !n) return undefined;
      const bits = bitLength(n);
      key = { family: 'RSA', name: `RSA-${bits}`, bits };
      obj = nodeKey(() => nodeCrypto().createPublicKey({ key: { kty: 'RSA', n: b64url(unsigned(n)), e: b64url(unsigned(e)) }, format: 'jwk' }));
      break;
    }
    case 'ssh-dss': {
      const [p, q, g, y] = [r.bytes(2048), r.bytes(2048), r.bytes(2048), r.bytes(2048)];
      if (!p || !q || !g || !y) return undefined;
      const bits = bitLength(p);
      key = { family: 'DSA', name: `DSA-${bits}`, bits };
      obj = nodeKey(() => nodeCrypto().createPublicKey({ key: dsaSpki(p, q, g, y), format: 'der', type: 'spki' }));
      break;
    }
    case 'ssh-ed25519':
    case 'sk-ssh-ed25519@openssh.com': {
      const pk = r.bytes(64);
      if (!pk) return undefined;
      key = { family: 'EdDSA', name: 'Ed25519', curve: 'Ed25519', bits: 256 };
      if (pk.length === 32) obj = nodeKey(() => nodeCrypto().createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(pk) }, format: 'jwk' }));
      if (type.startsWith('sk-')) note = 'FIDO security key';
      break;
    }
    default: {
      const m = /^(?:sk-)?ecdsa-sha2-(nistp256|nistp384|nistp521)(?:@openssh\.com)?$/.exec(type);
      if (!m) {
        // An SSH certificate (`…-cert-v01@openssh.com`) or an algorithm we do not know: named, not read.
        key = { family: 'unknown', name: safeType(type) };
        break;
      }
      const c = CURVES[m[1]];
      const curve = r.text(16);
      const q = r.bytes(1024);
      if (curve !== m[1] || !q) return undefined;
      key = { family: 'EC', name: c.name, curve: c.crv, bits: c.bits };
      const jwk = ecJwk(c.crv, c.size, q);
      if (jwk) obj = nodeKey(() => nodeCrypto().createPublicKey({ key: jwk, format: 'jwk' }));
      if (type.startsWith('sk-')) note = 'FIDO security key';
    }
  }
  const fromNode = obj ? keyAlgorithm(obj) : undefined;
  return {
    key: fromNode && fromNode.family === key.family ? fromNode : key,
    sshFingerprint,
    ...(obj ? { publicKeyFingerprint: publicKeyFingerprint(obj) } : {}),
    ...(note ? { note } : {}),
  };
}

export interface OpenSshContainer {
  /** `none`, or the cipher of the private part (`aes256-ctr`). */
  cipher: string;
  keys: SshPublicKey[];
}

/** The public facts of an openssh-key-v1 container; an `error` when it is not one or is cut short. */
export function parseOpenSshPrivateKey(bytes: Uint8Array): OpenSshContainer | { error: string } {
  if (bytes.length < OPENSSH_MAGIC.length || Buffer.from(bytes.subarray(0, OPENSSH_MAGIC.length)).toString('latin1') !== OPENSSH_MAGIC) {
    return { error: 'not an openssh-key-v1 container' };
  }
  const r = new Wire(bytes);
  r.at = OPENSSH_MAGIC.length;
  const cipher = r.text(64);
  const kdf = r.text(64);
  const kdfOptions = r.bytes(1024);
  const n = r.u32();
  if (cipher === undefined || kdf === undefined || kdfOptions === undefined || n === undefined) return { error: 'the OpenSSH key container is cut short' };
  if (n < 1 || n > MAX_KEYS) return { error: `the OpenSSH key container says it holds ${n} keys` };
  const keys: SshPublicKey[] = [];
  for (let i = 0; i < n; i++) {
    const blob = r.bytes(16384);
    const k = blob ? parseSshPublicBlob(blob) : undefined;
    if (!k) return { error: 'the OpenSSH key container has an unreadable public key' };
    keys.push(k);
  }
  return { cipher: safeType(cipher), keys };
}

/** Key types an OpenSSH public key line starts with. */
const LINE_TYPE = /(?:^|[\s,"])((?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com|(?:ssh|ecdsa|sk)-[a-z0-9.-]{1,40}-cert-v01@openssh\.com))[ \t]+(AAAA[A-Za-z0-9+/]{8,16000}={0,2})(?![A-Za-z0-9+/=])/;

/** An OpenSSH public key on a line (`.pub`, `authorized_keys`: options may come first): offsets in the line and the key. */
export function sshPublicKeyOnLine(line: string): { start: number; end: number; key: SshPublicKey } | undefined {
  if (line.length > 20000) return undefined;
  const m = LINE_TYPE.exec(line);
  if (!m) return undefined;
  const blob = Buffer.from(m[2], 'base64');
  const k = parseSshPublicBlob(blob);
  // The blob must name the type the line names.
  const type = new Wire(blob).text(64);
  if (!k || type !== m[1]) return undefined;
  return { start: m.index + m[0].indexOf(m[1]), end: m.index + m[0].length, key: k };
}

/** Whether a path is an OpenSSH public key file (`id_ed25519.pub`) or an `authorized_keys` file. */
export function isSshPublicKeyFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return base.endsWith('.pub') || base === 'authorized_keys' || base === 'authorized_keys2';
}
