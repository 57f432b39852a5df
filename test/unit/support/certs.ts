// Certificates generated at run time for the certificate tests: keys and certificates made by the
// machine's openssl (tests may spawn it; the product never does), with chosen validity dates, key
// algorithms and signature hashes. Nothing here is committed key material.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export type KeySpec = 'rsa:1024' | 'rsa:2048' | 'ec:P-256' | 'ec:P-384' | 'ed25519';

export interface CertSpec {
  cn: string;
  /** DNS names (subjectAltName). */
  sans?: string[];
  /** Validity, as dates. */
  notBefore: Date;
  notAfter: Date;
  key?: KeySpec;
  /** Signature hash (ignored for Ed25519). */
  md?: 'sha1' | 'sha256' | 'md5';
  /** Issue as a CA (basicConstraints CA:TRUE). */
  ca?: boolean;
  /** Signed by this issuer; self-signed without one. */
  issuer?: Issued;
}

export interface Issued {
  cert: string;
  key: string;
  /** DER form of the certificate. */
  der: Buffer;
  /** Files in the generator's folder. */
  certFile: string;
  keyFile: string;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
}

export class CertFactory {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'ch-certs-'));
  private n = 0;

  constructor() {
    writeFileSync(path.join(this.dir, 'index.txt'), '');
    writeFileSync(path.join(this.dir, 'serial'), '1000\n');
    mkdirSync(path.join(this.dir, 'new'));
    writeFileSync(path.join(this.dir, 'ca.cnf'), [
      '[ca]', 'default_ca = local', '[local]', `dir = ${this.dir}`, 'database = $dir/index.txt', 'new_certs_dir = $dir/new',
      'serial = $dir/serial', 'policy = anything', 'copy_extensions = copy', 'unique_subject = no', 'default_md = sha256',
      '[anything]', 'commonName = supplied', '[leaf]', 'basicConstraints = CA:FALSE', '[ca_ext]', 'basicConstraints = critical,CA:TRUE',
      '[req]', 'distinguished_name = dn', '[dn]', '',
    ].join('\n'));
  }

  private openssl(args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, OPENSSL_CONF: path.join(this.dir, 'ca.cnf') } });
  }

  key(spec: KeySpec = 'ec:P-256'): string {
    const file = path.join(this.dir, `k${++this.n}.pem`);
    const [alg, param] = spec.split(':');
    if (alg === 'rsa') this.openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${param}`, '-out', file]);
    else if (alg === 'ec') this.openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${param}`, '-out', file]);
    else this.openssl(['genpkey', '-algorithm', 'ED25519', '-out', file]);
    return file;
  }

  issue(spec: CertSpec): Issued {
    const keyFile = this.key(spec.key);
    const n = ++this.n;
    const csr = path.join(this.dir, `r${n}.csr`);
    const certFile = path.join(this.dir, `c${n}.pem`);
    const san = spec.sans?.length ? ['-addext', `subjectAltName=${spec.sans.map((s) => (/^[\d.]+$/.test(s) ? `IP:${s}` : `DNS:${s}`)).join(',')}`] : [];
    this.openssl(['req', '-new', '-key', keyFile, '-subj', `/CN=${spec.cn}`, ...san, '-out', csr]);
    const md = spec.key === 'ed25519' ? [] : ['-md', spec.md ?? 'sha256'];
    const signer = spec.issuer ? ['-cert', spec.issuer.certFile, '-keyfile', spec.issuer.keyFile] : ['-selfsign', '-keyfile', keyFile];
    this.openssl(['ca', '-batch', '-config', path.join(this.dir, 'ca.cnf'), '-notext', '-in', csr, '-out', certFile, ...md, ...signer,
      '-extensions', spec.ca ? 'ca_ext' : 'leaf', '-startdate', stamp(spec.notBefore), '-enddate', stamp(spec.notAfter)]);
    const cert = readFileSync(certFile, 'utf8');
    const der = Buffer.from(cert.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
    return { cert, key: readFileSync(keyFile, 'utf8'), der, certFile, keyFile };
  }

  /** A PKCS#12 store of an issued certificate, with its key unless `keys: false`, under `password` (openssl's defaults: everything encrypted). */
  pkcs12(issued: Issued, password: string, opts: { keys?: boolean } = {}): Buffer {
    const out = path.join(this.dir, `s${++this.n}.p12`);
    const key = opts.keys === false ? ['-nokeys'] : ['-inkey', issued.keyFile];
    this.openssl(['pkcs12', '-export', '-in', issued.certFile, ...key, '-passout', `pass:${password}`, '-out', out]);
    return readFileSync(out);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const DAY = 86_400_000;
export function days(now: Date, n: number): Date {
  return new Date(now.getTime() + n * DAY);
}
