// `credential-hygiene sync` and syncRegister against the real registry server process (127.0.0.1, a
// real SQLite file): pull into credentials.yaml keeping comments, push, conflicts, dry runs, orphaned
// identities, and a registry that is down.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as http from 'node:http';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { parse } from 'yaml';
import { RegistryClient } from '../../src/core/registry/client';
import { syncRegister, syncStatePath, type SyncOptions } from '../../src/core/registry/sync';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { CLI, makeWorkspace } from './support/workspace';
import { makeToken, ServerProcess } from './registry-support';

const REGISTER = [
  '# Credentials of the checkout service (this comment must survive syncs)',
  'identities:',
  '  - id: stripe-live # the live key',
  '    kind: api_key',
  '    provider: Stripe',
  '    purpose: Charges cards # why it exists',
  '    owners:',
  '      technical: group:payments',
  '    match:',
  '      - STRIPE_SECRET_KEY',
  '  - id: aws-ci',
  '    provider: AWS',
  '    owners:',
  '      technical: group:platform',
  '',
].join('\n');

function runCli(args: string[], env: Record<string, string | undefined>, cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CREDENTIAL_HYGIENE_REGISTRY_URL: undefined, CREDENTIAL_HYGIENE_REGISTRY_TOKEN: undefined, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe('registry sync against the real server', function () {
  this.timeout(60_000);
  let ws: ReturnType<typeof makeWorkspace>;
  let server: ServerProcess;
  let token = '';
  let admin: RegistryClient;
  let file: string;
  let env: Record<string, string>;
  const read = () => readFileSync(file, 'utf8');
  const sync = (o: Partial<SyncOptions> = {}) => syncRegister({
    registerFile: file, registryUrl: server.url, client: new RegistryClient({ baseUrl: server.url, token, source: 'cli', retries: 0 }), ...o,
  });

  before(async () => {
    ws = makeWorkspace({ 'credentials.yaml': REGISTER, 'data/.keep': '' });
    const db = path.join(ws.dir, 'data', 'registry.db');
    token = makeToken(db, 'sync-admin', 'admin');
    server = new ServerProcess(db);
    await server.start();
    admin = new RegistryClient({ baseUrl: server.url, token, source: 'api', retries: 0 });
    file = path.join(ws.dir, 'credentials.yaml');
    env = { CREDENTIAL_HYGIENE_REGISTRY_URL: server.url, SYNC_TOKEN: token };
  });

  after(async () => {
    await server?.stop();
    ws?.cleanup();
  });

  it('without a registry URL exits 2 with a clear message', () => {
    const r = runCli(['sync'], {}, ws.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no registry URL: pass --registry <url> or set CREDENTIAL_HYGIENE_REGISTRY_URL/);
    assert.equal(read(), REGISTER);
  });

  it('sync --push creates the local identities in the registry (without `match`) and records the sync state', async () => {
    const r = runCli(['sync', '--push', '--token-env', 'SYNC_TOKEN'], env, ws.dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /stripe-live: create in the registry/);
    assert.ok(!r.stdout.includes(token) && !r.stderr.includes(token));
    const got = await admin.get('stripe-live');
    assert.equal(got?.value.purpose, 'Charges cards');
    assert.deepEqual(got?.value.owners, { technical: 'group:payments' });
    assert.equal(got?.value.match, undefined);
    assert.equal((await admin.events('stripe-live'))[0].source, 'cli');
    const state = JSON.parse(readFileSync(syncStatePath(file), 'utf8'));
    assert.equal(state.identities['aws-ci'].etag, '"1"');
    assert.ok(!readFileSync(syncStatePath(file), 'utf8').includes(token));
    assert.equal(read(), REGISTER);
  });

  it('pulls a remote change into credentials.yaml, keeping every comment', async () => {
    const cur = (await admin.get('stripe-live'))!;
    await admin.patch('stripe-live', { purpose: 'Charges cards at checkout', owners: { technical: 'group:checkout' } }, cur.etag);
    const result = await sync();
    assert.deepEqual(result.conflicts, []);
    assert.deepEqual(result.actions.find((a) => a.id === 'stripe-live')?.fields.map((f) => f.field), ['owners.technical', 'purpose']);
    const text = read();
    assert.equal(text, REGISTER.replace('purpose: Charges cards #', 'purpose: Charges cards at checkout #').replace('technical: group:payments', 'technical: group:checkout'));
    assert.match(text, /# the live key/);
    assert.match(text, /# why it exists/);
    // Registry untouched by a pull.
    assert.equal((await admin.get('stripe-live'))?.value.version, 2);
    // A second sync has nothing to do.
    const again = await sync();
    assert.ok(again.actions.every((a) => a.kind === 'unchanged'));
  });

  it('a local change waits for --push, then is PATCHed with If-Match', async () => {
    writeFileSync(file, read().replace('    provider: AWS\n', '    provider: AWS\n    purpose: Deploys from CI\n'));
    const pending = await sync();
    assert.equal(pending.actions.find((a) => a.id === 'aws-ci')?.kind, 'pending-push');
    assert.equal((await admin.get('aws-ci'))?.value.purpose, undefined);
    const pushed = await sync({ push: true });
    assert.equal(pushed.actions.find((a) => a.id === 'aws-ci')?.kind, 'push');
    const remote = (await admin.get('aws-ci'))!;
    assert.equal(remote.value.purpose, 'Deploys from CI');
    assert.equal(remote.value.version, 2);
    assert.deepEqual((await admin.events('aws-ci')).filter((e) => e.version === 2).map((e) => [e.field, e.from, e.to, e.source]), [['purpose', null, 'Deploys from CI', 'cli']]);
  });

  it('a real conflict is reported (field, both values), exits 1, and neither side is overwritten', async () => {
    const before = read().replace('purpose: Charges cards at checkout', 'purpose: Mine');
    writeFileSync(file, before);
    const cur = (await admin.get('stripe-live'))!;
    await admin.patch('stripe-live', { purpose: 'Theirs' }, cur.etag);
    const stateBefore = readFileSync(syncStatePath(file), 'utf8');
    const r = runCli(['sync', '--push', '--token-env', 'SYNC_TOKEN'], env, ws.dir);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /CONFLICT stripe-live purpose: mine "Mine", registry "Theirs" \(last synced "Charges cards at checkout"\)/);
    assert.equal(read(), before);
    const after = (await admin.get('stripe-live'))!;
    assert.equal(after.value.purpose, 'Theirs');
    assert.equal(after.value.version, cur.value.version + 1);
    assert.deepEqual(JSON.parse(readFileSync(syncStatePath(file), 'utf8')).identities['stripe-live'], JSON.parse(stateBefore).identities['stripe-live']);
    const json = JSON.parse(runCli(['sync', '--format', 'json', '--token-env', 'SYNC_TOKEN'], env, ws.dir).stdout);
    assert.deepEqual(json.conflicts, [{ id: 'stripe-live', field: 'purpose', base: 'Charges cards at checkout', local: 'Mine', remote: 'Theirs' }]);
    // "Take the registry's": the register gets the registry's value, comments kept.
    const taken = runCli(['sync', '--take-registry', 'stripe-live', '--token-env', 'SYNC_TOKEN'], env, ws.dir);
    assert.equal(taken.code, 0, taken.stdout + taken.stderr);
    assert.equal(read(), before.replace('purpose: Mine #', 'purpose: Theirs #'));
    assert.deepEqual((await sync()).conflicts, []);
  });

  it('"keep mine and push" settles a conflict the other way; a value that looks like a credential is never shown', async () => {
    const secret = new SampleGen(77).checksummedToken('ghp_');
    const cur = (await admin.get('stripe-live'))!;
    await admin.patch('stripe-live', { purpose: 'Registry text' }, cur.etag);
    writeFileSync(file, read().replace('purpose: Theirs', `purpose: ${secret}`));
    const r = runCli(['sync', '--format', 'json', '--token-env', 'SYNC_TOKEN'], env, ws.dir);
    assert.equal(r.code, 1);
    assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret.slice(4, 24)), 'a secret reached the output');
    assert.match(r.stdout, /redacted: looks like a credential/);
    // The registry refuses it (422) when kept and pushed: reported, never stored, never printed.
    const refused = runCli(['sync', '--keep-mine', 'stripe-live', '--push', '--token-env', 'SYNC_TOKEN'], env, ws.dir);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /stripe-live: push failed: .*422/);
    assert.ok(!refused.stdout.includes(secret) && !refused.stderr.includes(secret));
    assert.ok(!readFileSync(syncStatePath(file), 'utf8').includes(secret));
    writeFileSync(file, read().replace(`purpose: ${secret}`, 'purpose: Mine wins'));
    const kept = await sync({ push: true, resolve: { 'stripe-live': 'mine' } });
    assert.deepEqual(kept.conflicts, []);
    assert.equal((await admin.get('stripe-live'))?.value.purpose, 'Mine wins');
    assert.ok((await sync()).actions.every((a) => a.kind === 'unchanged'));
  });

  it('--dry-run changes nothing anywhere and prints what it would do', async () => {
    const cur = (await admin.get('aws-ci'))!;
    await admin.patch('aws-ci', { system: 'delivery' }, cur.etag);
    writeFileSync(file, read().replace('    provider: Stripe\n', '    provider: Stripe\n    environment: production\n'));
    const text = read();
    const state = readFileSync(syncStatePath(file), 'utf8');
    const r = runCli(['sync', '--push', '--dry-run', '--token-env', 'SYNC_TOKEN'], env, ws.dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /dry run: nothing changed/);
    assert.match(r.stdout, /aws-ci: would pull\n\s+system: \(not set\) -> "delivery"/);
    assert.match(r.stdout, /stripe-live: would push\n\s+environment: \(not set\) -> "production"/);
    assert.equal(read(), text);
    assert.equal(readFileSync(syncStatePath(file), 'utf8'), state);
    assert.equal((await admin.get('stripe-live'))?.value.environment, undefined);
    assert.equal((await admin.get('aws-ci'))?.value.version, cur.value.version + 1);
    // The real run does both.
    const done = await sync({ push: true });
    assert.deepEqual(done.actions.filter((a) => a.kind !== 'unchanged').map((a) => [a.id, a.kind]).sort(), [['aws-ci', 'pull'], ['stripe-live', 'push']]);
    assert.equal(parse(read()).identities[1].system, 'delivery');
    assert.equal((await admin.get('stripe-live'))?.value.environment, 'production');
  });

  it('reports identities the registry retired and owners it does not know as orphaned (exit 1)', async () => {
    await admin.retire('aws-ci');
    writeFileSync(file, read() + '  - id: github-deploy\n    provider: GitHub\n    owners:\n      technical: group:ghosts\n');
    const r = runCli(['sync', '--token-env', 'SYNC_TOKEN'], env, ws.dir);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /orphaned "aws-ci" is retired in the registry/);
    assert.match(r.stdout, /orphaned "github-deploy": the registry knows no owner group:ghosts/);
    assert.match(r.stdout, /github-deploy: not in the registry \(sync --push creates it\)/);
    const result = await sync();
    assert.deepEqual(result.orphans.map((o) => [o.id, o.reason]), [['aws-ci', 'retired'], ['github-deploy', 'unknown-owner']]);
  });

  it('a registry that is down: a clear message, exit 2, local files untouched', async () => {
    const text = read();
    const state = readFileSync(syncStatePath(file), 'utf8');
    const port = await freePort();
    const r = runCli(['sync', '--push', '--registry', `http://127.0.0.1:${port}`], env, ws.dir);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /the registry at http:\/\/127\.0\.0\.1:\d+ cannot be reached; nothing was changed/);
    assert.equal(read(), text);
    assert.equal(readFileSync(syncStatePath(file), 'utf8'), state);
    // A wrong token: exit 2 too, the token never printed.
    const bad = runCli(['sync', '--token-env', 'NO_SUCH_VAR'], env, ws.dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /refused the token \(401\).*set NO_SUCH_VAR/);
    assert.equal(read(), text);
    assert.ok(existsSync(syncStatePath(file)));
  });

  it('the review cadence syncs both ways: review and lastReviewed pulled, a new review date pushed', async () => {
    const cur = (await admin.get('stripe-live'))!;
    await admin.patch('stripe-live', { review: 'P90D', lastReviewed: '2026-11-01' }, cur.etag);
    const pulled = await sync();
    assert.deepEqual(pulled.actions.find((a) => a.id === 'stripe-live')?.fields.map((f) => f.field), ['review', 'lastReviewed']);
    assert.match(read(), /- id: stripe-live[\s\S]*review: P90D[\s\S]*lastReviewed: 2026-11-01/);
    writeFileSync(file, read().replace('lastReviewed: 2026-11-01', 'lastReviewed: 2026-12-01'));
    const r = runCli(['sync', '--push', '--token-env', 'SYNC_TOKEN'], env, ws.dir);
    assert.ok(r.code === 0 || r.code === 1, r.stdout + r.stderr); // 1: the orphans of the test before
    assert.match(r.stdout, /stripe-live: push/);
    assert.equal((await admin.get('stripe-live'))?.value.lastReviewed, '2026-12-01');
    assert.deepEqual((await admin.events('stripe-live')).filter((e) => e.field === 'lastReviewed').map((e) => [e.from, e.to]), [[null, '2026-11-01'], ['2026-11-01', '2026-12-01']]);
  });
});

describe('registry sync against a hostile registry', function () {
  this.timeout(30_000);
  const g = new SampleGen(919);
  const secret = g.checksummedToken('ghp_');
  const password = g.alnum(20);
  const at = '2026-01-01T00:00:00.000Z';
  const record = (id: string, version: number, fields: Record<string, unknown>) => ({ id, status: 'active', version, createdAt: at, updatedAt: at, owners: { technical: 'group:payments' }, ...fields });
  // What the registry holds: a credential in a purpose, one in a URL (sent with PHP's "\/" escapes), and a clean change.
  const records: Record<string, Record<string, unknown>> = {
    'stripe-live': record('stripe-live', 7, { kind: 'api_key', provider: 'Stripe', purpose: `Charges cards with ${secret}` }),
    'aws-ci': record('aws-ci', 3, { provider: 'AWS', ref: `https://deploy:${password}@git.internal.corp/team/app.git` }),
    'clean-one': record('clean-one', 2, { system: 'billing' }),
  };
  const REGISTER_TEXT = [
    'identities:',
    '  - id: stripe-live',
    '    kind: api_key',
    '    provider: Stripe',
    '    purpose: Charges cards',
    '    owners:',
    '      technical: group:payments',
    '  - id: aws-ci',
    '    provider: AWS',
    '    owners:',
    '      technical: group:payments',
    '  - id: clean-one',
    '    owners:',
    '      technical: group:payments',
    '  - id: new-one',
    '    purpose: Created here',
    '    owners:',
    '      technical: group:payments',
    '',
  ].join('\n');
  let server: http.Server;
  let url = '';
  let ws: ReturnType<typeof makeWorkspace>;

  before(async () => {
    server = http.createServer((req, res) => {
      const send = (status: number, body: unknown, etag?: string) => {
        res.writeHead(status, { 'content-type': 'application/json', ...(etag ? { etag } : {}) });
        res.end(JSON.stringify(body).replace(/\//g, '\\/'));
      };
      req.resume();
      req.on('end', () => {
        const m = /^\/v1\/identities\/([a-z-]+)$/.exec(req.url ?? '');
        if (req.url === '/v1/owners') return send(200, { items: [{ ref: 'group:payments', identities: 4 }] });
        if (m && req.method === 'GET' && records[m[1]]) return send(200, records[m[1]], `"${records[m[1]].version}"`);
        // A create answered with a record that holds a credential.
        if (m && req.method === 'PUT' && m[1] === 'new-one') return send(201, record('new-one', 1, { purpose: `Created with ${secret}` }), '"1"');
        send(404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'no such identity' });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    ws = makeWorkspace({ 'credentials.yaml': REGISTER_TEXT });
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    ws.cleanup();
  });

  it('writes nothing of a record holding a credential to credentials.yaml or the sync state, and reports it refused', async () => {
    const file = path.join(ws.dir, 'credentials.yaml');
    const stateFile = syncStatePath(file);
    // A sync state from an older version, holding a value that looks like a credential: not written back.
    mkdirSync(path.dirname(stateFile), { recursive: true });
    writeFileSync(stateFile, JSON.stringify({ version: 1, registry: url, identities: { legacy: { etag: '"1"', fields: { purpose: `old ${secret}` } } } }));
    const result = await syncRegister({ registerFile: file, registryUrl: url, push: true, client: new RegistryClient({ baseUrl: url, token: 'x', retries: 0 }) });
    const text = readFileSync(file, 'utf8');
    const stateText = readFileSync(stateFile, 'utf8');
    for (const where of [text, stateText, JSON.stringify(result)]) {
      for (const x of [secret, secret.slice(4, 24), password]) assert.ok(!where.includes(x), 'a credential from the registry was written or reported');
    }
    // Only the clean pull reached the register.
    assert.equal(text, REGISTER_TEXT.replace('  - id: clean-one\n    owners:\n      technical: group:payments\n', '  - id: clean-one\n    owners:\n      technical: group:payments\n    system: billing\n'));
    const state = JSON.parse(stateText) as { identities: Record<string, unknown> };
    assert.deepEqual(Object.keys(state.identities), ['clean-one']);
    const refused = result.actions.filter((a) => a.kind === 'refused');
    assert.deepEqual(refused.map((a) => a.id).sort(), ['aws-ci', 'new-one', 'stripe-live']);
    assert.match(refused.find((a) => a.id === 'stripe-live')!.message!, /looks like a credential in purpose \(github-pat-classic\)/);
    assert.match(refused.find((a) => a.id === 'aws-ci')!.message!, /looks like a credential in ref \(http-basic-auth-url\)/);
    assert.deepEqual(result.actions.filter((a) => a.kind === 'pull').map((a) => a.id), ['clean-one']);

    // The command line: exit 1, the refusal named, no value shown.
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'sync', '--registry', url], { cwd: ws.dir, env: { ...process.env, NO_COLOR: '1', CREDENTIAL_HYGIENE_REGISTRY_TOKEN: 'x' } });
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
      child.on('close', (code) => resolve({ code, out }));
    });
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /stripe-live: refused: the registry's record holds what looks like a credential in purpose/);
    for (const x of [secret, password]) assert.ok(!r.out.includes(x));
    assert.equal(readFileSync(file, 'utf8'), text);
    assert.ok(!readFileSync(stateFile, 'utf8').includes(secret));
  });
});
