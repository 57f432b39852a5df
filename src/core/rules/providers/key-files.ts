// Private keys committed as binary files: a PKCS#12 store (`.p12`, `.pfx`: a GCP service account's P12
// key, a client certificate with its key, an Android or Java signing key), a DER private key (`.key`,
// `.der`, `.p8`: an Apple push or App Store Connect `.p8` is PEM, so the PEM rules see those). The
// text rules never see them (the file is not text): the analysis reads the file's structure
// (certs/discover.ts) and the engine turns the private keys it holds into one finding per file
// (Engine.binaryFindings). A store or key protected by a passphrase is still a finding: stores are
// mostly exported under a default (`notasecret`, `changeit`, `android`) or one kept next to them; under
// a default one (certs/default-passwords.ts) it is as good as clear, and critical.
import { DER_EXTENSIONS, KEY_EXTENSIONS, PKCS12_OIDS } from '../../types/certificates';
import { nodeCrypto } from '../../node-crypto';
import type { SampleGen } from '../sample-gen';
import type { Rule, Sample } from '../types';

/** Never matches: these rules are found from the file's structure, not by a pattern. */
const NEVER = /(?!)/;
/** The binary files read for keys: those named as certs/discover.ts reads them (DER_EXTENSIONS, KEY_EXTENSIONS). */
const KEY_FILE_PATHS = new RegExp(`(?:${[...DER_EXTENSIONS, ...KEY_EXTENSIONS].map((e) => e.replace('.', '\\.')).join('|')})$`, 'i');
/**
 * Android's debug signing key: made on each developer's machine under the well-known password
 * `android`, it signs nothing that ships. Committed, it is a low finding.
 */
export const DEBUG_KEYSTORE = /(?:^|\/)debug\.keystore$/i;

// DER, enough to build the samples: tag, length, content.
function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(content);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}
const seq = (...c: Uint8Array[]) => tlv(0x30, ...c);
const int = (v: number) => tlv(0x02, Buffer.from([v]));
const octets = (...c: Uint8Array[]) => tlv(0x04, ...c);
const explicit0 = (...c: Uint8Array[]) => tlv(0xa0, ...c);
function oid(dotted: string): Uint8Array {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a * 40 + b];
  for (const v of rest) {
    const groups = [v & 0x7f];
    for (let x = v >>> 7; x > 0; x >>>= 7) groups.unshift((x & 0x7f) | 0x80);
    out.push(...groups);
  }
  return tlv(0x06, Buffer.from(out));
}
const {
  data: DATA, encryptedData: ENCRYPTED_DATA, keyBag: KEY_BAG, shroudedKeyBag: SHROUDED_KEY_BAG, certBag: CERT_BAG,
  x509Certificate: X509_CERTIFICATE, pbeWithSha1And3Des: PBE_SHA_3DES,
} = PKCS12_OIDS;

/** A fresh P-256 key (the samples' keys are real keys: the analysis parses them). */
function ecKey() {
  return nodeCrypto().generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}
const pkcs8Der = () => ecKey().export({ type: 'pkcs8', format: 'der' });

/** A PFX whose authenticated safe holds `parts` (ContentInfos). */
function pfx(...parts: Uint8Array[]): Buffer {
  return Buffer.from(seq(int(3), seq(oid(DATA), explicit0(octets(seq(...parts))))));
}
/** A ContentInfo of plain (`data`) SafeContents. */
const plainPart = (...bags: Uint8Array[]) => seq(oid(DATA), explicit0(octets(seq(...bags))));
/** A ContentInfo of encrypted SafeContents (as `openssl pkcs12 -export` writes the certificates: PBE, ciphertext). */
const encryptedPart = (g: SampleGen) => seq(oid(ENCRYPTED_DATA), explicit0(seq(int(0), seq(oid(DATA),
  seq(oid(PBE_SHA_3DES), seq(octets(Buffer.from(g.hex(16), 'hex')), int(8))),
  tlv(0x80, Buffer.from(g.hex(96), 'hex'))))));
const keyBag = (der: Uint8Array) => seq(oid(KEY_BAG), explicit0(der));
/** A key bag under a passphrase (EncryptedPrivateKeyInfo), as stores hold their keys; a random one unless given. */
const shroudedBag = (g: SampleGen, passphrase = g.alnum(12)) => seq(oid(SHROUDED_KEY_BAG),
  explicit0(ecKey().export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase })));
/** A cert bag whose certificate bytes are random (the store's key, not its certificate, is what the sample is about). */
const certBag = (g: SampleGen) => seq(oid(CERT_BAG), explicit0(seq(oid(X509_CERTIFICATE), explicit0(octets(Buffer.from(g.hex(64), 'hex'))))));

const binary = (path: string, bytes: Uint8Array): Sample => ({ path, bytes });

/**
 * A Java keystore (version 2) with `entries`: 1 = a private key and its chain, 2 = a trusted certificate;
 * sealed under `password` as keytool seals it (else its digest is random).
 */
function javaKeystore(g: SampleGen, entries: Array<1 | 2>, magic = 0xfeedfeed, password?: string): Buffer {
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v >>> 0);
    return b;
  };
  const utf = (s: string) => Buffer.concat([Buffer.from([s.length >> 8, s.length & 0xff]), Buffer.from(s)]);
  const cert = () => {
    const der = Buffer.from(g.hex(48), 'hex');
    return Buffer.concat([utf('X.509'), u32(der.length), der]);
  };
  const parts: Buffer[] = [u32(magic), u32(2), u32(entries.length)];
  entries.forEach((tag, i) => {
    parts.push(u32(tag), utf(`entry${i}`), Buffer.alloc(8));
    if (tag === 1) {
      const key = Buffer.from(g.hex(96), 'hex');
      parts.push(u32(key.length), key, u32(1), cert());
    } else parts.push(cert());
  });
  const body = Buffer.concat(parts);
  const digest = password === undefined ? Buffer.from(g.hex(20), 'hex')
    : nodeCrypto().createHash('sha1').update(Buffer.from(password, 'utf16le').swap16()).update('Mighty Aphrodite').update(body).digest();
  return Buffer.concat([body, digest]);
}

function keyFileRule(r: Pick<Rule, 'id' | 'description' | 'severity' | 'envName' | 'samples'>): Rule {
  return {
    ...r, provider: 'Private key', kind: 'certificate', confidence: 'high', keywords: [],
    paths: KEY_FILE_PATHS, structured: 'binary', regex: NEVER,
  };
}

/** What none of these rules reports: certificates, public keys, other binary files, keys written as text. */
function notKeys(g: SampleGen): Sample[] {
  const publicKey = ecKey();
  return [
    binary('certs/ca.der', seq(seq(int(2), seq(oid('1.2.840.10045.4.3.2'))), seq(oid('1.2.840.10045.4.3.2')), tlv(0x03, Buffer.from([0, ...Buffer.from(g.hex(64), 'hex')])))),
    binary('keys/public.der', nodeCrypto().createPublicKey(publicKey).export({ type: 'spki', format: 'der' })),
    binary('certs/chain.p12', pfx(plainPart(certBag(g)))),
    // Every part encrypted and no key bag in sight: the usual store of certificates only.
    binary('certs/trust.p12', pfx(encryptedPart(g))),
    binary('assets/logo.key', Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'latin1'), Buffer.from(g.hex(64), 'hex')])),
    binary('keys/random.der', Buffer.from(g.hex(256), 'hex')),
    // A truststore: certificates only.
    binary('src/main/resources/truststore.jks', javaKeystore(g, [2, 2])),
  ];
}

export const rules: Rule[] = [
  keyFileRule({
    id: 'private-key-default-password',
    description: 'Private key or key store under a well-known default password (as good as unprotected)',
    severity: 'critical',
    envName: 'PKCS12_KEYSTORE_BASE64',
    samples: {
      truePositives: (g) => [
        // A Google service account's P12 key (`notasecret`), a Java store left at `changeit`, a key exported under `password`.
        binary('credentials/service-account.p12', pfx(encryptedPart(g), plainPart(shroudedBag(g, 'notasecret')))),
        binary('src/main/resources/server.jks', javaKeystore(g, [1, 2], 0xfeedfeed, 'changeit')),
        binary('certs/server.p8', ecKey().export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: 'password' })),
      ],
      falsePositives: (g) => [
        ...notKeys(g),
        // Under a password of their own.
        binary('credentials/service-account.p12', pfx(encryptedPart(g), plainPart(shroudedBag(g)))),
        binary('src/main/resources/server.jks', javaKeystore(g, [1], 0xfeedfeed, g.password())),
      ],
    },
  }),
  keyFileRule({
    id: 'private-key-pkcs12',
    description: 'Private key in a PKCS#12 store (.p12, .pfx)',
    // As a passphrase-protected PEM key: the store's keys are nearly always under one.
    severity: 'high',
    envName: 'PKCS12_KEYSTORE_BASE64',
    samples: {
      truePositives: (g) => [
        binary('credentials/service-account.p12', pfx(encryptedPart(g), plainPart(shroudedBag(g)))),
        binary('certs/client.pfx', pfx(plainPart(keyBag(pkcs8Der()), certBag(g)))),
        binary('signing/release.p12', pfx(encryptedPart(g), plainPart(keyBag(pkcs8Der())))),
      ],
      falsePositives: notKeys,
    },
  }),
  keyFileRule({
    id: 'private-key-java-keystore',
    description: 'Private key in a Java keystore (JKS, JCEKS: .jks, .keystore)',
    // As a passphrase-protected PEM key; release keystores' passwords often sit in the same repository.
    severity: 'high',
    envName: 'KEYSTORE_BASE64',
    samples: {
      truePositives: (g) => [
        binary('app/release.jks', javaKeystore(g, [1])),
        binary('config/server.keystore', javaKeystore(g, [2, 1, 2])),
        binary('secrets/keys.jceks', javaKeystore(g, [1], 0xcececece)),
        // A keystore in PKCS#12 form under a Java name (what keytool writes since Java 9).
        binary('app/upload.jks', pfx(encryptedPart(g), plainPart(shroudedBag(g)))),
      ],
      falsePositives: notKeys,
    },
  }),
  keyFileRule({
    id: 'private-key-der',
    description: 'Private key in a binary DER file (PKCS#8, PKCS#1, SEC1)',
    severity: 'critical',
    envName: 'TLS_PRIVATE_KEY_BASE64',
    samples: {
      truePositives: () => [
        binary('certs/server.key', pkcs8Der()),
        binary('keys/device.der', ecKey().export({ type: 'sec1', format: 'der' })),
      ],
      falsePositives: notKeys,
    },
  }),
  keyFileRule({
    id: 'private-key-der-encrypted',
    description: 'Passphrase-protected private key in a binary DER file (encrypted PKCS#8)',
    severity: 'high',
    envName: 'TLS_PRIVATE_KEY_BASE64',
    samples: {
      truePositives: (g) => [
        binary('certs/server.p8', ecKey().export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: g.alnum(16) })),
      ],
      falsePositives: notKeys,
    },
  }),
];
