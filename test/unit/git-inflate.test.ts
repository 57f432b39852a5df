// git's zlib streams inflated within bounds (src/core/git-inflate.ts): pako for short streams,
// node:zlib for long ones. Every case runs through both, which must agree with each other and with
// what was compressed, refuse the same damaged, lying and oversized streams, and never give more than asked.
import * as assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { inflateExact, inflateLoose } from '../../src/core/git-inflate';
import { SampleGen } from '../../src/core/rules/sample-gen';

/** The two engines: every stream short enough for pako, and none. */
const ENGINES = [['pako', Number.MAX_SAFE_INTEGER], ['node:zlib', -1]] as const;

const loose = (type: string, body: Buffer, claimed = body.length) => Buffer.concat([Buffer.from(`${type} ${claimed}\0`), body]);

describe('git streams are inflated within bounds, by pako or node:zlib alike', () => {
  const g = new SampleGen(1717);
  // Text, random bytes (stored blocks), long runs (long matches), empty: at every level deflate has.
  const bodies = [
    Buffer.alloc(0),
    Buffer.from('hello'),
    Buffer.from(Array.from({ length: 400 }, (_, i) => `const key${i} = process.env.KEY_${i % 7};\n`).join('')),
    Buffer.from(g.hex(70_000), 'hex'),
    Buffer.alloc(200_000, 0x61),
    Buffer.from(g.base64url(90_000)),
  ];
  const levels = [0, 1, 6, 9];
  const zeros = Buffer.alloc(32 << 20);
  const bombs = {
    entry: deflateSync(zeros, { level: 9 }),
    loose: deflateSync(loose('blob', zeros), { level: 9 }),
    liar: deflateSync(Buffer.concat([Buffer.from('blob 10\0'), zeros]), { level: 9 }),
  };

  for (const [engine, short] of ENGINES) {
    describe(engine, () => {
      it('gives back exactly what was compressed, at every level, with bytes after the stream ignored', () => {
        for (const body of bodies) {
          for (const level of levels) {
            const z = deflateSync(body, { level });
            const label = `${body.length} bytes, level ${level}`;
            assert.ok(inflateExact(z, body.length, short)?.equals(body), label);
            // A pack entry is read with room to spare: what follows the stream is another entry.
            assert.ok(inflateExact(Buffer.concat([z, Buffer.from('PACK entry after it')]), body.length, short)?.equals(body), `${label}, trailing`);
            const obj = loose('blob', body);
            const got = inflateLoose(deflateSync(obj, { level }), body.length, short);
            assert.ok(got?.type === 'blob' && got.body.equals(body), `${label}, loose`);
          }
        }
      });

      it('refuses a stream longer or shorter than expected, without giving more than asked', () => {
        const body = bodies[2];
        const z = deflateSync(body);
        assert.equal(inflateExact(z, body.length - 1, short), undefined);
        assert.equal(inflateExact(z, body.length + 1, short), undefined);
        assert.equal(inflateExact(z, 0, short), undefined);
        // A loose object whose header claims less or more than it holds.
        assert.equal(inflateLoose(deflateSync(loose('blob', body, body.length - 1)), body.length, short), undefined);
        assert.equal(inflateLoose(deflateSync(loose('blob', body, body.length + 1)), body.length + 1, short), undefined);
        // A body over the caller's limit.
        assert.equal(inflateLoose(deflateSync(loose('blob', body)), body.length - 1, short), undefined);
      });

      it('refuses damage: a changed byte (the Adler-32 check), a stream cut short, no zlib at all, a preset dictionary', () => {
        const body = bodies[2];
        const z = deflateSync(body);
        const flipped = Buffer.from(z);
        flipped[flipped.length - 1] ^= 1; // the check value itself
        assert.equal(inflateExact(flipped, body.length, short), undefined);
        const inner = Buffer.from(z);
        inner[Math.floor(inner.length / 2)] ^= 0x10;
        assert.equal(inflateExact(inner, body.length, short), undefined);
        assert.equal(inflateExact(z.subarray(0, z.length - 6), body.length, short), undefined);
        assert.equal(inflateExact(Buffer.from('not zlib at all'), 5, short), undefined);
        assert.equal(inflateLoose(Buffer.from('not zlib at all'), 100, short), undefined);
        assert.equal(inflateLoose(Buffer.alloc(0), 100, short), undefined);
        const dict = deflateSync(body, { dictionary: Buffer.from('const key') });
        assert.equal(inflateExact(dict, body.length, short), undefined);
        const objDamaged = deflateSync(loose('blob', body));
        objDamaged[objDamaged.length - 2] ^= 1;
        assert.equal(inflateLoose(objDamaged, body.length, short), undefined);
      });

      it('a compression bomb is inflated no further than the size asked for', () => {
        // 32 MiB of zeros in about 32 KiB, claimed as 100 bytes (a pack entry) or as a loose blob over the limit.
        assert.ok(bombs.entry.length < 64 * 1024, String(bombs.entry.length));
        assert.equal(inflateExact(bombs.entry, 100, short), undefined);
        assert.equal(inflateLoose(bombs.loose, 1 << 20, short), undefined);
        // A header that lies small over the same zeros.
        assert.equal(inflateLoose(bombs.liar, 1 << 20, short), undefined);
      });

      it('reads each type of loose object, and refuses a header that is not one', () => {
        for (const type of ['blob', 'tree', 'commit', 'tag']) {
          assert.deepEqual(inflateLoose(deflateSync(loose(type, Buffer.from('x'))), 1, short), { type, body: Buffer.from('x') });
        }
        // No NUL within the longest header, another type, a size with a leading zero: not a git object.
        assert.equal(inflateLoose(deflateSync(Buffer.from('blob 123456789012345678901234567890')), 1 << 20, short), undefined);
        assert.equal(inflateLoose(deflateSync(loose('blobs', Buffer.from('x'))), 1, short), undefined);
        assert.equal(inflateLoose(deflateSync(Buffer.from('blob 01\0x')), 1, short), undefined);
      });
    });
  }

  it('the two engines agree on random streams, cut and damaged ones included', () => {
    const r = new SampleGen(99);
    const between = (lo: number, hi: number) => lo + r.int(hi - lo + 1);
    for (let i = 0; i < 200; i++) {
      const body = Buffer.from(r.pick(['hex', 'text']) === 'hex' ? r.hex(2 * between(0, 3000)) : r.alnum(between(0, 5000)).repeat(between(1, 4)), 'latin1');
      let z = deflateSync(loose('blob', body), { level: between(0, 9) });
      const cut = between(0, 2);
      if (cut === 1) z = z.subarray(0, between(0, z.length));
      if (cut === 2) {
        z = Buffer.from(z);
        z[r.int(z.length)] ^= 1 << r.int(8);
      }
      const limit = between(0, 20_000);
      const a = inflateLoose(z, limit, Number.MAX_SAFE_INTEGER);
      const b = inflateLoose(z, limit, -1);
      assert.deepEqual(a, b, `case ${i}`);
      // Only a whole, undamaged object within the limit is read.
      if (a) assert.ok(a.body.equals(body) && body.length <= limit, `case ${i}`);
      else assert.ok(cut !== 0 || body.length > limit, `case ${i}`);
    }
  });
});
