// vault.pathTemplate can come from a workspace: a rendered path must never take the KV write out of
// the mount it names (`..`, encoded dots or slashes, backslashes, a URL…). Refused before any request.
import * as assert from 'node:assert/strict';
import { buildReference } from '../../src/core/fix/vault-ref';
import { splitKvPath, storeKvSecret, VaultError } from '../../src/core/vault/kv2';

function recordingFetch() {
  const urls: string[] = [];
  const f = (async (input: string | URL | Request) => {
    urls.push(String(input instanceof Request ? input.url : input));
    return new Response(JSON.stringify({ data: { version: 1 } }), { status: 200 });
  }) as typeof fetch;
  return { urls, f };
}

describe('vault: KV paths stay inside their mount', () => {
  it('splits the paths the templates make', () => {
    assert.deepEqual(splitKvPath('secret/data/shop-api'), { mount: 'secret', path: 'shop-api' });
    assert.deepEqual(splitKvPath('/kv/data/team/app'), { mount: 'kv', path: 'team/app' });
    assert.deepEqual(splitKvPath('kv/team/app'), { mount: 'kv', path: 'team/app' });
  });

  const hostile: Array<[string, RegExp]> = [
    ['secret/data/../../sys/policies/acl/x', /"\." and "\.\." segments/],
    ['secret/data/x/../../../auth/token/create', /"\." and "\.\." segments/],
    ['secret/./data/x', /"\." and "\.\." segments/],
    ['secret/data/%2e%2e/%2e%2e/sys/x', /percent-encoding/],
    ['secret/data/x%2F..%2Fy', /percent-encoding/],
    ['secret/data/..\\..\\sys\\x', /backslash/],
    ['secret//data/x', /empty segment/],
    ['secret/data/x/', /empty segment/],
    ['//evil.example/secret/x', /URL|empty segment/],
    ['https://evil.example/v1/secret/data/x', /URL/],
    ['secret/data/x\u0000y', /control characters/],
    ['secret/data/x\ny', /control characters/],
    ['secret/data/x?y=1', /query or fragment/],
  ];
  for (const [p, why] of hostile) {
    it(`refuses ${JSON.stringify(p)}`, async () => {
      assert.throws(() => splitKvPath(p), (e: unknown) => e instanceof VaultError && why.test(e.message) && /pathTemplate/.test(e.message));
      const { urls, f } = recordingFetch();
      await assert.rejects(storeKvSecret({ address: 'http://127.0.0.1:1', token: 't', fetch: f }, p, 'k', 'value'), VaultError);
      assert.deepEqual(urls, [], 'a request was made');
    });
  }

  it('a template with ".." renders a path that is refused; the default one is accepted', () => {
    const ctx = { provider: 'vault' as const, name: 'STRIPE_KEY', project: 'shop-api', path: 'src/a.ts', text: '' };
    const evil = buildReference({ ...ctx, template: 'secret/data/{project}/../../../sys/mounts/x#/{name}' });
    assert.throws(() => splitKvPath(evil.path), /"\." and "\.\." segments/);
    assert.deepEqual(splitKvPath(buildReference(ctx).path), { mount: 'secret', path: 'shop-api' });
  });

  it('writes only under /v1/<mount>/data and /v1/<mount>/metadata for a good path', async () => {
    const { urls, f } = recordingFetch();
    await storeKvSecret({ address: 'http://127.0.0.1:1', token: 't', fetch: f }, 'secret/data/shop-api', 'k', 'value', { owner: 'x' });
    assert.deepEqual(urls.map((u) => new URL(u).pathname), ['/v1/secret/data/shop-api', '/v1/secret/data/shop-api', '/v1/secret/metadata/shop-api']);
  });
});
