// scrypt with ROMix in WebAssembly (src/core/scrypt): byte for byte what node:crypto's scrypt gives,
// whatever the cost, the block size, the parallelism and how many of V's blocks ROMix keeps; node:crypto's
// own where WebAssembly does not run or the cost is out of its range.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes, scryptSync as opensslScrypt } from 'node:crypto';
import * as path from 'node:path';
import { FINGERPRINT_SCRYPT } from '../../src/core/findings';
import { SCRYPT_ROMIX_WASM } from '../../src/core/scrypt/romix.wasm';
import { scryptMemory, scryptSync } from '../../src/core/scrypt/scrypt';

const MiB = 1024 * 1024;

function reference(password: string, salt: string, keylen: number, cost: { N: number; r: number; p: number }): string {
  return opensslScrypt(password, salt, keylen, { ...cost, maxmem: 512 * MiB }).toString('hex');
}

describe('scrypt (WebAssembly ROMix)', () => {
  it('gives node:crypto\'s bytes for every cost, block size, parallelism and number of blocks kept', () => {
    const costs = [
      { N: 2, r: 1, p: 1 }, { N: 4, r: 2, p: 1 }, { N: 16, r: 1, p: 1 }, { N: 64, r: 3, p: 2 },
      { N: 256, r: 5, p: 3 }, { N: 1024, r: 8, p: 1 }, { N: 16, r: 16, p: 1 }, { N: 8, r: 1, p: 4 },
    ];
    for (const cost of costs) {
      for (const keepEvery of [1, 2, 4, 8, 64]) {
        const password = randomBytes(1 + (cost.N % 13)).toString('base64');
        const salt = randomBytes(1 + (cost.r % 7)).toString('hex');
        for (const keylen of [1, 16, 33, 64]) {
          assert.equal(scryptSync(password, salt, keylen, cost, keepEvery).toString('hex'), reference(password, salt, keylen, cost),
            `N=${cost.N} r=${cost.r} p=${cost.p} keep every ${keepEvery} keylen ${keylen}`);
        }
      }
    }
  });

  it('gives a fingerprint\'s bytes at the fingerprint cost, for empty, long and non-ASCII passwords and salts', () => {
    const { N, r, p, keylen } = FINGERPRINT_SCRYPT;
    const cases: Array<[string, string]> = [
      ['', ''], ['generic-password\0hunter2', 'credential-hygiene/v2\0' + 'a'.repeat(43)],
      ['pässwörd-日本語-🔑', 'sälz'], ['x'.repeat(5000), 'y'.repeat(300)], [randomBytes(24).toString('latin1'), randomBytes(16).toString('latin1')],
    ];
    for (const [password, salt] of cases) {
      assert.equal(scryptSync(password, salt, keylen, { N, r, p }).toString('hex'), reference(password, salt, keylen, { N, r, p }), JSON.stringify(password.slice(0, 20)));
    }
  });

  it('holds half of V at the fingerprint cost (8 MiB rather than 16), kept for the next secret and cleared after each', () => {
    const { N, r, p, keylen } = FINGERPRINT_SCRYPT;
    scryptSync('one', 'salt', keylen, { N, r, p });
    const memory = scryptMemory()!;
    assert.ok(memory.byteLength >= (128 * r * N) / 2 && memory.byteLength < 8.1 * MiB, `${memory.byteLength} bytes`);
    assert.equal(memory.findIndex((byte) => byte !== 0), -1, 'nothing of the password\'s blocks stays in the memory');
    scryptSync('two', 'salt', keylen, { N, r, p });
    assert.equal(scryptMemory()!.buffer, memory.buffer, 'the same memory');
  });

  it('is node:crypto\'s scrypt where WebAssembly does not run', () => {
    const global = globalThis as { WebAssembly?: unknown };
    const saved = global.WebAssembly;
    delete global.WebAssembly;
    try {
      const cost = { N: 1024, r: 8, p: 1 };
      assert.equal(scryptSync('password', 'NaCl', 64, cost).toString('hex'), reference('password', 'NaCl', 64, cost));
    } finally {
      global.WebAssembly = saved;
    }
  });

  it('answers a cost out of its range as node:crypto does (its error, or its bytes)', () => {
    // Not a power of two: node:crypto refuses it, and so does this.
    assert.throws(() => scryptSync('pw', 'salt', 16, { N: 3, r: 1, p: 1 }), (e: Error) => {
      assert.throws(() => opensslScrypt('pw', 'salt', 16, { N: 3, r: 1, p: 1 }), { message: e.message });
      return true;
    });
    // At node:crypto's bounds: its default memory bound (32 MiB, its B and V together) and N below
    // 2^(16r). Each is refused or computed as node:crypto does.
    for (const cost of [{ N: 1 << 16, r: 8, p: 1 }, { N: 1 << 18, r: 1, p: 1 }, { N: 1 << 17, r: 1, p: 1 }, { N: 1 << 16, r: 1, p: 1 },
      { N: 1 << 15, r: 1, p: 1 }, { N: 1 << 14, r: 8, p: 2 }, { N: 1 << 14, r: 16, p: 1 }, { N: 1 << 15, r: 8, p: 1 }]) {
      let expected: string | Error;
      try {
        expected = opensslScrypt('pw', 'salt', 16, cost).toString('hex');
      } catch (e) {
        expected = e as Error;
      }
      const label = `N=${cost.N} r=${cost.r} p=${cost.p}`;
      if (typeof expected === 'string') assert.equal(scryptSync('pw', 'salt', 16, cost).toString('hex'), expected, label);
      else assert.throws(() => scryptSync('pw', 'salt', 16, cost), { message: expected.message }, label);
    }
  });

  it('is romix.wat as wabt assembles it (scripts/gen-wasm.mjs wrote it)', () => {
    const script = path.join(__dirname, '..', '..', '..', 'scripts', 'gen-wasm.mjs');
    const assembled = execFileSync(process.execPath, [script, '--print', 'SCRYPT_ROMIX_WASM'], { encoding: 'utf8' });
    assert.equal(assembled, SCRYPT_ROMIX_WASM, 'run npm run wasm');
  });
});
