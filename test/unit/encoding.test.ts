// Files are decoded by evidence: a byte-order mark must agree with the content, and UTF-16/UTF-32
// without one are recognised, so no encoding hides a secret that git, dotenv or an editor reads.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { decode } from '../../src/core/files/read';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { Engine } from '../../src/core/scan/engine';
import { scanTaskSync } from '../../src/core/run/file';
import { CLI, makeWorkspace } from './support/workspace';

const g = new SampleGen(4242);
const engine = new Engine();

const utf16 = (s: string, le: boolean) => {
  const b = Buffer.from(s, 'utf16le');
  return le ? b : b.swap16();
};
const utf32 = (s: string, le: boolean) => {
  const cps = [...s].map((c) => c.codePointAt(0)!);
  const b = Buffer.alloc(cps.length * 4);
  cps.forEach((cp, i) => (le ? b.writeUInt32LE(cp, i * 4) : b.writeUInt32BE(cp, i * 4)));
  return b;
};
const BOM = {
  utf8: Buffer.from([0xef, 0xbb, 0xbf]),
  utf16le: Buffer.from([0xff, 0xfe]), utf16be: Buffer.from([0xfe, 0xff]),
  utf32le: Buffer.from([0xff, 0xfe, 0, 0]), utf32be: Buffer.from([0, 0, 0xfe, 0xff]),
};

/** Scans `bytes` as the file `rel` through the real read/decode/scan path; returns what was found where. */
function scanFile(rel: string, bytes: Buffer) {
  const ws = makeWorkspace({ [rel]: bytes });
  try {
    return scanTaskSync({ engine }, { abs: `${ws.dir}/${rel}`, rel }, 1 << 20);
  } finally {
    ws.cleanup();
  }
}

describe('decoding by evidence', () => {
  const token = g.checksummedToken('ghp_');
  // Mostly ASCII, with a Latin-1 letter and a character outside the BMP.
  const text = `# café config 😀\nGITHUB_TOKEN = "${token}"\n`;
  const cases: Array<[string, Buffer, string]> = [
    ['UTF-8', Buffer.from(text), 'utf-8'],
    ['UTF-8 with a BOM', Buffer.concat([BOM.utf8, Buffer.from(text)]), 'utf-8'],
    ['UTF-16LE with a BOM', Buffer.concat([BOM.utf16le, utf16(text, true)]), 'utf-16le'],
    ['UTF-16BE with a BOM', Buffer.concat([BOM.utf16be, utf16(text, false)]), 'utf-16be'],
    ['UTF-16LE without a BOM', utf16(text, true), 'utf-16le'],
    ['UTF-16BE without a BOM', utf16(text, false), 'utf-16be'],
    ['UTF-32LE with a BOM', Buffer.concat([BOM.utf32le, utf32(text, true)]), 'utf-32le'],
    ['UTF-32BE with a BOM', Buffer.concat([BOM.utf32be, utf32(text, false)]), 'utf-32be'],
    ['UTF-32LE without a BOM', utf32(text, true), 'utf-32le'],
    ['UTF-32BE without a BOM', utf32(text, false), 'utf-32be'],
  ];
  for (const [label, bytes, encoding] of cases) {
    it(`reads ${label} and finds the secret at the right line and column`, () => {
      const d = decode(bytes);
      assert.ok('text' in d, `skipped: ${'detail' in d ? d.detail : ''}`);
      assert.equal(d.encoding, encoding);
      assert.equal(d.text, text);
      const r = scanFile('config.py', bytes);
      assert.equal(r.skipped, undefined);
      assert.deepEqual(r.findings.map((f) => [f.ruleId, f.range.start.line, f.range.start.character]), [['github-pat-classic', 1, 16]]);
    });
  }

  it('does not let a UTF-16 byte-order mark hide an ASCII .env (FF FE + ASCII)', () => {
    const password = g.password(18);
    const env = `GITHUB_TOKEN=${token}\nDB_PASSWORD=${password}\n`;
    for (const bom of [BOM.utf16le, BOM.utf16be]) {
      // The two stray bytes in front, as an attacker would add them; also with NUL bytes padded at the end.
      for (const bytes of [Buffer.concat([bom, Buffer.from(env)]), Buffer.concat([bom, Buffer.from(env), Buffer.from('#'), Buffer.alloc(64)])]) {
        const d = decode(bytes);
        assert.ok('text' in d && d.text.includes(`DB_PASSWORD=${password}`), 'the .env was not read as the single-byte text it is');
        const r = scanFile('.env', bytes);
        assert.equal(r.skipped, undefined);
        assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), ['generic-password', 'github-pat-classic']);
      }
    }
  });

  it('keeps real UTF-16 with a BOM whose text is not ASCII', () => {
    const cjk = `// 配置文件：数据库连接与访问令牌，请勿提交到版本库。\nconst GITHUB_TOKEN = "${token}";\n`;
    const d = decode(Buffer.concat([BOM.utf16le, utf16(cjk, true)]));
    assert.ok('text' in d && d.text === cjk);
    const noAscii = '数据库连接与访问令牌请勿提交到版本库'.repeat(20);
    for (const le of [true, false]) {
      const n = decode(Buffer.concat([le ? BOM.utf16le : BOM.utf16be, utf16(noAscii, le)]));
      assert.ok('text' in n && n.text === noAscii);
    }
  });

  it('still skips binary files, saying why', () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0]), Buffer.from(token)]);
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i % 7 === 0 ? 0 : g.int(256))));
    for (const bytes of [elf, random]) {
      const d = decode(bytes);
      assert.ok('skip' in d && d.skip === 'binary', 'binary content was decoded as text');
    }
    assert.equal(scanFile('blob.bin', elf).skipped?.reason, 'binary');
  });
});

describe('CLI on encoded files', () => {
  it('finds the secret in a UTF-16BE .env (exit 1), with and without a BOM', () => {
    const token = g.checksummedToken('ghp_');
    const env = `# local settings\nGITHUB_TOKEN=${token}\n`;
    const ws = makeWorkspace({
      'a/.env': Buffer.concat([BOM.utf16be, utf16(env, false)]),
      'b/.env': utf16(env, false),
    });
    try {
      const r = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'json'], { cwd: ws.dir, encoding: 'utf8', timeout: 20_000 });
      assert.equal(r.status, 1, r.stderr);
      const report = JSON.parse(r.stdout) as { findings: Array<{ path: string; ruleId: string; range: { start: { line: number; character: number } } }>; skipped?: unknown[] };
      assert.deepEqual(report.findings.map((f) => [f.path, f.ruleId, f.range.start.line, f.range.start.character]), [
        ['a/.env', 'github-pat-classic', 1, 13], ['b/.env', 'github-pat-classic', 1, 13],
      ]);
      assert.ok(!r.stdout.includes(token));
    } finally {
      ws.cleanup();
    }
  });
});
