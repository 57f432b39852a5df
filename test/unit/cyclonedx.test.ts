// `inventory --format cyclonedx`: the real CLI on a workspace with certificates and keys generated at run
// time, a register and a hard-coded token planted at run time; the BOM is validated against the
// CycloneDX 1.6 schema by the official library's validator, and carries no value: fingerprints at most.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { buildCycloneDx, materialType } from '../../src/core/report/cyclonedx';
import type { InventoryReport } from '../../src/core/report/inventory';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { CertFactory, days } from './support/certs';
import { CLI, makeWorkspace } from './support/workspace';

const NOW = new Date('2026-06-01T12:00:00Z');

interface Component {
  type: string;
  name: string;
  'bom-ref': string;
  hashes?: Array<{ alg: string; content: string }>;
  properties?: Array<{ name: string; value: string }>;
  cryptoProperties: {
    assetType: string;
    algorithmProperties?: { nistQuantumSecurityLevel?: number; classicalSecurityLevel?: number; curve?: string; parameterSetIdentifier?: string };
    certificateProperties?: { subjectName: string; issuerName: string; notValidBefore: string; notValidAfter: string; signatureAlgorithmRef: string; subjectPublicKeyRef: string };
    relatedCryptoMaterialProperties?: { type: string; id?: string; state?: string; expirationDate?: string; algorithmRef?: string; size?: number };
  };
}

function validate(json: string): Promise<unknown> {
  return new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(json);
}

const prop = (c: Component, name: string) => c.properties?.filter((p) => p.name === `credential-hygiene:${name}`).map((p) => p.value);

describe('CycloneDX inventory', function () {
  this.timeout(120_000);
  let f: CertFactory;
  let ws: { dir: string; cleanup(): void };
  let token: string;
  let material: string[];

  before(() => {
    f = new CertFactory();
    const ca = f.issue({ cn: 'BOM Test CA', ca: true, key: 'rsa:2048', notBefore: days(NOW, -100), notAfter: days(NOW, 1000) });
    const shop = f.issue({ cn: 'shop.example.com', sans: ['shop.example.com'], key: 'ec:P-256', notBefore: days(NOW, -10), notAfter: days(NOW, 80), issuer: ca });
    const weak = f.issue({ cn: 'legacy.internal', key: 'rsa:1024', md: 'sha1', notBefore: days(NOW, -400), notAfter: days(NOW, -1) });
    token = new SampleGen(11).checksummedToken('ghp_');
    material = [shop, weak, ca].flatMap((c) => [...c.cert.split('\n'), ...c.key.split('\n')]).filter((l) => l.length > 20 && !l.startsWith('-----'));
    ws = makeWorkspace({
      'credentials.yaml': [
        'identities:',
        '  - id: shop-tls',
        '    kind: certificate',
        '    match: ["shop.example.com"]',
        '    owners: { business: "group:shop", technical: "group:platform" }',
        '    purpose: TLS for the shop',
        '    environment: production',
        '  - id: payments-api',
        '    kind: api_key',
        '    match: ["PAYMENTS_API_KEY"]',
        '    owners: { business: "group:payments", technical: "group:payments-eng" }',
        '    purpose: charges cards',
        '    environment: production',
        '    expires: 2026-09-30',
        '    rotation: P90D',
        '    lastRotated: 2026-04-01',
      ].join('\n') + '\n',
      'tls/shop.pem': shop.cert + ca.cert,
      'tls/shop.key': shop.key,
      'legacy/legacy.der': weak.der,
      'app/pay.ts': 'const key = process.env.PAYMENTS_API_KEY;\n',
      'tools/release.py': `GITHUB_TOKEN = "${token}"\n`,
    });
  });
  after(() => {
    ws.cleanup();
    f.cleanup();
  });

  it('writes a CycloneDX 1.6 BOM that the library validates against the 1.6 schema', async () => {
    const r = spawnSync(process.execPath, [CLI, 'inventory', '--format', 'cyclonedx', '--now', NOW.toISOString()], { cwd: ws.dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(await validate(r.stdout), null);
    const bom = JSON.parse(r.stdout) as { specVersion: string; bomFormat: string; metadata: { timestamp: string; tools: { components: Array<{ name: string }> } }; components: Component[] };
    assert.equal(bom.bomFormat, 'CycloneDX');
    assert.equal(bom.specVersion, '1.6');
    assert.equal(bom.metadata.timestamp, NOW.toISOString());
    assert.equal(bom.metadata.tools.components[0].name, 'credential-hygiene');
    const byRef = new Map(bom.components.map((c) => [c['bom-ref'], c]));
    for (const c of bom.components) assert.equal(c.type, 'cryptographic-asset');

    // Certificates: certificateProperties, refs to their signature algorithm and public key, the fingerprint as hash.
    const shop = bom.components.find((c) => c.name === 'shop.example.com')!;
    const cp = shop.cryptoProperties.certificateProperties!;
    assert.equal(shop.cryptoProperties.assetType, 'certificate');
    assert.equal(cp.subjectName, 'CN=shop.example.com');
    assert.equal(cp.issuerName, 'CN=BOM Test CA');
    assert.equal(cp.notValidAfter, days(NOW, 80).toISOString().replace('.000Z', 'Z'));
    assert.equal(byRef.get(cp.signatureAlgorithmRef)?.name, 'sha256WithRSAEncryption');
    const pub = byRef.get(cp.subjectPublicKeyRef)!;
    assert.equal(pub.cryptoProperties.relatedCryptoMaterialProperties?.type, 'public-key');
    assert.equal(byRef.get(pub.cryptoProperties.relatedCryptoMaterialProperties!.algorithmRef!)?.cryptoProperties.algorithmProperties?.curve, 'P-256');
    assert.match(shop.hashes![0].content, /^[0-9a-f]{64}$/);
    assert.deepEqual(prop(shop, 'owner:business'), ['group:shop']);
    assert.deepEqual(prop(shop, 'identity'), ['shop-tls']);

    // Algorithms, with their NIST quantum security level (0: broken by a quantum computer).
    const rsa1024 = bom.components.find((c) => c.name === 'RSA-1024')!;
    assert.equal(rsa1024.cryptoProperties.assetType, 'algorithm');
    assert.equal(rsa1024.cryptoProperties.algorithmProperties?.nistQuantumSecurityLevel, 0);
    assert.equal(rsa1024.cryptoProperties.algorithmProperties?.classicalSecurityLevel, 80);
    const legacy = bom.components.find((c) => c.name === 'legacy.internal')!;
    assert.equal(byRef.get(legacy.cryptoProperties.certificateProperties!.signatureAlgorithmRef)?.name, 'sha1WithRSAEncryption');
    assert.deepEqual(prop(legacy, 'status'), ['expired']);

    // Credentials: register identities, and the hard-coded token with its fingerprint, never its value.
    const pay = byRef.get('credential:payments-api')!;
    assert.deepEqual(pay.cryptoProperties.relatedCryptoMaterialProperties, { type: 'secret-key', id: 'payments-api', state: 'active', expirationDate: '2026-09-30T00:00:00Z', updateDate: '2026-04-01T00:00:00Z' });
    assert.deepEqual(prop(pay, 'owner:technical'), ['group:payments-eng']);
    assert.deepEqual(prop(pay, 'purpose'), ['charges cards']);
    assert.deepEqual(prop(pay, 'environment'), ['production']);
    assert.deepEqual(prop(pay, 'rotation'), ['P90D']);
    assert.deepEqual(prop(pay, 'reference'), ['app/pay.ts:1 (env-read)']);
    const literal = bom.components.find((c) => c.cryptoProperties.relatedCryptoMaterialProperties?.state === 'compromised' && prop(c, 'rule')?.length)!;
    assert.equal(literal.cryptoProperties.relatedCryptoMaterialProperties?.type, 'token');
    assert.match(prop(literal, 'fingerprint')![0], /^v2:[0-9a-f]{32}$/);
    assert.deepEqual(prop(literal, 'status'), ['no-owner']);

    // The private key: paired with its certificate, described by algorithm and size.
    const key = bom.components.find((c) => c.cryptoProperties.relatedCryptoMaterialProperties?.type === 'private-key')!;
    assert.deepEqual(prop(key, 'certificate'), ['cert:shop.example.com@tls/shop.pem']);
    assert.equal(key.cryptoProperties.relatedCryptoMaterialProperties?.size, 256);

    // Never a value: not the token, not a line of any key or certificate.
    assert.ok(!r.stdout.includes(token));
    assert.ok(!r.stdout.includes(token.slice(4, 20)));
    for (const l of material) assert.ok(!r.stdout.includes(l));
  });

  it('builds a valid BOM from an empty inventory, and maps credential kinds', async () => {
    const inv: InventoryReport = {
      tool: 'credential-hygiene', version: '0.0.0', root: '/tmp/x', generatedAt: NOW.toISOString(),
      register: { path: 'credentials.yaml', found: false, issues: [] },
      summary: { entries: 0, byStatus: { ok: 0, expiring: 0, expired: 0, overdue: 0, incomplete: 0, 'no-owner': 0, retired: 0 }, references: 0 },
      identities: [],
    };
    assert.equal(await validate(buildCycloneDx(inv)), null);
    assert.deepEqual(['token', 'password', 'database_credential', 'api_key', 'ssh_key', 'service_account', undefined].map(materialType),
      ['token', 'password', 'password', 'secret-key', 'private-key', 'credential', 'credential']);
  });
});
