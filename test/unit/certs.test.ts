// Certificates and keys in the workspace (src/core/certs): certificates generated at run time by
// openssl (expired, expiring, not yet valid, RSA-1024, SHA-1, EC P-256, Ed25519, a chain, DER, a
// Kubernetes TLS Secret, PEM inside YAML and JSON, a corrupt block), found in each file's one analysis,
// evaluated against a pinned clock, and shown by the real CLI without a byte of key material.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/core/analysis/analyze';
import { discoverCertificates, discoverDer, goDurationHours } from '../../src/core/certs/discover';
import { addCertificates, evaluateWithCertificates } from '../../src/core/certs/evaluate';
import { isQuantumVulnerable, isWeakKey, looksPubliclyTrusted, maxPublicLifetimeDays, nistQuantumSecurityLevel } from '../../src/core/certs/policy';
import { evaluateOwnership } from '../../src/core/ownership/evaluate';
import { emptyRegister } from '../../src/core/ownership/register';
import { OwnershipState } from '../../src/core/ownership/state';
import { Engine } from '../../src/core/scan/engine';
import { CertFactory, days, type Issued } from './support/certs';
import { CLI, makeWorkspace } from './support/workspace';

const NOW = new Date('2026-06-01T12:00:00Z');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--now', NOW.toISOString()], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The base64 body lines of a PEM text: none of them may appear in any output. */
function bodyLines(pem: string): string[] {
  return pem.split('\n').filter((l) => l && !l.startsWith('-----'));
}

interface Entry { id: string; status: string; source: string; kind?: string; expires?: string; identityId?: string; problems: string[]; owners: { business?: string; technical?: string }; references: Array<{ path: string }>; certificate?: { commonName?: string; key: { name: string }; signature: { name: string; hash?: string }; selfSigned: boolean; ca: boolean }; certificateDefinition?: { kind: string; validityHours?: number } }
interface Finding { ruleId: string; path: string; severity: string; message: string; range: { start: { line: number } } }

describe('certificates', function () {
  this.timeout(120_000);
  let f: CertFactory;
  let certs: Record<string, Issued>;

  before(() => {
    f = new CertFactory();
    const root = f.issue({ cn: 'Hygiene Test Root', ca: true, key: 'ec:P-384', notBefore: days(NOW, -400), notAfter: days(NOW, 3000) });
    const intermediate = f.issue({ cn: 'Hygiene Test Intermediate', ca: true, key: 'ec:P-256', notBefore: days(NOW, -300), notAfter: days(NOW, 2000), issuer: root });
    certs = {
      root, intermediate,
      leaf: f.issue({ cn: 'shop.example.com', sans: ['shop.example.com', 'www.shop.example.com'], key: 'ec:P-256', notBefore: days(NOW, -30), notAfter: days(NOW, 60), issuer: intermediate }),
      expired: f.issue({ cn: 'old.internal', key: 'rsa:2048', notBefore: days(NOW, -400), notAfter: days(NOW, -3) }),
      expiring: f.issue({ cn: 'soon.internal', key: 'ec:P-256', notBefore: days(NOW, -80), notAfter: days(NOW, 10) }),
      future: f.issue({ cn: 'future.internal', key: 'ec:P-256', notBefore: days(NOW, 5), notAfter: days(NOW, 90) }),
      weak: f.issue({ cn: 'legacy.internal', key: 'rsa:1024', md: 'sha1', notBefore: days(NOW, -10), notAfter: days(NOW, 300) }),
      ed: f.issue({ cn: 'ed.internal', key: 'ed25519', notBefore: days(NOW, -10), notAfter: days(NOW, 300) }),
      // Issued after 15 March 2026 for a public name, valid a year: over the 200-day maximum.
      long: f.issue({ cn: 'api.example.org', sans: ['api.example.org'], key: 'ec:P-256', notBefore: days(NOW, -20), notAfter: days(NOW, 345), issuer: intermediate }),
    };
  });
  after(() => f.cleanup());

  describe('discovery and parsing', () => {
    it('reads a PEM chain: subject, issuer, SANs, serial, validity, algorithms, CA and self-signed', () => {
      const { leaf, intermediate, root } = certs;
      const facts = discoverCertificates(leaf.cert + intermediate.cert + root.cert, 'tls/chain.pem');
      assert.equal(facts.certificates.length, 3);
      assert.deepEqual(facts.certificates.map((c) => c.index), [0, 1, 2]);
      const [l, i, r] = facts.certificates.map((c) => c.info!);
      assert.equal(l.subject, 'CN=shop.example.com');
      assert.equal(l.issuer, 'CN=Hygiene Test Intermediate');
      assert.deepEqual(l.sans, ['shop.example.com', 'www.shop.example.com']);
      assert.match(l.serial, /^[0-9a-f]+$/);
      assert.equal(l.notAfter, new Date(days(NOW, 60).toISOString().slice(0, 19) + 'Z').toISOString());
      assert.deepEqual(l.key, { family: 'EC', name: 'EC P-256', curve: 'P-256', bits: 256 });
      assert.deepEqual(l.signature, { oid: '1.2.840.10045.4.3.2', name: 'ecdsa-with-SHA256', hash: 'SHA-256' });
      assert.equal(l.ca, false);
      assert.equal(l.selfSigned, false);
      assert.equal(i.ca, true);
      assert.equal(r.ca && r.selfSigned, true);
      assert.equal(r.key.name, 'EC P-384');
      assert.match(l.fingerprint, /^[0-9a-f]{64}$/);
      assert.equal(facts.certificates[0].range.start.line, 0);
    });

    it('reads RSA-1024 with a SHA-1 signature, and Ed25519', () => {
      const weak = discoverCertificates(certs.weak.cert, 'w.pem').certificates[0].info!;
      assert.deepEqual(weak.key, { family: 'RSA', name: 'RSA-1024', bits: 1024 });
      assert.equal(weak.signature.name, 'sha1WithRSAEncryption');
      assert.equal(weak.signature.hash, 'SHA-1');
      assert.ok(isWeakKey(weak.key));
      const ed = discoverCertificates(certs.ed.cert, 'e.pem').certificates[0].info!;
      assert.deepEqual(ed.key, { family: 'EdDSA', name: 'Ed25519', curve: 'Ed25519', bits: 256 });
      assert.equal(ed.signature.name, 'Ed25519');
      assert.ok(isQuantumVulnerable(ed.key));
    });

    it('reads a DER file, a base64 tls.crt in a Kubernetes Secret, PEM in YAML and in JSON strings', () => {
      const der = discoverDer(certs.expired.der, 'certs/old.der');
      assert.equal(der.certificates[0].encoding, 'der');
      assert.equal(der.certificates[0].info?.commonName, 'old.internal');

      const secret = `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: shop-tls\ndata:\n  tls.crt: ${Buffer.from(certs.leaf.cert + certs.intermediate.cert).toString('base64')}\n  tls.key: ${Buffer.from(certs.leaf.key).toString('base64')}\n`;
      const k8s = discoverCertificates(secret, 'k8s/tls.yaml');
      assert.deepEqual(k8s.certificates.map((c) => [c.encoding, c.key, c.info?.commonName, c.range.start.line]), [
        ['base64-pem', 'tls.crt', 'shop.example.com', 6], ['base64-pem', 'tls.crt', 'Hygiene Test Intermediate', 6],
      ]);
      assert.equal(k8s.keys.length, 1);
      assert.equal(k8s.keys[0].publicKeyFingerprint, k8s.certificates[0].info!.publicKeyFingerprint);

      const values = `ingress:\n  tls:\n    certificate: |\n${certs.expiring.cert.trimEnd().split('\n').map((l) => `      ${l}`).join('\n')}\n`;
      const yaml = discoverCertificates(values, 'helm/values.yaml');
      assert.deepEqual(yaml.certificates.map((c) => [c.key, c.info?.commonName, c.range.start.line]), [['certificate', 'soon.internal', 3]]);

      const json = JSON.stringify({ tls: { cert: certs.future.cert } }, null, 2);
      assert.ok(json.includes('\\n'));
      const js = discoverCertificates(json, 'config/tls.json');
      assert.deepEqual(js.certificates.map((c) => [c.key, c.info?.commonName]), [['cert', 'future.internal']]);
    });

    it('reports a corrupt or truncated block as unreadable, never throws', () => {
      const body = bodyLines(certs.ed.cert);
      const corrupt = `-----BEGIN CERTIFICATE-----\n${body[0].slice(0, 20)}!!!${body[0].slice(20)}\n-----END CERTIFICATE-----\n`;
      const truncated = `-----BEGIN CERTIFICATE-----\n${body[0]}\n-----END CERTIFICATE-----\n`;
      const open = `-----BEGIN CERTIFICATE-----\n${body.join('\n')}\n`;
      for (const text of [corrupt, truncated, open, '-----BEGIN CERTIFICATE-----', `x: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t${'A'.repeat(7)}`]) {
        const facts = discoverCertificates(text, 'bad.pem');
        assert.equal(facts.certificates.length, 1, text.slice(0, 40));
        assert.ok(facts.certificates[0].error && !facts.certificates[0].info, text.slice(0, 40));
        assert.ok(!facts.certificates[0].error.includes(body[0].slice(0, 16)));
      }
      assert.deepEqual(discoverDer(Buffer.from([0x30, 0x82, 0xff, 0xff, ...new Array(40).fill(1)]), 'x.der').certificates.map((c) => Boolean(c.error)), [true]);
      assert.equal(discoverDer(Buffer.from('GIF89a binary'), 'x.crt').certificates.length, 0);
    });

    it('stays bounded on hostile input (many BEGIN lines, a huge unterminated block)', () => {
      const many = '-----BEGIN CERTIFICATE-----\n'.repeat(5000);
      assert.ok(discoverCertificates(many, 'many.pem').certificates.length <= 500);
      const huge = `-----BEGIN CERTIFICATE-----\n${'QUJD'.repeat(200_000)}`;
      assert.equal(discoverCertificates(huge, 'huge.pem').certificates.length, 1);
    });

    it('finds Terraform tls_*_cert and cert-manager Certificate declarations', () => {
      const tf = `resource "tls_self_signed_cert" "web" {\n  private_key_pem = tls_private_key.web.private_key_pem\n  validity_period_hours = 87600\n  early_renewal_hours = 720\n  subject {\n    common_name = "web.internal"\n  }\n}\n\nresource "tls_locally_signed_cert" "svc" {\n  validity_period_hours = 8760\n}\n`;
      const t = discoverCertificates(tf, 'infra/tls.tf').definitions;
      assert.deepEqual(t.map((d) => [d.name, d.validityHours, d.renewBeforeHours, d.commonName, d.selfSigned, d.range.start.line]), [
        ['tls_self_signed_cert.web', 87600, 720, 'web.internal', true, 0], ['tls_locally_signed_cert.svc', 8760, undefined, undefined, false, 9],
      ]);
      const cm = `apiVersion: v1\nkind: ConfigMap\n---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: shop\nspec:\n  duration: 8760h0m0s\n  renewBefore: 360h\n  dnsNames: [shop.example.com]\n  issuerRef: { name: letsencrypt, kind: ClusterIssuer }\n---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: defaulted\nspec:\n  commonName: x.internal\n`;
      const c = discoverCertificates(cm, 'k8s/cert.yaml').definitions;
      assert.deepEqual(c.map((d) => [d.name, d.validityHours, d.renewBeforeHours, d.dnsNames, d.issuer, d.range.start.line]), [
        ['Certificate/shop', 8760, 15 * 24, ['shop.example.com'], 'letsencrypt', 3], ['Certificate/defaulted', 2160, undefined, undefined, undefined, 13],
      ]);
      assert.equal(goDurationHours('90m'), 1.5);
      assert.equal(goDurationHours('1d'), undefined);
    });

    it('the one analysis finds what a search of the whole text finds, though it searches only texts whose scan met a mark', () => {
      const secret = `apiVersion: v1\nkind: Secret\ndata:\n  tls.crt: ${Buffer.from(certs.leaf.cert).toString('base64')}\n`;
      const tf = 'resource "tls_locally_signed_cert" "svc" {\n  validity_period_hours = 8760\n}\n';
      const cm = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: shop\nspec:\n  duration: 8760h0m0s\n  dnsNames: [shop.example.com]\n  issuerRef: { name: letsencrypt, kind: ClusterIssuer }\n';
      const texts: Array<[string, string]> = [
        [certs.expired.cert + certs.expired.key, 'tls/old.pem'], [secret, 'k8s/tls.yaml'], [JSON.stringify({ cert: certs.future.cert }), 'config/tls.json'],
        [tf, 'infra/tls.tf'], [cm, 'k8s/cert.yaml'],
      ];
      // Comment lines: the YAML and Terraform around them still parse.
      const filler = '# a line of nothing in particular, compute(input, 42)\n';
      const engines = [new Engine({}), new Engine({ rules: [] })];
      for (const [body, file] of texts) {
        // Alone (a short text: the scan searches keyword by keyword), and inside 300 lines (the automaton).
        for (const text of [body, filler.repeat(150) + body + filler.repeat(150)]) {
          const searched = discoverCertificates(text, file);
          assert.ok(searched.certificates.length + searched.keys.length + searched.definitions.length > 0, file);
          for (const engine of engines) {
            assert.deepEqual(analyze(text, file, { engine, options: { references: false, certificates: true } }).certificates, searched, file);
          }
        }
      }
      // A text that holds no mark is not searched: what the scan met says so.
      assert.equal(new Engine({}).scan(filler.repeat(200), 'a.ts').marks, 0);
    });

    it('is part of the one analysis of a file (with references on), and only then', () => {
      const engine = new Engine({});
      const a = analyze(certs.leaf.cert, 'tls/leaf.pem', { engine, options: { references: true } });
      assert.equal(a.certificates?.certificates[0].info?.commonName, 'shop.example.com');
      assert.equal(analyze(certs.leaf.cert, 'tls/leaf.pem', { engine }).certificates, undefined);
      assert.equal(analyze('const x = 1;\n', 'a.ts', { engine, options: { references: true } }).certificates, undefined);
      // Plain data: it crosses from a worker by structured clone.
      assert.deepEqual(structuredClone(a.certificates), a.certificates);
    });
  });

  describe('policy', () => {
    it('knows the CA/Browser Forum maximum for each issue date', () => {
      assert.equal(maxPublicLifetimeDays(new Date('2026-03-14T23:59:59Z')), 398);
      assert.equal(maxPublicLifetimeDays(new Date('2026-03-15T00:00:00Z')), 200);
      assert.equal(maxPublicLifetimeDays(new Date('2027-03-15T00:00:00Z')), 100);
      assert.equal(maxPublicLifetimeDays(new Date('2029-03-15T00:00:00Z')), 47);
      assert.equal(maxPublicLifetimeDays(new Date('2019-01-01T00:00:00Z')), 825);
    });

    it('tells publicly-trusted-looking leaves from private, CA and self-signed certificates', () => {
      const info = (c: Issued) => discoverCertificates(c.cert, 'x.pem').certificates[0].info!;
      assert.equal(looksPubliclyTrusted(info(certs.leaf)), true);
      assert.equal(looksPubliclyTrusted(info(certs.intermediate)), false);
      assert.equal(looksPubliclyTrusted(info(certs.expired)), false); // self-signed, .internal
      assert.equal(nistQuantumSecurityLevel({ family: 'ML-DSA', name: 'ML-DSA-65' }), 3);
      assert.equal(nistQuantumSecurityLevel({ family: 'RSA', name: 'RSA-4096', bits: 4096 }), 0);
    });
  });

  describe('evaluation', () => {
    it('reports each rule once per certificate, with configurable severities; quantum-vulnerable only when asked', () => {
      const text = Object.values(certs).map((c) => c.cert).join('');
      const facts = discoverCertificates(text, 'bundle.pem');
      const base = evaluateOwnership({ register: emptyRegister(), references: [], now: NOW });
      const r = addCertificates(base, facts, NOW);
      const by = (id: string) => r.findings.filter((x) => x.ruleId === id).map((x) => x.message);
      assert.deepEqual(by('cert/expired'), ['Certificate old.internal expired on 2026-05-29 (3 days ago)']);
      assert.deepEqual(by('cert/expiring'), ['Certificate soon.internal expires on 2026-06-11 (in 10 days)']);
      assert.deepEqual(by('cert/not-yet-valid'), ['Certificate future.internal is not valid before 2026-06-06']);
      assert.deepEqual(by('crypto/weak-key'), ['Certificate legacy.internal has a weak key (RSA-1024: under 2048 bits)']);
      assert.deepEqual(by('crypto/weak-signature'), ['Certificate legacy.internal is signed with SHA-1 (sha1WithRSAEncryption)']);
      assert.deepEqual(by('cert/long-lived'), ['Certificate api.example.org is valid for 365 days; publicly-trusted TLS certificates issued on 2026-05-12 may last 200']);
      assert.deepEqual(by('crypto/quantum-vulnerable'), []);
      assert.equal(r.inventory.filter((e) => e.kind === 'certificate').length, 9);
      assert.equal(r.crypto?.readiness.certificates.quantumVulnerable, 9);

      const tuned = addCertificates(base, facts, NOW, { severities: { 'crypto/quantum-vulnerable': 'low', 'cert/expiring': false, 'cert/expired': 'critical' } });
      assert.equal(tuned.findings.filter((x) => x.ruleId === 'crypto/quantum-vulnerable').length, 9);
      assert.ok(tuned.findings.every((x) => x.ruleId !== 'cert/expiring'));
      assert.equal(tuned.findings.find((x) => x.ruleId === 'cert/expired')?.severity, 'critical');
      const window = addCertificates(base, facts, NOW, { expiringWithinDays: 5 });
      assert.ok(window.findings.every((x) => x.ruleId !== 'cert/expiring'));
    });

    it('matches register identities by path glob, common name or SAN; the identity needs no expiry of its own', () => {
      const state = new OwnershipState();
      state.updateFile('credentials.yaml', [
        'identities:',
        '  - id: shop-tls',
        '    match: ["www.shop.example.com"]',
        '    owners: { business: "group:shop", technical: "group:platform" }',
        '    purpose: TLS for the shop',
        '    environment: production',
        '  - id: internal-certs',
        '    match: ["certs/internal/*.pem"]',
        '    owners: { business: "group:infra", technical: "group:infra" }',
        '    purpose: internal TLS',
        '    environment: production',
      ].join('\n'));
      const files = [
        { path: 'tls/shop.pem', certificates: discoverCertificates(certs.leaf.cert, 'tls/shop.pem') },
        { path: 'certs/internal/soon.pem', certificates: discoverCertificates(certs.expiring.cert, 'certs/internal/soon.pem') },
      ];
      assert.deepEqual(state.evaluate(NOW, { referencesComplete: false }).findings.map((x) => x.ruleId), ['owner/incomplete', 'owner/incomplete']); // no expiry of their own
      const r = evaluateWithCertificates(state, files, NOW);
      assert.deepEqual(r.findings.map((x) => x.ruleId), ['cert/expiring']); // their certificates' dates are their expiry
      const entries = r.inventory.filter((e) => e.source === 'certificate');
      assert.deepEqual(entries.map((e) => [e.id, e.identityId, e.status, e.expires, e.owners.technical]), [
        ['cert:soon.internal@certs/internal/soon.pem', 'internal-certs', 'expiring', '2026-06-11', 'group:infra'],
        ['cert:shop.example.com@tls/shop.pem', 'shop-tls', 'ok', '2026-07-31', 'group:platform'],
      ]);
      assert.deepEqual(r.crypto?.readiness.byOwner.map((o) => [o.owner, o.certificates, o.quantumVulnerable]), [['group:infra', 1, 1], ['group:platform', 1, 1]]);
    });
  });

  describe('in the CLI', () => {
    let ws: { dir: string; cleanup(): void };
    before(() => {
      const { leaf, intermediate, expired, weak, ed } = certs;
      ws = makeWorkspace({
        'credentials.yaml': [
          'identities:',
          '  - id: shop-tls',
          '    match: ["shop.example.com", "k8s:Secret/shop-tls"]',
          '    owners: { business: "group:shop", technical: "group:platform" }',
          '    purpose: TLS for the shop',
          '    environment: production',
        ].join('\n') + '\n',
        'tls/shop.pem': leaf.cert + intermediate.cert,
        'tls/shop.key': leaf.key,
        'certs/old.der': expired.der,
        'legacy/legacy.pem': weak.cert,
        'k8s/tls.yaml': `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: shop-tls\n  labels: { owner: platform }\ndata:\n  tls.crt: ${Buffer.from(ed.cert).toString('base64')}\n`,
        'broken.pem': '-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n',
        'infra/tls.tf': 'resource "tls_self_signed_cert" "web" {\n  validity_period_hours = 87600\n}\n',
      });
      writeFileSync(path.join(ws.dir, '.credential-hygiene.json'), JSON.stringify({ ownership: { severities: { 'crypto/quantum-vulnerable': 'info' } } }));
    });
    after(() => ws.cleanup());

    it('scan reports the cert/* and crypto/* findings in their own section, apart from the ownership findings', () => {
      const r = cli(['scan', '.', '--format', 'json'], ws.dir);
      assert.equal(r.code, 1, r.stderr);
      const findings: Finding[] = JSON.parse(r.stdout).certificates.findings;
      assert.ok((JSON.parse(r.stdout).ownership.findings as Finding[]).every((x) => x.ruleId.startsWith('owner/')), 'each certificate finding once');
      const ids = (p: string) => findings.filter((x) => x.path === p).map((x) => x.ruleId).sort();
      assert.deepEqual(ids('certs/old.der'), ['cert/expired', 'crypto/quantum-vulnerable']);
      assert.deepEqual(ids('legacy/legacy.pem'), ['crypto/quantum-vulnerable', 'crypto/weak-key', 'crypto/weak-signature']);
      assert.deepEqual(ids('broken.pem'), ['cert/invalid']);
      assert.deepEqual(ids('tls/shop.pem'), ['crypto/quantum-vulnerable', 'crypto/quantum-vulnerable']);
      // The key is paired with its certificate, whose identity owns it: no "no owner" finding for it.
      assert.deepEqual(ids('tls/shop.key'), []);
      assert.equal(findings.find((x) => x.ruleId === 'crypto/quantum-vulnerable')?.severity, 'info');
      const secrets = JSON.parse(r.stdout).findings as Array<{ path: string }>;
      assert.ok(secrets.some((s) => s.path === 'tls/shop.key'), 'the private key is still a secret finding');
      for (const c of Object.values(certs)) for (const l of [...bodyLines(c.cert), ...bodyLines(c.key)]) assert.ok(!r.stdout.includes(l) && !r.stderr.includes(l));
    });

    it('inventory lists every certificate as an item of its own, the key with its certificate, the declarations too', () => {
      const r = cli(['inventory', '--format', 'json'], ws.dir);
      assert.equal(r.code, 0, r.stderr);
      const inv = JSON.parse(r.stdout);
      const entries: Entry[] = inv.identities;
      const certEntries = entries.filter((e) => e.source === 'certificate');
      assert.deepEqual(certEntries.map((e) => [e.id, e.status, e.identityId ?? null]), [
        ['cert:unreadable@broken.pem', 'no-owner', null],
        ['cert:old.internal@certs/old.der', 'expired', null],
        ['cert:ed.internal@k8s/tls.yaml', 'no-owner', null],
        ['cert:legacy.internal@legacy/legacy.pem', 'no-owner', null],
        ['cert:shop.example.com@tls/shop.pem', 'ok', 'shop-tls'],
        ['cert:Hygiene Test Intermediate@tls/shop.pem#1', 'no-owner', null],
        ['terraform:tls_self_signed_cert.web', 'no-owner', null],
      ]);
      const shop = certEntries.find((e) => e.identityId === 'shop-tls')!;
      assert.deepEqual(shop.references.map((x) => x.path), ['tls/shop.key']);
      assert.ok(!entries.some((e) => e.source === 'unregistered' && e.references.some((x) => x.path === 'tls/shop.key')));
      assert.equal(inv.crypto.keys.length, 1);
      assert.equal(inv.crypto.keys[0].certificate, shop.id);
      assert.equal(inv.crypto.readiness.certificates.total, 5);
      assert.equal(inv.crypto.readiness.certificates.unreadable, 1);
      assert.ok(inv.crypto.readiness.byOwner.some((o: { owner: string }) => o.owner === 'group:platform'));

      const text = cli(['inventory'], ws.dir);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /subject CN=shop\.example\.com · issuer CN=Hygiene Test Intermediate · valid \d{4}-\d{2}-\d{2} → 2026-07-31 \(60 days left\) · EC P-256, ecdsa-with-SHA256/);
      for (const c of Object.values(certs)) for (const l of [...bodyLines(c.cert), ...bodyLines(c.key)]) assert.ok(!text.stdout.includes(l) && !r.stdout.includes(l));
    });

    it('report --format json carries the cryptographic-readiness summary', () => {
      const r = cli(['report', '--format', 'json'], ws.dir);
      assert.equal(r.code, 0, r.stderr);
      const readiness = JSON.parse(r.stdout).cryptoReadiness;
      assert.equal(readiness.certificates.total, 5);
      assert.ok(readiness.byAlgorithm.some((a: { algorithm: string; quantumVulnerable: boolean }) => a.algorithm === 'RSA-1024' && a.quantumVulnerable));
      assert.deepEqual(readiness.byOwner.find((o: { owner: string }) => o.owner === 'group:platform'), { owner: 'group:platform', certificates: 1, keys: 0, quantumVulnerable: 1 });
      const section = JSON.parse(r.stdout).certificates;
      assert.deepEqual(section.expiryTimeline.map((p: { label: string; value: number }) => [p.label, p.value]), [
        ['expired', 1], ['within 30 days', 0], ['31-90 days', 1], ['91-180 days', 0], ['181-365 days', 2], ['over a year', 1],
      ]);
      assert.equal(section.rows[0].subject, 'CN=old.internal');

      const html = cli(['report', '--format', 'html', '--output', 'report.html'], ws.dir);
      assert.equal(html.code, 0, html.stderr);
      const page = readFileSync(path.join(ws.dir, 'report.html'), 'utf8');
      assert.match(page, /<h2 id="crypto-t">Cryptographic readiness<\/h2>\s*<p>5 of 5 certificates and 1 of 1 private keys use algorithms a quantum computer could break/);
      assert.match(page, /Certificate expiry/);
      assert.match(page, /Key algorithms/);
      for (const c of Object.values(certs)) for (const l of [...bodyLines(c.cert), ...bodyLines(c.key)]) assert.ok(!page.includes(l));
    });
  });
});
