// What the certificate engine (src/core/certs) knows about the certificates and keys in a file: plain data (it crosses
// from a scan worker by structured clone, and goes into reports), never key material: names, dates,
// algorithms and SHA-256 fingerprints only.
import type { Range } from './range';

export type KeyFamily = 'RSA' | 'RSA-PSS' | 'DSA' | 'EC' | 'EdDSA' | 'DH' | 'ECDH' | 'ML-DSA' | 'ML-KEM' | 'unknown';

export interface KeyAlgorithm {
  family: KeyFamily;
  /** `RSA-2048`, `EC P-256`, `Ed25519`. */
  name: string;
  /** Modulus length (RSA, DSA, DH) or field size (EC, EdDSA). */
  bits?: number;
  /** Named curve (EC, EdDSA, ECDH): `P-256`, `Ed25519`. */
  curve?: string;
}

export interface SignatureAlgorithm {
  /** Dotted OID, when it could be read. */
  oid?: string;
  /** `sha256WithRSAEncryption`, or the OID when it is not one we know. */
  name: string;
  /** The hash it signs with: `SHA-256`, `SHA-1`, `MD5`. */
  hash?: string;
}

export interface CertificateInfo {
  /** Distinguished names as Node prints them (`CN=api.example.com`, one attribute a line joined with `, `). */
  subject: string;
  issuer: string;
  /** Subject common name, when there is one. */
  commonName?: string;
  /** Subject alternative names without their type (`api.example.com`, `10.0.0.1`). */
  sans: string[];
  serial: string;
  /** ISO date-times. */
  notBefore: string;
  notAfter: string;
  key: KeyAlgorithm;
  signature: SignatureAlgorithm;
  selfSigned: boolean;
  ca: boolean;
  /** SHA-256 of the DER certificate (lowercase hex). */
  fingerprint: string;
  /** SHA-256 of the DER SubjectPublicKeyInfo (lowercase hex): pairs a certificate with its private key. */
  publicKeyFingerprint: string;
}

/** Where a certificate was written and how. */
export type CertificateEncoding = 'pem' | 'der' | 'base64-pem' | 'pkcs12' | 'java-keystore';

export interface Located {
  /** Workspace-relative POSIX path. */
  path: string;
  range: Range;
  offset: { start: number; end: number };
}

export interface FoundCertificate extends Located {
  encoding: CertificateEncoding;
  /** Position in its bundle (0: the first certificate of the file or block). */
  index: number;
  /** The key it sits under, when the file says (`tls.crt`, `ca.crt`, `certificate`). */
  key?: string;
  info?: CertificateInfo;
  /** Why it could not be read (corrupt base64, not a certificate...). */
  error?: string;
}

/** How a key is stored. */
export type KeyFormat = 'PKCS#8' | 'PKCS#1' | 'SEC1' | 'DSA' | 'OpenSSH' | 'PKCS#12' | 'JKS' | 'JCEKS' | 'OpenSSH public key';

export interface FoundKey extends Located {
  /** `family: 'unknown'` when it cannot be seen (an encrypted PKCS#8 key or PKCS#12 store, an unreadable container). */
  key: KeyAlgorithm;
  /** SHA-256 of the DER SubjectPublicKeyInfo: pairs the key with its certificate. Absent when the public half cannot be read. */
  publicKeyFingerprint?: string;
  /** OpenSSH's `SHA256:…` fingerprint of an SSH key (what `ssh-keygen -l` prints). */
  sshFingerprint?: string;
  format?: KeyFormat;
  /** Protected by a passphrase (never tried). */
  encrypted?: boolean;
  /** Encrypted, but under a well-known default password (`changeit`, `notasecret`, `android`…): as good as clear. Which one is never kept. */
  defaultPassword?: boolean;
  /** The cipher or scheme, when the file names it (`aes256-ctr`, `AES-128-CBC`, `PBES2`). */
  encryption?: string;
  /** What could not be seen, in words (`algorithm not visible: PKCS#8 encrypts it`, `PKCS#12 store, contents encrypted`). */
  note?: string;
  /** A public key (an OpenSSH `.pub` file, an `authorized_keys` line): inventory only, never a finding. */
  public?: boolean;
  /**
   * A PKCS#12 store whose parts are all encrypted, with no key bag in sight: whether it holds a private
   * key cannot be seen (the usual such store holds certificates only). Listed, never a finding.
   */
  unseen?: boolean;
  /** Why the container could not be read (corrupt, truncated). */
  error?: string;
}

/** A certificate declared rather than written: Terraform `tls_*_cert`, cert-manager `Certificate`. */
export interface CertificateDefinition extends Located {
  kind: 'terraform' | 'cert-manager';
  /** `tls_self_signed_cert.web`, `Certificate/api-tls`. */
  name: string;
  /** Validity period in hours (Terraform `validity_period_hours`, cert-manager `duration`; cert-manager's default is 90 days). */
  validityHours?: number;
  /** Hours before expiry it is renewed (Terraform `early_renewal_hours`, cert-manager `renewBefore`). */
  renewBeforeHours?: number;
  commonName?: string;
  dnsNames?: string[];
  /** cert-manager `issuerRef.name`. */
  issuer?: string;
  selfSigned?: boolean;
}

export interface CertificateFacts {
  certificates: FoundCertificate[];
  /** Private keys (their public half's fingerprint and algorithm, never the key). */
  keys: FoundKey[];
  definitions: CertificateDefinition[];
}

/** A certificate declaration as an inventory entry shows it (no location: the entry's `declaredAt` has it). */
export type DefinitionFacts = Omit<CertificateDefinition, 'path' | 'range' | 'offset'>;

/** A private key in the inventory: where, which algorithm, and whose (through its certificate or a register identity). */
export interface InventoryKey extends FoundKey {
  /** The inventory entry of the certificate with the same public key. */
  certificate?: string;
  /** Accountable owner (technical, else business), when known. */
  owner?: string;
  quantumVulnerable: boolean;
  weak: boolean;
}

/** How ready the workspace's cryptography is for quantum-capable attackers, and for shorter certificate lifetimes. */
export interface CryptoReadiness {
  certificates: { total: number; quantumVulnerable: number; weak: number; expired: number; expiring: number; unreadable: number };
  /** Private keys (public keys are inventory only); `encrypted`: protected by a passphrase, the algorithm possibly unknown. */
  keys: { total: number; quantumVulnerable: number; weak: number; encrypted: number };
  /** Key algorithms (`RSA-2048`, `EC P-256`), most used first. */
  byAlgorithm: Array<{ algorithm: string; certificates: number; keys: number; quantumVulnerable: boolean }>;
  /** Signature algorithms of the certificates. */
  bySignature: Array<{ algorithm: string; certificates: number; weak: boolean }>;
  /** Per accountable owner (`(no owner)` for the rest): how many keys and certificates must migrate. */
  byOwner: Array<{ owner: string; certificates: number; keys: number; quantumVulnerable: number }>;
}

export interface CryptoInventory {
  keys: InventoryKey[];
  readiness: CryptoReadiness;
}

/** Extensions of files that may hold a DER certificate. */
export const DER_EXTENSIONS = ['.der', '.cer', '.crt'] as const;
/** Extensions of Java keystores (JKS, JCEKS, or PKCS#12 under a Java name). */
export const JAVA_KEYSTORE_EXTENSIONS = ['.jks', '.keystore', '.jceks', '.truststore'] as const;
/** Extensions of binary key files: DER private keys, PKCS#12 stores, Java keystores. */
export const KEY_EXTENSIONS = ['.key', '.p8', '.pk8', '.p12', '.pfx', ...JAVA_KEYSTORE_EXTENSIONS] as const;

/** Whether `path` ends in one of `extensions` (any case). */
export function hasExtension(path: string, extensions: readonly string[]): boolean {
  const lower = path.toLowerCase();
  return extensions.some((e) => lower.endsWith(e));
}

/** The object identifiers of a PKCS#12 store's parts and bags (RFC 7292), and of the PBE scheme it mostly uses. */
export const PKCS12_OIDS = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  envelopedData: '1.2.840.113549.1.7.3',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  pbeWithSha1And3Des: '1.2.840.113549.1.12.1.3',
} as const;
