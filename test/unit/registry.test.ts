// The registry reference server as a team runs it: the real CLI process on 127.0.0.1, a real SQLite
// file in a temp folder or a real PostgreSQL database (the same suite for both), tokens made with `registry token create`, the typed client and raw HTTP.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { parse } from 'yaml';
import { IdentitySchema } from '../../src/core/ownership/schema';
import { EVENT_SOURCES } from '../../src/core/registry/types';
import { CREDENTIAL_KINDS } from '../../src/core/rules/types';
import * as path from 'node:path';
import { RegistryClient, RegistryError } from '../../src/core/registry/client';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { CLI, makeWorkspace, REPO_ROOT } from './support/workspace';
import { openStore } from '../../src/server/open-store';
import { redactDbUrl } from '../../src/server/postgres-store';
import { ROUTES } from '../../src/server/routes';
import { startServer } from '../../src/server/server';
import { call, cliAsync, cliSync, freePort, makeToken, PgCluster, pool, postgresBackend, rawRequest, request, ServerProcess, sqliteBackend, TcpProxy, type RegistryBackend } from './registry-support';

const g = new SampleGen(606);

const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'ch-registry-'));
  tmpDirs.push(d);
  return d;
}
after(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

// The whole suite, once per back end.
function registrySuite(backend: RegistryBackend): void {
describe(`registry server (${backend.name})`, function () {
  this.timeout(60_000);
  let ws: ReturnType<typeof makeWorkspace>;
  let db: string;
  let server: ServerProcess;
  const tokens = { admin: '', reader: '', payments: '', fraud: '' };
  let admin: RegistryClient;

  before(async () => {
    ws = makeWorkspace({});
    db = await backend.newDb(ws.dir);
    tokens.admin = makeToken(db, 'ci-admin', 'admin');
    tokens.reader = makeToken(db, 'dashboard', 'read');
    tokens.payments = makeToken(db, 'payments-bot', 'write', 'group:payments');
    tokens.fraud = makeToken(db, 'fraud-bot', 'write', 'group:fraud');
    server = new ServerProcess(db);
    await server.start();
    admin = new RegistryClient({ baseUrl: server.url, token: tokens.admin, source: 'cli', retries: 0 });
  });

  after(async () => {
    await server?.stop();
    ws?.cleanup();
  });

  it('token create prints the token once and stores only its hash; bad options exit 2', () => {
    assert.match(tokens.admin, /^chreg_[A-Za-z0-9_-]{43}$/);
    if (backend.isFile) assert.ok(existsSync(db));
    const list = cliSync(['registry', 'token', 'list', '--db', db]);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /payments-bot\twrite\tgroup:payments/);
    for (const t of Object.values(tokens)) assert.ok(!list.stdout.includes(t));
    assert.equal(cliSync(['registry', 'token', 'create', '--db', db, '--name', 'x', '--scope', 'root']).code, 2);
    assert.equal(cliSync(['registry', 'token', 'create', '--db', db, '--name', 'ci-admin', '--scope', 'read']).code, 2);
    assert.equal(cliSync(['registry', 'token', 'create', '--db', db, '--name', 'y', '--scope', 'write', '--owner', 'payments']).code, 2);
  });

  it('serves /healthz (liveness) and /readyz (the database answers) without a token', async () => {
    assert.deepEqual(await admin.health(), { status: 'ok' });
    const ready = await call(server.url, 'GET', '/readyz');
    assert.equal(ready.status, 200, ready.body);
    assert.deepEqual(ready.json(), { status: 'ready' });
  });

  it('creates, reads, replaces, patches and retires an identity (CRUD with ETags)', async () => {
    const created = await admin.put('stripe-live', {
      kind: 'api_key', provider: 'Stripe', owners: { technical: 'group:payments' }, purpose: 'Charges cards at checkout',
      environment: 'production', ref: 'ref+vault://secret/data/checkout#/stripe_key', rotation: 'P90D', expires: '2027-09-01',
    });
    assert.equal(created.etag, '"1"');
    assert.equal(created.value.status, 'active');
    const got = await admin.get('stripe-live');
    assert.equal(got?.value.provider, 'Stripe');
    assert.equal(got?.etag, '"1"');
    const replaced = await admin.put('stripe-live', { ...got!.value, purpose: 'Charges cards' }, { ifMatch: got!.etag });
    assert.equal(replaced.etag, '"2"');
    const patched = await admin.patch('stripe-live', { system: 'checkout', rotation: null }, replaced.etag);
    assert.equal(patched.value.system, 'checkout');
    assert.equal(patched.value.rotation, undefined);
    assert.equal(patched.value.version, 3);
    const retired = await admin.retire('stripe-live', patched.etag);
    assert.equal(retired.value.status, 'retired');
    // Retired, never erased; retiring again changes nothing.
    assert.equal((await admin.get('stripe-live'))?.value.status, 'retired');
    assert.equal((await admin.retire('stripe-live')).value.version, 4);
    assert.equal(await admin.get('no-such-thing'), undefined);
    // Create-only PUT on an existing id, and a body id that is not the path id.
    await assert.rejects(admin.put('stripe-live', { kind: 'api_key' }, { createOnly: true }), (e: RegistryError) => e.status === 412);
    await assert.rejects(admin.put('other-id', { id: 'stripe-live' }), (e: RegistryError) => e.status === 400 && /not the id in the path/.test(e.message));
    // GET with If-None-Match of the current ETag: 304.
    const r = await call(server.url, 'GET', '/v1/identities/stripe-live', { token: tokens.reader, headers: { 'if-none-match': '"4"' } });
    assert.equal(r.status, 304);
  });

  it('keeps an append-only audit trail: actor, time, field, from, to, source', async () => {
    const events = await admin.events('stripe-live');
    const created = events.filter((e) => e.version === 1);
    assert.deepEqual(created.map((e) => e.field), ['id', 'kind', 'provider', 'owners', 'purpose', 'environment', 'ref', 'rotation', 'expires', 'status']);
    assert.ok(created.every((e) => e.from === null && e.actor === 'ci-admin' && e.source === 'cli'));
    assert.deepEqual(events.filter((e) => e.version === 2).map((e) => [e.field, e.from, e.to]), [['purpose', 'Charges cards at checkout', 'Charges cards']]);
    assert.deepEqual(events.filter((e) => e.version === 3).map((e) => [e.field, e.from, e.to]), [['system', null, 'checkout'], ['rotation', 'P90D', null]]);
    assert.deepEqual(events.filter((e) => e.version === 4).map((e) => [e.field, e.from, e.to]), [['status', 'active', 'retired']]);
    assert.equal(events.length, 14);
    assert.ok(events.every((e) => !Number.isNaN(Date.parse(e.at))));
    // The source header is validated; without it the source is "api".
    const viaApi = new RegistryClient({ baseUrl: server.url, token: tokens.admin, retries: 0 });
    const cur = (await viaApi.get('stripe-live'))!;
    await viaApi.patch('stripe-live', { status: 'active' }, cur.etag);
    assert.equal((await viaApi.events('stripe-live')).at(-1)?.source, 'api');
    const bad = await call(server.url, 'PATCH', '/v1/identities/stripe-live', { token: tokens.admin, body: {}, headers: { 'if-match': '"5"', 'x-registry-source': 'mars' } });
    assert.equal(bad.status, 400);
  });

  it('applies the ETag rules: If-Match required (428), stale (412)', async () => {
    await admin.put('etag-rules', { owners: { technical: 'group:payments' } });
    const put = await call(server.url, 'PUT', '/v1/identities/etag-rules', { token: tokens.admin, body: { purpose: 'x' } });
    assert.equal(put.status, 428);
    assert.equal(put.headers['content-type'], 'application/problem+json; charset=utf-8');
    const p = put.json();
    assert.equal(p.status, 428);
    assert.equal(p.title, 'Precondition Required');
    assert.match(String(p.type), /if-match-required$/);
    assert.match(String(p.detail), /If-Match/);
    assert.match(String(p.instance), /^urn:uuid:/);
    assert.equal((await call(server.url, 'PATCH', '/v1/identities/etag-rules', { token: tokens.admin, body: { purpose: 'x' } })).status, 428);
    const stale = await call(server.url, 'PATCH', '/v1/identities/etag-rules', { token: tokens.admin, body: { purpose: 'x' }, headers: { 'if-match': '"7"' } });
    assert.equal(stale.status, 412);
    assert.equal(stale.json().currentEtag, '"1"');
    assert.equal((await call(server.url, 'PUT', '/v1/identities/etag-rules', { token: tokens.admin, body: {}, headers: { 'if-match': '"0"' } })).status, 412);
    assert.equal((await call(server.url, 'PUT', '/v1/identities/never-made', { token: tokens.admin, body: {}, headers: { 'if-match': '"1"' } })).status, 412);
    assert.equal((await call(server.url, 'DELETE', '/v1/identities/etag-rules', { token: tokens.admin, headers: { 'if-match': '"9"' } })).status, 412);
    // If-Match compares strongly (RFC 9110): a weak tag never matches, even of the current version.
    const weak = await call(server.url, 'PATCH', '/v1/identities/etag-rules', { token: tokens.admin, body: { purpose: 'x' }, headers: { 'if-match': 'W/"1"' } });
    assert.equal(weak.status, 412);
    assert.equal(weak.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal((await call(server.url, 'PUT', '/v1/identities/etag-rules', { token: tokens.admin, body: {}, headers: { 'if-match': 'W/"1"' } })).status, 412);
    assert.equal((await call(server.url, 'DELETE', '/v1/identities/etag-rules', { token: tokens.admin, headers: { 'if-match': 'W/"1", W/"2"' } })).status, 412);
    const ok = await call(server.url, 'PATCH', '/v1/identities/etag-rules', { token: tokens.admin, body: { purpose: 'x' }, headers: { 'if-match': 'W/"1", "1"' } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.etag, '"2"');
    // If-None-Match compares weakly: W/"2" is the current version.
    assert.equal((await call(server.url, 'GET', '/v1/identities/etag-rules', { token: tokens.admin, headers: { 'if-none-match': 'W/"2"' } })).status, 304);
  });

  it('filters and paginates with a cursor', async () => {
    const envs = ['production', 'staging', 'test'];
    await pool(Array.from({ length: 30 }, (_, i) => () => admin.put(`bulk-${String(i).padStart(2, '0')}`, {
      kind: 'token', owners: { technical: i % 2 ? 'group:payments' : 'group:fraud', business: i % 5 === 0 ? 'group:commerce' : undefined },
      environment: envs[i % 3], expires: `2027-${String((i % 12) + 1).padStart(2, '0')}-15`, purpose: i === 7 ? 'Needle in the HAYSTACK' : `bulk ${i}`,
    })), 8);
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await admin.list({ q: 'bulk' }, { limit: 7, cursor });
      ids.push(...page.items.map((x) => x.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    assert.equal(pages, 5);
    assert.deepEqual(ids, Array.from({ length: 30 }, (_, i) => `bulk-${String(i).padStart(2, '0')}`));
    const all: string[] = [];
    for await (const x of admin.listAll({ owner: 'group:payments' }, 4)) all.push(x.id);
    assert.ok(all.includes('bulk-01') && all.includes('stripe-live') && !all.includes('bulk-00'));
    assert.equal((await admin.list({ owner: 'group:commerce' })).items.length, 6);
    assert.equal((await admin.list({ environment: 'staging', q: 'bulk' })).items.length, 10);
    assert.deepEqual((await admin.list({ q: 'haystack' })).items.map((x) => x.id), ['bulk-07']);
    const soon = (await admin.list({ expiringBefore: '2027-03-01', q: 'bulk' })).items;
    assert.ok(soon.length > 0 && soon.every((x) => x.expires! < '2027-03-01'));
    assert.deepEqual((await admin.list({ status: 'retired' })).items.map((x) => x.id), []);
    await admin.retire('bulk-29');
    assert.deepEqual((await admin.list({ status: 'retired' })).items.map((x) => x.id), ['bulk-29']);
    const owners = await admin.owners();
    assert.deepEqual(owners.map((o) => o.ref), ['group:commerce', 'group:fraud', 'group:payments']);
    assert.equal(owners.find((o) => o.ref === 'group:commerce')?.identities, 6);
    for (const bad of ['limit=0', 'limit=501', 'limit=x', 'cursor=nope', 'status=gone', 'expiringBefore=2027-13-01', 'owner=payments', 'colour=red', 'limit=1&limit=2']) {
      const r = await call(server.url, 'GET', `/v1/identities?${bad}`, { token: tokens.reader });
      assert.equal(r.status, 400, bad);
    }
  });

  it('authenticates and authorizes: no token 401, wrong scope 403, another owner 403', async () => {
    const none = await call(server.url, 'GET', '/v1/identities');
    assert.equal(none.status, 401);
    assert.match(none.headers['www-authenticate'], /^Bearer/);
    assert.equal((await call(server.url, 'GET', '/v1/identities', { token: 'chreg_' + g.base64url(43) })).status, 401);
    assert.equal((await call(server.url, 'GET', '/v1/identities', { headers: { authorization: 'Basic eDp5' } })).status, 401);
    assert.equal((await call(server.url, 'GET', '/v1/identities', { token: tokens.reader })).status, 200);
    const readWrite = await call(server.url, 'PUT', '/v1/identities/reader-made', { token: tokens.reader, body: {} });
    assert.equal(readWrite.status, 403);
    assert.match(String(readWrite.json().detail), /write scope/);
    // payments-bot may create and change what group:payments owns, and nothing else.
    const payments = new RegistryClient({ baseUrl: server.url, token: tokens.payments, retries: 0 });
    const mine = await payments.put('payments-db', { kind: 'database_credential', owners: { technical: 'group:payments' } });
    await payments.patch('payments-db', { purpose: 'Ledger database' }, mine.etag);
    await assert.rejects(payments.put('not-mine', { owners: { technical: 'group:fraud' } }), (e: RegistryError) => e.status === 403);
    const fraudOwned = (await admin.get('bulk-00'))!;
    await assert.rejects(payments.patch('bulk-00', { purpose: 'taken over' }, fraudOwned.etag), (e: RegistryError) => e.status === 403 && e.problem?.status === 403);
    await assert.rejects(payments.retire('bulk-00'), (e: RegistryError) => e.status === 403);
    // Nor can it hand one of its own to another owner.
    const cur = (await payments.get('payments-db'))!;
    await assert.rejects(payments.patch('payments-db', { owners: { technical: 'group:fraud' } }, cur.etag), (e: RegistryError) => e.status === 403);
    // A business owner counts too.
    const fraud = new RegistryClient({ baseUrl: server.url, token: tokens.fraud, retries: 0 });
    const shared = await admin.put('shared-key', { owners: { technical: 'group:payments', business: 'group:fraud' } });
    assert.equal((await fraud.patch('shared-key', { purpose: 'Shared' }, shared.etag)).value.purpose, 'Shared');
    assert.equal((await admin.get('bulk-00'))!.value.purpose, 'bulk 0');
  });

  it('refuses a body or a query that carries a secret (422) and logs no part of it', async () => {
    const secret = g.checksummedToken('ghp_');
    const inPurpose = await call(server.url, 'PUT', '/v1/identities/leaky', { token: tokens.admin, body: { purpose: `token is ${secret}` } });
    assert.equal(inPurpose.status, 422);
    assert.match(String(inPurpose.json().detail), /metadata only/);
    assert.ok(!inPurpose.body.includes(secret));
    const cur = (await admin.get('payments-db'))!;
    const inPatch = await call(server.url, 'PATCH', '/v1/identities/payments-db', { token: tokens.admin, body: { match: [secret] }, headers: { 'if-match': cur.etag } });
    assert.equal(inPatch.status, 422);
    const inQuery = await call(server.url, 'GET', `/v1/identities?q=${encodeURIComponent(secret)}`, { token: tokens.admin });
    assert.equal(inQuery.status, 422);
    const npmToken = g.checksummedToken('npm_');
    const inPath = await call(server.url, 'GET', `/v1/identities/${npmToken}`, { token: tokens.admin });
    assert.equal(inPath.status, 422);
    assert.equal(await admin.get('leaky'), undefined);
    assert.equal((await admin.get('payments-db'))!.etag, cur.etag);
    const log = server.lines.join('\n');
    for (const s of [secret, secret.slice(4, 24), npmToken, npmToken.slice(4, 24)]) assert.ok(!log.includes(s), 'a secret reached the log');
    assert.ok(server.accessLog().some((l) => l.path === '[redacted]' && l.status === 422));
  });

  it('refuses a secret JSON escapes hide from the raw body (\\u00XX, \\/), in an object key or a nested array, and a registry token (422)', async () => {
    // One character of the secret as \u00XX: the raw text no longer holds the secret, the decoded value does.
    const esc = (t: string, i: number) => `${t.slice(0, i)}\\u00${t.charCodeAt(i).toString(16).padStart(2, '0')}${t.slice(i + 1)}`;
    const ghp = g.checksummedToken('ghp_');
    const pw = g.alnum(20);
    const chreg = 'chreg_' + g.base64url(43);
    const bodies: Record<string, string> = {
      'u00xx': `{"purpose":"token is ${esc(ghp, 9)}"}`,
      'slash-url': `{"owners":{"technical":"group:payments"},"ref":"https:\\/\\/deploy:${pw}@git.internal.corp\\/team\\/app.git"}`,
      'in-key': `{"purpose":"x","${esc(ghp, 5)}":"y"}`,
      'in-match': `{"match":["STRIPE_KEY","${esc(ghp, 14)}"]}`,
      'nested-array': `{"match":[["a",["${esc(ghp, 12)}"]]]}`,
      'registry-token': JSON.stringify({ purpose: `admin token ${chreg}` }),
    };
    for (const [name, body] of Object.entries(bodies)) {
      const r = await call(server.url, 'PUT', `/v1/identities/escaped-${name}`, { token: tokens.admin, body });
      assert.equal(r.status, 422, name);
      assert.match(String(r.json().type), /secret-in-request$/, name);
      assert.equal(await admin.get(`escaped-${name}`), undefined, name);
    }
    const cur = (await admin.get('guard-target')) ?? await admin.put('guard-target', { purpose: 'guarded' });
    const patched = await call(server.url, 'PATCH', '/v1/identities/guard-target', { token: tokens.admin, body: `{"system":"${esc(ghp, 20)}"}`, headers: { 'if-match': cur.etag } });
    assert.equal(patched.status, 422);
    assert.equal((await call(server.url, 'GET', `/v1/identities?q=${chreg}`, { token: tokens.admin })).status, 422);
    assert.equal((await admin.get('guard-target'))!.etag, cur.etag);
    const out = server.lines.join('\n');
    for (const x of [ghp, ghp.slice(4, 24), pw, chreg, chreg.slice(6, 30)]) assert.ok(!out.includes(x), 'a secret reached the log');
  });

  it('refuses a NUL character in a body string, a key or a query value, and JSON nested deeper than 32 levels (400, never 5xx)', async () => {
    const cur = (await admin.get('guard-target')) ?? await admin.put('guard-target', { purpose: 'guarded' });
    const nulBodies = ['{"purpose":"a\\u0000b"}', '{"environment":"prod\\u0000"}', '{"a\\u0000":1}', '{"match":["X","\\u0000"]}'];
    for (const body of nulBodies) {
      const r = await call(server.url, 'PUT', '/v1/identities/nul-body', { token: tokens.admin, body });
      assert.equal(r.status, 400, body);
      assert.match(String(r.json().type), /nul-character$/, body);
    }
    assert.equal(await admin.get('nul-body'), undefined);
    assert.equal((await call(server.url, 'PATCH', '/v1/identities/guard-target', { token: tokens.admin, body: '{"purpose":"\\u0000"}', headers: { 'if-match': cur.etag } })).status, 400);
    const nulCursor = Buffer.from(JSON.stringify({ a: 'x\u0000' })).toString('base64url');
    for (const q of ['q=a%00b', 'environment=%00', 'owner=group:a%00', `cursor=${nulCursor}`, '%00=1']) {
      const r = await call(server.url, 'GET', `/v1/identities?${q}`, { token: tokens.reader });
      assert.equal(r.status, 400, q);
    }
    // ~4,000 levels would overflow the recursive merge; anything past 32 is refused before it.
    const deep = (n: number) => `{"purpose":"deep","system":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`;
    for (const n of [4000, 32]) {
      const r = await call(server.url, 'PATCH', '/v1/identities/guard-target', { token: tokens.admin, body: deep(n), headers: { 'if-match': cur.etag } });
      assert.equal(r.status, 400, String(n));
      assert.match(String(r.json().type), /too-deep$/);
      assert.equal((await call(server.url, 'PUT', '/v1/identities/deep-one', { token: tokens.admin, body: deep(n) })).status, 400);
    }
    // 31 levels under the object itself is within the limit (and then simply not a valid identity).
    const within = await call(server.url, 'PATCH', '/v1/identities/guard-target', { token: tokens.admin, body: deep(30), headers: { 'if-match': cur.etag } });
    assert.equal(within.status, 400);
    assert.match(String(within.json().type), /invalid-identity$/);
    assert.equal((await admin.get('guard-target'))!.etag, cur.etag);
    assert.ok(!server.accessLog().some((l) => Number(l.status) >= 500));
    assert.ok(!server.lines.some((l) => l.includes('"msg":"error"')));
  });

  it('answers 503 with Retry-After (problem JSON) while its database is unavailable', async () => {
    const store = openStore(db);
    await store.ready?.();
    const running = await startServer({ store, port: 0, host: '127.0.0.1' });
    try {
      assert.equal((await call(running.url, 'GET', '/v1/identities?limit=1', { token: tokens.reader })).status, 200);
      await store.close();
      for (const [method, body] of [['GET', undefined], ['PUT', { purpose: 'while down' }]] as const) {
        const r = await call(running.url, method, '/v1/identities/while-down', { token: tokens.admin, body });
        assert.equal(r.status, 503, method);
        assert.equal(r.headers['retry-after'], '5');
        assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.match(String(r.json().type), /database-unavailable$/);
        assert.equal(r.json().status, 503);
      }
    } finally {
      await running.close(100);
    }
    assert.equal(await admin.get('while-down'), undefined);
  });

  it('50 concurrent PATCHes with the same ETag: exactly one 200, the rest 412, one audit change', async () => {
    const base = await admin.put('contended', { owners: { technical: 'group:payments' }, purpose: 'start' });
    const before = (await admin.events('contended')).length;
    const statuses = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      call(server.url, 'PATCH', '/v1/identities/contended', { token: tokens.payments, body: { purpose: `writer ${i}` }, headers: { 'if-match': base.etag } }).then((r) => r.status)));
    assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 412).length, 49, statuses.join(','));
    const events = await admin.events('contended');
    assert.equal(events.length - before, 1);
    const final = (await admin.get('contended'))!;
    assert.equal(final.value.version, 2);
    assert.equal(events.at(-1)!.to, final.value.purpose);
  });

  it('answers thousands of malformed requests with 4xx, never 5xx, and keeps serving', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const port = server.port;
    const auth = { authorization: `Bearer ${tokens.admin}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const mp = { ...auth, 'content-type': 'application/merge-patch+json', 'if-match': '"1"' };
    const bodies = [
      '{', '}', '[]', 'null', '"x"', '42', 'true', '{"kind":5}', '{"kind":"laser"}', '{"owners":"group:x"}', '{"owners":{"technical":"payments"}}',
      '{"expires":"2027-02-30"}', '{"expires":20270101}', '{"rotation":"90 days"}', '{"match":"X"}', '{"match":[1,2]}', '{"unknown":1}',
      '{"id":"Other"}', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}', '{"status":"deleted"}', '{"version":"x","purpose":""}',
      '[' .repeat(5000), '{"a":' .repeat(3000), '\u0000\u0001', '{"purpose":"\\ud800"}', '\ufeff{}', '{"purpose":' + '"x"'.repeat(10) + '}',
    ];
    const cases: Array<() => Promise<number>> = [];
    for (let i = 0; i < 1400; i++) {
      const body = bodies[i % bodies.length] + (i % 3 === 0 ? ' ' : '');
      const id = i % 2 ? 'contended' : `robust-${i % 7}`;
      if (i % 2) cases.push(() => request(agent, port, 'PATCH', `/v1/identities/${id}`, mp, body));
      else cases.push(() => request(agent, port, 'PUT', `/v1/identities/${id}`, json, body));
    }
    const targets = [
      '/v1/identities/UPPER', '/v1/identities/%ZZ', '/v1/identities/a%2Fb', '/v1/identities/..%2F..%2Fetc', '/v1/identities/%2e%2e', '/v1/identities/a/b/c',
      '/v1/identities/' + 'a'.repeat(300), '/v1/nothing', '/v2/identities', '/', '/healthz/x', '/v1/identities?limit=-1', '/v1/identities?limit=99999999999',
      '/v1/identities?cursor=%00', '/v1/identities?expiringBefore=yesterday', '/v1/identities?q=', '/v1/identities?' + 'q=x&'.repeat(50),
      '/v1/identities/contended/events?cursor=abc', '/v1/identities/contended/events?limit=0', '/v1/identities/ghost/events', '/v1/owners?x=1',
      '/v1/identities/%F0%9F%94%91', '/v1/identities/%C0%AF',
    ];
    for (let i = 0; i < 700; i++) cases.push(() => request(agent, port, 'GET', targets[i % targets.length], auth));
    const methods = ['POST', 'OPTIONS', 'PROPFIND', 'PUT', 'DELETE'];
    for (let i = 0; i < 300; i++) {
      const m = methods[i % methods.length];
      const p = m === 'PUT' || m === 'DELETE' ? '/v1/identities' : i % 2 ? '/v1/owners' : '/v1/identities/contended';
      cases.push(() => request(agent, port, m, p, auth));
    }
    const badHeaders: Array<Record<string, string>> = [
      { authorization: 'Bearer' }, { authorization: 'Bearer ' + 'x'.repeat(600) }, { authorization: 'Token abc' }, { authorization: 'Bearer a b c' },
      { ...auth, 'content-type': 'text/plain' }, { ...auth, 'content-type': 'application/json', 'if-match': 'garbage' },
      { ...auth, 'content-type': 'application/json', 'x-registry-source': 'telepathy' }, { ...auth, 'content-type': 'application/merge-patch+json' },
    ];
    for (let i = 0; i < 400; i++) {
      const h = badHeaders[i % badHeaders.length];
      cases.push(() => request(agent, port, i % 2 ? 'PUT' : 'PATCH', '/v1/identities/contended', h, '{"purpose":"nope"}'));
    }
    // Too large: declared, and streamed without a length.
    for (let i = 0; i < 20; i++) {
      cases.push(() => request(agent, port, 'PUT', '/v1/identities/huge', json, JSON.stringify({ purpose: 'x'.repeat(70_000 + i) })).catch(() => 413));
      cases.push(() => new Promise<number>((resolve) => {
        const req = http.request({ host: '127.0.0.1', port, method: 'PUT', path: '/v1/identities/huge', headers: { ...json, 'transfer-encoding': 'chunked' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', () => resolve(413)); // the server may cut the connection once it has answered 413
        for (let k = 0; k < 40; k++) req.write('x'.repeat(4096));
        req.end();
      }));
    }
    const statuses = await pool(cases, 24);
    agent.destroy();
    const raw = [
      'GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n', 'GET //v1//identities HTTP/1.1\r\nHost: x\r\n\r\n', 'GET http://evil.invalid/v1/identities HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET * HTTP/1.1\r\nHost: x\r\n\r\n', 'GET /v1/identities/%00 HTTP/1.1\r\nHost: x\r\n\r\n', 'GET /healthz HTTP/1.1\r\nHost: x\r\nBroken header\r\n\r\n',
      'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ' + 'y'.repeat(20_000) + '\r\n\r\n', 'PUT /v1/identities/a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello',
      'PUT /v1/identities/a HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', 'PUT /v1/identities/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n',
      'HELLO\r\n\r\n', '\u0000\u0001\u0002\r\n\r\n', 'GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n', 'GET /v1/identities HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u00ff\u00fe\r\n\r\n',
      'GET /v1/identities/caf\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n', 'DELETE /v1/identities/contended HTTP/1.1\r\nHost: x\r\n\r\n',
    ];
    const rawStatuses = await pool(Array.from({ length: 320 }, (_, i) => () => rawRequest(port, Buffer.from(raw[i % raw.length], 'latin1'))), 16);
    const all = [...statuses, ...rawStatuses];
    assert.ok(all.length >= 3000, String(all.length));
    const bad = all.map((s, i) => [s, i] as const).filter(([s]) => !(s >= 400 && s < 500));
    assert.deepEqual(bad.slice(0, 10), [], `not 4xx: ${bad.length}`);
    assert.ok(!server.accessLog().some((l) => Number(l.status) >= 500));
    assert.ok(!server.lines.some((l) => l.includes('"msg":"error"')));
    assert.deepEqual(await admin.health(), { status: 'ok' });
    assert.equal((await admin.get('contended'))!.value.version, 2);
  });

  it('never logs a token, and logs one structured line per request', () => {
    const log = server.lines.join('\n');
    for (const t of Object.values(tokens)) assert.ok(!log.includes(t) && !log.includes(t.slice(6, 30)), 'a token reached the log');
    const entries = server.accessLog();
    assert.ok(entries.length > 3000);
    for (const e of entries.slice(0, 200)) assert.ok(typeof e.reqId === 'string' && typeof e.status === 'number' && typeof e.ms === 'number' && typeof e.path === 'string');
    assert.ok(entries.some((e) => e.actor === 'payments-bot'));
  });

  it('keeps when each repository last referenced an identity, without a new version, and lists those unseen since a date', async () => {
    const owners = { business: 'group:payments', technical: 'group:payments' };
    for (const id of ['seen-a', 'seen-b', 'seen-never']) await admin.put(id, { owners, purpose: 'lastSeen', environment: 'production', rotation: 'P90D' });
    const before = (await admin.get('seen-a'))!;
    const payments = new RegistryClient({ baseUrl: server.url, token: tokens.payments, source: 'cli', retries: 0 });
    assert.equal((await payments.sighting('seen-a', 'github.com/acme/api', '2026-05-01')).lastSeen, '2026-05-01');
    // An earlier date never moves it back; another repository has its own row.
    assert.equal((await payments.sighting('seen-a', 'github.com/acme/api', '2026-01-01')).lastSeen, '2026-05-01');
    await payments.sighting('seen-a', 'web', '2026-02-01');
    await payments.sighting('seen-b', 'web', '2026-02-10');
    assert.deepEqual((await admin.sightings('seen-a')).map((s) => [s.repository, s.lastSeen]), [['github.com/acme/api', '2026-05-01'], ['web', '2026-02-01']]);
    const after = (await admin.get('seen-a'))!;
    assert.equal(after.etag, before.etag, 'a sighting is no change of the identity');
    assert.equal((await admin.events('seen-a')).length, (await admin.events('seen-b')).length);
    const unseen = async (since: string) => {
      const ids: string[] = [];
      for await (const i of admin.listAll({ unseenSince: since })) if (i.id.startsWith('seen-')) ids.push(i.id);
      return ids;
    };
    assert.deepEqual(await unseen('2026-03-01'), ['seen-b', 'seen-never']);
    assert.deepEqual(await unseen('2026-02-10'), ['seen-never']);
    assert.deepEqual(await unseen('2026-06-01'), ['seen-a', 'seen-b', 'seen-never']);
    // Checked like every other input; a token limited to another owner may not report it.
    const fraud = new RegistryClient({ baseUrl: server.url, token: tokens.fraud, source: 'cli', retries: 0 });
    await assert.rejects(fraud.sighting('seen-a', 'web', '2026-06-01'), (e: RegistryError) => e.status === 403);
    await assert.rejects(payments.sighting('seen-a', 'bad name', '2026-06-01'), (e: RegistryError) => e.status === 400);
    await assert.rejects(payments.sighting('seen-a', 'web', '2026-02-30'), (e: RegistryError) => e.status === 400);
    await assert.rejects(payments.sighting('no-such-identity', 'web', '2026-02-01'), (e: RegistryError) => e.status === 404);
    await assert.rejects(admin.list({ unseenSince: 'last week' }), (e: RegistryError) => e.status === 400);
    const reader = new RegistryClient({ baseUrl: server.url, token: tokens.reader, retries: 0 });
    await assert.rejects(reader.sighting('seen-a', 'web', '2026-06-01'), (e: RegistryError) => e.status === 403);
  });

  it('shuts down gracefully on SIGTERM and loses nothing across a restart', async () => {
    const before = { page: await admin.list({}, { limit: 500 }), events: await admin.events('contended'), owners: await admin.owners() };
    assert.equal(await server.stop(), 0);
    assert.ok(server.lines.some((l) => l.includes('"shutting down"')));
    await assert.rejects(admin.health(), (e: RegistryError) => e.isOffline);
    server = new ServerProcess(db);
    await server.start();
    admin = new RegistryClient({ baseUrl: server.url, token: tokens.admin, source: 'cli', retries: 0 });
    assert.deepEqual(await admin.list({}, { limit: 500 }), before.page);
    assert.deepEqual(await admin.events('contended'), before.events);
    assert.deepEqual(await admin.owners(), before.owners);
    const cur = (await admin.get('contended'))!;
    assert.equal((await admin.patch('contended', { purpose: 'after restart' }, cur.etag)).value.version, 3);
  });
});
}

registrySuite(sqliteBackend);

// PostgreSQL: Debian's server started for this run on 127.0.0.1 (see PgCluster); CH_SKIP_POSTGRES=1 skips.
describe('registry on PostgreSQL', function () {
  this.timeout(90_000);
  const cluster = new PgCluster();

  before(async function () {
    if (PgCluster.skipRequested()) this.skip();
    await cluster.start();
  });

  after(() => cluster.stop());

  registrySuite(postgresBackend(cluster));

  it('reports a database it cannot reach plainly, without the password', async () => {
    const password = g.base64url(20);
    const r = cliSync(['registry', 'token', 'list', '--db', `postgres://someone:${password}@127.0.0.1:${await freePort()}/nowhere`]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /cannot open the registry database postgres:\/\/someone:\*\*\*@127\.0\.0\.1:\d+\/nowhere: .*ECONNREFUSED/);
    assert.ok(!r.stderr.includes(password) && !r.stdout.includes(password));
  });

  it('does not start serving on top of a database it cannot reach', async () => {
    const password = g.base64url(20);
    const r = await cliAsync(['registry', 'serve', '--port', '0', '--db', `postgres://someone:${password}@127.0.0.1:${await freePort()}/nowhere`]);
    assert.equal(r.code, 2, r.stderr);
    assert.doesNotMatch(r.stdout, /"listening"/);
    assert.match(r.stderr, /cannot open the registry database postgres:\/\/someone:\*\*\*@/);
    assert.ok(!r.stderr.includes(password) && !r.stdout.includes(password));
  });

  it('logs a mixed-case PostgreSQL:// URL without its password, password= parameter or fragment; takes the URL from a file or the environment', async () => {
    const db = await cluster.createDatabase();
    const secrets = [g.base64url(20), g.base64url(20), g.base64url(16)];
    // Trust authentication ignores the password: the URL connects, and every log line shows it.
    const u = new URL(db);
    const url = `PostgreSQL://postgres:${secrets[0]}@${u.host}${u.pathname}?sslmode=disable&PassWord=${secrets[1]}#${secrets[2]}`;
    const token = makeToken(url, 'mixed-case', 'admin');
    const file = path.join(tmpDir(), 'db-url');
    writeFileSync(file, url + '\n');
    const runs = [
      new ServerProcess(url),
      new ServerProcess('', ['--db-file', file]),
      new ServerProcess('', [], { CREDENTIAL_HYGIENE_REGISTRY_DB_FILE: file }),
      new ServerProcess('', [], { CREDENTIAL_HYGIENE_REGISTRY_DB: url }),
    ];
    for (const server of runs) {
      await server.start();
      try {
        const client = new RegistryClient({ baseUrl: server.url, token, retries: 0 });
        assert.equal((await client.list()).items.length, 0);
        const listening = JSON.parse(server.lines.find((l) => l.includes('"listening"'))!) as { db: string };
        assert.equal(listening.db, `postgresql://postgres:***@${u.host}${u.pathname}?sslmode=disable&PassWord=***`);
      } finally {
        await server.stop();
      }
      const out = server.lines.join('\n');
      for (const x of secrets) assert.ok(!out.includes(x), 'a part of the database URL that may be secret reached the log');
    }
    // The same file through token list; a missing file is named, not read.
    const listed = cliSync(['registry', 'token', 'list', '--db-file', file]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^mixed-case\tadmin/);
    const missing = cliSync(['registry', 'token', 'list', '--db-file', file + '.nope']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the database URL file .*db-url\.nope: ENOENT/);
    assert.equal(cliSync(['registry', 'token', 'list', '--db-file', file, '--db', 'x.db']).code, 2);
  });

  it('answers 503 with Retry-After while PostgreSQL is unreachable, and recovers when it is back', async () => {
    const db = new URL(await cluster.createDatabase());
    const proxy = new TcpProxy(cluster.port);
    await proxy.restore();
    db.port = String(proxy.port);
    // Not makeToken: a synchronous child process would block the proxy in this process.
    const made = await cliAsync(['registry', 'token', 'create', '--db', db.toString(), '--name', 'outage', '--scope', 'admin']);
    assert.equal(made.code, 0, made.stderr);
    const token = made.stdout.trim();
    const server = new ServerProcess(db.toString());
    await server.start();
    try {
      const client = new RegistryClient({ baseUrl: server.url, token, retries: 0 });
      await client.put('before-outage', { purpose: 'written before' });
      await proxy.cut();
      for (const [method, body] of [['GET', undefined], ['PUT', { purpose: 'during' }], ['GET', undefined]] as const) {
        const r = await call(server.url, method, '/v1/identities/during-outage', { token, body });
        assert.equal(r.status, 503, `${method}: ${r.body}`);
        assert.equal(r.headers['retry-after'], '5');
        assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.match(String(r.json().type), /database-unavailable$/);
      }
      // Liveness stays up (the process is fine); readiness follows the database.
      assert.equal((await call(server.url, 'GET', '/healthz')).status, 200);
      const notReady = await call(server.url, 'GET', '/readyz');
      assert.equal(notReady.status, 503, notReady.body);
      assert.equal(notReady.headers['retry-after'], '5');
      await proxy.restore();
      assert.equal((await call(server.url, 'GET', '/readyz')).status, 200);
      assert.equal((await client.get('before-outage'))?.value.purpose, 'written before');
      assert.equal(await client.get('during-outage'), undefined);
    } finally {
      await server.stop();
      await proxy.cut();
    }
    assert.ok(server.accessLog().some((l) => l.status === 503));
    assert.ok(!server.accessLog().some((l) => l.status === 500));
  });

  it('warns when its role can disable the audit trigger; a DML-only service role cannot, and serves', async () => {
    // The ordinary test set-up connects as the superuser: warned.
    const suDb = await cluster.createDatabase();
    const su = new ServerProcess(suDb);
    await su.start();
    await su.stop();
    assert.ok(su.lines.some((l) => l.includes('"msg":"warning"') && /is a superuser.*append-only/.test(l)), su.lines.join('\n'));
    // The documented set-up: migrations owned by registry_owner, the server connects as registry_app.
    const admin = new pg.Client({ connectionString: suDb });
    await admin.connect();
    const n = `${process.pid}_${Date.now() % 100000}`;
    const dbName = `registry_roles_${n}`;
    try {
      await admin.query(`CREATE ROLE registry_owner_${n} LOGIN; CREATE ROLE registry_app_${n} LOGIN`);
      await admin.query(`CREATE DATABASE ${dbName} OWNER registry_owner_${n}`);
    } finally {
      await admin.end();
    }
    const base = new URL(suDb);
    const asRole = (role: string) => `postgres://${role}@${base.host}/${dbName}`;
    const ownerUrl = asRole(`registry_owner_${n}`);
    const appUrl = asRole(`registry_app_${n}`);
    // Any registry command as the owner applies the migrations.
    const token = makeToken(ownerUrl, 'app', 'admin');
    const grant = new pg.Client({ connectionString: ownerUrl });
    await grant.connect();
    try {
      await grant.query(`GRANT SELECT, INSERT, UPDATE ON identities, tokens TO registry_app_${n};
        GRANT SELECT, INSERT ON events TO registry_app_${n}; GRANT SELECT ON migrations TO registry_app_${n}`);
    } finally {
      await grant.end();
    }
    const app = new ServerProcess(appUrl);
    await app.start();
    try {
      const client = new RegistryClient({ baseUrl: app.url, token, retries: 0 });
      const created = await client.put('audited', { purpose: 'one' });
      await client.patch('audited', { purpose: 'two' }, created.etag);
      assert.equal((await client.events('audited')).length, 4);
    } finally {
      await app.stop();
    }
    assert.ok(!app.lines.some((l) => l.includes('"msg":"warning"')), app.lines.join('\n'));
    const asApp = new pg.Client({ connectionString: appUrl });
    await asApp.connect();
    try {
      for (const sql of ['ALTER TABLE events DISABLE TRIGGER events_no_update', 'DROP TRIGGER events_no_update ON events', 'DELETE FROM events', 'UPDATE events SET actor = $$x$$', 'TRUNCATE events']) {
        await assert.rejects(asApp.query(sql), /must be owner|permission denied/, sql);
      }
      assert.equal((await asApp.query('SELECT count(*)::int AS n FROM events')).rows[0].n, 4);
    } finally {
      await asApp.end();
    }
  });

  describe('two server instances on one database', () => {
    let a: ServerProcess | undefined;
    let b: ServerProcess | undefined;
    let token = '';

    before(async () => {
      const db = await cluster.createDatabase();
      // Four CLI processes migrate the fresh database at once: the advisory lock lets one do it.
      const made = await Promise.all(['ci-admin', 'two', 'three', 'four'].map((name) => cliAsync(['registry', 'token', 'create', '--db', db, '--name', name, '--scope', 'admin'])));
      assert.deepEqual(made.map((r) => r.code), [0, 0, 0, 0], made.map((r) => r.stderr).join('\n'));
      token = made[0].stdout.trim();
      a = new ServerProcess(db);
      b = new ServerProcess(db);
      await Promise.all([a.start(), b.start()]);
    });

    after(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
    });

    it('a write through one instance is read through the other, audit trail included', async () => {
      const viaA = new RegistryClient({ baseUrl: a!.url, token, source: 'cli', retries: 0 });
      const viaB = new RegistryClient({ baseUrl: b!.url, token, source: 'api', retries: 0 });
      const created = await viaA.put('shared-db', { kind: 'database_credential', owners: { technical: 'group:payments' }, purpose: 'Ledger' });
      const seen = await viaB.get('shared-db');
      assert.equal(seen?.value.purpose, 'Ledger');
      assert.equal(seen?.etag, created.etag);
      const patched = await viaB.patch('shared-db', { purpose: 'Ledger (primary)' }, seen!.etag);
      assert.equal((await viaA.get('shared-db'))?.etag, patched.etag);
      await assert.rejects(viaA.patch('shared-db', { purpose: 'stale' }, created.etag), (e: RegistryError) => e.status === 412);
      const events = await viaA.events('shared-db');
      assert.deepEqual(events.filter((e) => e.version === 2).map((e) => [e.field, e.to, e.source]), [['purpose', 'Ledger (primary)', 'api']]);
      assert.deepEqual(await viaB.events('shared-db'), events);
      assert.deepEqual((await viaB.owners()).map((o) => o.ref), ['group:payments']);
    });

    it('50 concurrent PATCHes with the same ETag across both instances: exactly one wins', async () => {
      const viaA = new RegistryClient({ baseUrl: a!.url, token, source: 'cli', retries: 0 });
      const base = await viaA.put('contended-2', { owners: { technical: 'group:payments' }, purpose: 'start' });
      const before = (await viaA.events('contended-2')).length;
      const statuses = await Promise.all(Array.from({ length: 50 }, (_, i) =>
        call((i % 2 ? b! : a!).url, 'PATCH', '/v1/identities/contended-2', { token, body: { purpose: `writer ${i}` }, headers: { 'if-match': base.etag } }).then((r) => r.status)));
      assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(','));
      assert.equal(statuses.filter((s) => s === 412).length, 49, statuses.join(','));
      const viaB = new RegistryClient({ baseUrl: b!.url, token, retries: 0 });
      const events = await viaB.events('contended-2');
      assert.equal(events.length - before, 1);
      const final = (await viaB.get('contended-2'))!;
      assert.equal(final.value.version, 2);
      assert.equal(events.at(-1)!.to, final.value.purpose);
      // Concurrent creates of one new id through both: one creates it, the other replaces or is refused, never a 5xx.
      const creates = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        call((i % 2 ? b! : a!).url, 'PUT', '/v1/identities/born-twice', { token, body: { purpose: `creator ${i}` }, headers: { 'if-none-match': '*' } }).then((r) => r.status)));
      assert.equal(creates.filter((s) => s === 201).length, 1, creates.join(','));
      assert.ok(creates.every((s) => s === 201 || s === 412), creates.join(','));
      for (const s of [a!, b!]) assert.ok(!s.accessLog().some((l) => Number(l.status) >= 500));
      assert.equal((await viaB.events('born-twice')).filter((e) => e.field === 'purpose').length, 1);
    });
  });
});

describe('registry server connections', function () {
  this.timeout(60_000);
  let ws: ReturnType<typeof makeWorkspace>;
  let server: ServerProcess;

  before(async () => {
    ws = makeWorkspace({});
    server = new ServerProcess(path.join(ws.dir, 'data', 'registry.db'), ['--max-connections', '4']);
    await server.start();
  });

  after(async () => {
    await server?.stop();
    ws?.cleanup();
  });

  const closedAt = new WeakMap<net.Socket, Promise<number>>();
  /** A connected socket; when it closes is recorded from the start, so no close is missed. */
  const connect = () => new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect(server.port, '127.0.0.1', () => resolve(s));
    closedAt.set(s, new Promise((done) => s.on('close', () => done(Date.now()))));
    s.on('error', reject);
  });
  /** Milliseconds from now until the server closes `s` (or `limit`, if it does not). */
  const closedAfter = (s: net.Socket, limit: number) => {
    const t0 = Date.now();
    s.on('error', () => undefined);
    return Promise.race([closedAt.get(s)!.then((t) => t - t0), new Promise<number>((resolve) => setTimeout(() => resolve(limit), limit).unref())]);
  };

  it('closes connections past --max-connections at once, and serves again when one closes', async () => {
    const held = await Promise.all(Array.from({ length: 4 }, connect));
    await new Promise((r) => setTimeout(r, 200));
    const extra = await connect().catch(() => undefined);
    if (extra) {
      extra.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      assert.ok(await closedAfter(extra, 3000) < 3000, 'a fifth connection was kept open');
    }
    held.pop()!.destroy();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await rawRequest(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'), 200);
    for (const s of held) s.destroy();
  });

  it('closes a connection whose headers do not arrive within about 10 s (408)', async () => {
    await new Promise((r) => setTimeout(r, 500)); // the connections of the test before are gone
    const s = await connect();
    let answer = '';
    s.on('data', (d: Buffer) => { answer += d.toString('latin1'); });
    s.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const ms = await closedAfter(s, 20_000);
    assert.ok(ms > 5_000 && ms < 13_000, `closed after ${ms} ms`);
    assert.match(answer, /^HTTP\/1\.1 408 /);
    s.destroy();
  });
});

describe('registry database URL', () => {
  it('is redacted whatever the case of its scheme: password, password-like parameters and fragment', () => {
    const pw = g.base64url(18);
    assert.equal(redactDbUrl(`PostgreSQL://app:${pw}@db.internal:5432/reg?sslmode=require&sslpassword=${pw}&PASSWORD=${pw}#${pw}`),
      'postgresql://app:***@db.internal:5432/reg?sslmode=require&sslpassword=***&PASSWORD=***');
    assert.equal(redactDbUrl('POSTGRES://db.internal/reg'), 'postgres://db.internal/reg');
    assert.equal(redactDbUrl(`postgres://app:${pw}@[::1/x`), 'postgres://[unparsable URL]');
  });

  it('registry serve never prints the password of a database it cannot reach, even in a fragment', async () => {
    const pw = g.base64url(20);
    const frag = g.base64url(16);
    const r = await cliAsync(['registry', 'serve', '--port', '0', '--db', `PostgreSQL://someone:${pw}@127.0.0.1:${await freePort()}/nowhere?password=${pw}#${frag}`]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /cannot open the registry database postgresql:\/\/someone:\*\*\*@127\.0\.0\.1:\d+\/nowhere\?password=\*\*\*: /);
    for (const x of [pw, frag]) assert.ok(!r.stderr.includes(x) && !r.stdout.includes(x));
  });

  it('comes from CREDENTIAL_HYGIENE_REGISTRY_DB or a file when --db is not given', () => {
    const dir = tmpDir();
    const viaEnv = path.join(dir, 'env.db');
    const viaFile = path.join(dir, 'file.db');
    writeFileSync(path.join(dir, 'url'), viaFile + '\n');
    const run = (args: string[], env: Record<string, string>) => spawnSync(process.execPath, [CLI, 'registry', 'token', ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env } });
    assert.equal(run(['create', '--name', 'e', '--scope', 'read'], { CREDENTIAL_HYGIENE_REGISTRY_DB: viaEnv }).status, 0);
    assert.ok(existsSync(viaEnv));
    assert.equal(run(['create', '--name', 'f', '--scope', 'read', '--db-file', path.join(dir, 'url')], { CREDENTIAL_HYGIENE_REGISTRY_DB: viaEnv }).status, 0);
    assert.match(run(['list'], { CREDENTIAL_HYGIENE_REGISTRY_DB_FILE: path.join(dir, 'url'), CREDENTIAL_HYGIENE_REGISTRY_DB: viaEnv }).stdout, /^f\tread/);
    assert.match(run(['list'], { CREDENTIAL_HYGIENE_REGISTRY_DB: viaEnv }).stdout, /^e\tread/);
    assert.ok(!existsSync(path.join(dir, 'registry.db')));
  });
});

describe('registry client', () => {
  it('retries 5xx and network errors with backoff, then reports problem details', async () => {
    let calls = 0;
    const flaky: typeof fetch = async () => {
      calls++;
      if (calls === 1) throw new TypeError('fetch failed');
      if (calls === 2) return new Response('{}', { status: 503 });
      return new Response(JSON.stringify({ status: 'ok' }), { status: 200 });
    };
    const c = new RegistryClient({ baseUrl: 'http://127.0.0.1:9/', fetch: flaky, backoffMs: 1 });
    assert.deepEqual(await c.health(), { status: 'ok' });
    assert.equal(calls, 3);
    const problem = { type: 'urn:x', title: 'Precondition Failed', status: 412, detail: 'changed since you read it' };
    const failing = new RegistryClient({ baseUrl: 'http://127.0.0.1:9', fetch: async () => new Response(JSON.stringify(problem), { status: 412 }), backoffMs: 1 });
    await assert.rejects(failing.patch('x', { purpose: 'p' }, '"1"'), (e: RegistryError) => e.isConflict && e.problem?.detail === problem.detail && /412 changed since/.test(e.message));
    let n = 0;
    const down = new RegistryClient({ baseUrl: 'http://127.0.0.1:9', fetch: async () => { n++; throw new TypeError('fetch failed'); }, retries: 2, backoffMs: 1 });
    await assert.rejects(down.list(), (e: RegistryError) => e.isOffline && /cannot be reached/.test(e.message));
    assert.equal(n, 3);
    assert.throws(() => new RegistryClient({ baseUrl: 'ftp://x' }), RegistryError);
  });
});

describe('registry OpenAPI document', () => {
  it('has an operation for every route in the server\'s table (same method, path and operationId), and a route for every operation', () => {
    const doc = parse(readFileSync(path.join(REPO_ROOT, 'docs/registry-openapi.yaml'), 'utf8'));
    const documented = Object.entries(doc.paths as Record<string, Record<string, { operationId?: string; security?: unknown[] }>>)
      .flatMap(([p, item]) => Object.entries(item).filter(([m]) => m !== 'parameters').map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, op })));
    const routes = ROUTES.map((r) => ({ key: `${r.method} ${r.path}`, r }));
    assert.ok(routes.length >= 8, 'the route table is not empty');
    for (const { key, r } of routes) {
      const op = documented.find((d) => d.key === key)?.op;
      assert.ok(op, `${key} is served but not in docs/registry-openapi.yaml`);
      assert.equal(op.operationId, r.operationId, key);
      // A route that needs no token is the one the document exempts from security.
      assert.equal(Array.isArray(op.security) && op.security.length === 0, r.scope === 'none', `${key}: security and scope disagree`);
    }
    for (const { key } of documented) assert.ok(routes.some((r) => r.key === key), `${key} is documented but the server has no such route`);
    assert.equal(new Set(routes.map((r) => r.key)).size, routes.length, 'a method and path appear once in the table');
  });

  it('is OpenAPI 3.1, describes every route the server serves, and agrees with the register schema', () => {
    const doc = parse(readFileSync(path.join(REPO_ROOT, 'docs/registry-openapi.yaml'), 'utf8'));
    assert.equal(doc.openapi, '3.1.0');
    const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, item]) => Object.keys(item).filter((m) => m !== 'parameters').map((m) => `${m.toUpperCase()} ${p}`));
    assert.deepEqual(ops.sort(), [
      'DELETE /v1/identities/{id}', 'GET /healthz', 'GET /readyz', 'GET /v1/identities', 'GET /v1/identities/{id}', 'GET /v1/identities/{id}/events', 'GET /v1/identities/{id}/sightings', 'GET /v1/owners',
      'PATCH /v1/identities/{id}', 'PUT /v1/identities/{id}', 'PUT /v1/identities/{id}/sightings',
    ]);
    const body = doc.components.schemas.IdentityBody.properties;
    assert.deepEqual(body.kind.enum, [...CREDENTIAL_KINDS]);
    const fields = Object.keys(IdentitySchema.shape);
    for (const f of fields) assert.ok(body[f], `IdentityBody lacks ${f}`);
    assert.deepEqual(doc.components.parameters.source.schema.enum, [...EVENT_SOURCES]);
    // Every $ref resolves.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const r of refs) {
      const target = r.slice(8, -1).replace(/^#\//, '').split('/').reduce((o: Record<string, unknown> | undefined, k) => o?.[k] as Record<string, unknown> | undefined, doc);
      assert.ok(target, r);
    }
  });
});
