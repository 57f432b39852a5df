import * as assert from 'node:assert/strict';
import { ConfigSchema } from '../../src/core/config/schema';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { listTasks, scan } from '../../src/core/run/scanner';
import { baselineFrom } from '../../src/core/suppress/baseline';
import { makeWorkspace } from './support/workspace';
import { forgetIgnoreFilesUnder, walk, type IgnoreFile } from '../../src/core/files/walk';
import { observeReads } from '../../src/core/files/bounded';
import * as path from 'node:path';

const g = new SampleGen(7);
const config = (over: object = {}) => ConfigSchema.parse(over);

describe('scanner', () => {
  it('on workers, a finding below `fingerprintsFrom` carries no fingerprint, unless a baseline is there to match', async () => {
    const low = g.password(14);
    const medium = g.password(14);
    const files: Record<string, string> = { 'docs/setup.md': `const dbPassword = "${low}";\n`, 'src/config.ts': `const dbPassword = "${medium}";\n` };
    for (let i = 0; i < 30; i++) files[`src/m${i}.ts`] = `export const v${i} = ${i};\n`;
    const ws = makeWorkspace(files);
    try {
      const run = (baseline?: ReturnType<typeof baselineFrom>) => scan({ roots: [ws.dir], base: ws.dir, config: config({}), workers: 2, fingerprintsFrom: 'medium', baseline });
      const s = await run();
      const fp = (p: string, r = s) => [...r.findings, ...r.suppressed].find((f) => f.path === p)!.fingerprint;
      assert.equal(fp('docs/setup.md'), '', 'below the minimum: not computed');
      assert.match(fp('src/config.ts'), /^v2:[0-9a-f]{32}$/);
      const inProcess = await scan({ roots: [ws.dir], base: ws.dir, config: config({}), workers: 0 });
      assert.equal(fp('src/config.ts', inProcess), fp('src/config.ts'), 'the same fingerprint as a scan in this thread');
      // With a baseline, every finding is matched against it: every one has its fingerprint.
      const withBaseline = await run(baselineFrom([], 'none yet'));
      assert.match(fp('docs/setup.md', withBaseline), /^v2:[0-9a-f]{32}$/);
    } finally {
      ws.cleanup();
    }
  });

  it('honours .gitignore at every level, include/exclude globs, and never enters .git', async () => {
    const t = () => `t = "${g.checksummedToken('ghp_')}"\n`;
    const ws = makeWorkspace({
      '.gitignore': 'build/\n*.log\n',
      'src/a.py': t(), 'src/b.log': t(), 'build/out.js': t(), '.git/config': t(),
      'pkg/.gitignore': 'secret-*.txt\n', 'pkg/secret-1.txt': t(), 'pkg/keep.txt': t(),
      'docs/guide.md': t(), 'test/fixture.py': t(),
    });
    try {
      const s = await scan({ roots: [ws.dir], base: ws.dir, config: config({ exclude: ['test/**'] }), workers: 0 });
      assert.deepEqual([...new Set(s.findings.map((f) => f.path))].sort(), ['docs/guide.md', 'pkg/keep.txt', 'src/a.py']);
      const only = await scan({ roots: [ws.dir], base: ws.dir, config: config({ include: ['**/*.py'] }), workers: 0 });
      assert.deepEqual([...new Set(only.findings.map((f) => f.path))].sort(), ['src/a.py', 'test/fixture.py']);
      const all = await scan({ roots: [ws.dir], base: ws.dir, config: config({ gitignore: false }), workers: 0 });
      assert.ok(all.findings.some((f) => f.path === 'build/out.js'));
      assert.ok(!all.findings.some((f) => f.path.startsWith('.git/')));
    } finally {
      ws.cleanup();
    }
  });

  it('a walk within a folder or of one file lists what the whole walk lists there, with the ignore rules above it', async () => {
    const ws = makeWorkspace({
      '.gitignore': 'build/\n*.log\n',
      'src/a.py': 'a', 'src/b.log': 'b', 'src/new/c.py': 'c', 'src/new/d.log': 'd', 'src/new/img.png': 'p',
      'src/new/.gitignore': 'gen/\n', 'src/new/gen/e.py': 'e', 'src/new/deep/f.py': 'f',
      'build/out.js': 'o', 'pkg/.gitignore': 'secret-*.txt\n', 'pkg/sub/secret-1.txt': 's', 'pkg/sub/keep.txt': 'k',
      'test/fixture.py': 't', '.git/config': 'g',
    });
    try {
      const opts = { exclude: ['test/**'] };
      const list = async (within: string, ignoreFiles?: Map<string, IgnoreFile | null>) => {
        const out: string[] = [];
        for await (const f of walk(ws.dir, { ...opts, within: path.join(ws.dir, within), ignoreFiles })) out.push(f.rel);
        return out.sort();
      };
      const whole: string[] = [];
      const ignoreFiles = new Map<string, IgnoreFile | null>();
      for await (const f of walk(ws.dir, { ...opts, ignoreFiles })) whole.push(f.rel);
      // Each folder's part of the whole walk, and each file the whole walk lists, alone.
      for (const dir of ['src', 'src/new', 'pkg', 'pkg/sub', 'build', 'test', '.git']) {
        assert.deepEqual(await list(dir), whole.filter((r) => r.startsWith(`${dir}/`)).sort(), dir);
      }
      assert.deepEqual(await list('src/new'), ['src/new/.gitignore', 'src/new/c.py', 'src/new/deep/f.py']);
      for (const file of ['src/a.py', 'src/b.log', 'src/new/gen/e.py', 'src/new/img.png', 'pkg/sub/secret-1.txt', 'pkg/sub/keep.txt', 'build/out.js', 'test/fixture.py', '.git/config']) {
        assert.deepEqual(await list(file), whole.includes(file) ? [file] : [], file);
      }
      assert.deepEqual(await list('../outside'), [], 'nothing outside the root');
      // The whole walk kept each folder's .gitignore (null: none); a walk, whole or within, takes them from there.
      assert.equal(ignoreFiles.get(ws.dir)?.raw, 'build/\n*.log\n');
      assert.equal(ignoreFiles.get(path.join(ws.dir, 'src')), null);
      ignoreFiles.set(ws.dir, { raw: 'build/\n*.log\n*.py\n', text: 'kept' });
      assert.deepEqual(await list('src', ignoreFiles), ['src/new/.gitignore'], 'the kept rules, not the file');
      const again: Array<{ rel: string; content?: string }> = [];
      for await (const f of walk(ws.dir, { ...opts, ignoreFiles })) again.push(f);
      assert.ok(!again.some((f) => f.rel.endsWith('.py')), 'a whole walk takes the kept rules too');
      assert.equal(again.find((f) => f.rel === '.gitignore')?.content, 'kept', 'and the kept text, not read again');
      // A folder deleted: what was kept for it and below goes, a sibling that shares its name's start stays.
      const kept = new Map<string, IgnoreFile | null>([[path.join(ws.dir, 'src'), null], [path.join(ws.dir, 'src', 'new'), { raw: 'gen/' }], [path.join(ws.dir, 'src2'), null]]);
      forgetIgnoreFilesUnder(kept, path.join(ws.dir, 'src'));
      assert.deepEqual([...kept.keys()], [path.join(ws.dir, 'src2')]);
    } finally {
      ws.cleanup();
    }
  });

  it('applies the ignore rules above a root inside a git work tree, as git and ripgrep do: every .gitignore from the top, and .git/info/exclude', async () => {
    const ws = makeWorkspace({
      'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/.git/info/exclude': 'local-*.txt\n',
      'repo/.gitignore': 'app/gen/\n*.log\n', 'repo/app/.gitignore': 'tmp/\n',
      'repo/app/src/a.py': 'a', 'repo/app/src/b.log': 'b', 'repo/app/gen/c.py': 'c', 'repo/app/tmp/d.py': 'd',
      'repo/app/src/local-e.txt': 'e', 'repo/app/src/f.txt': 'f', 'repo/app/gen/.gitignore': 'g.py\n', 'repo/app/gen/g.py': 'g',
      'plain/.gitignore': '*.py\n', 'plain/sub/h.py': 'h', 'plain/sub/i.txt': 'i',
    });
    const list = async (root: string, o: { gitignore?: boolean; within?: string } = {}) => {
      const out: string[] = [];
      const abs = path.join(ws.dir, root);
      for await (const f of walk(abs, { ...o, within: o.within && path.join(abs, o.within) })) out.push(f.rel);
      return out.sort();
    };
    try {
      // From the top, as git lists it (the exclude file too).
      assert.deepEqual(await list('repo'), ['.gitignore', 'app/.gitignore', 'app/src/a.py', 'app/src/f.txt']);
      // From a folder inside: the same files, whichever folder the scan starts from.
      assert.deepEqual(await list('repo/app'), ['.gitignore', 'src/a.py', 'src/f.txt']);
      assert.deepEqual(await list('repo/app/src'), ['a.py', 'f.txt']);
      assert.deepEqual(await list('repo/app', { within: 'src' }), ['src/a.py', 'src/f.txt'], 'and within a folder of it');
      // A folder the rules above ignore, named on purpose: scanned, with its own rules.
      assert.deepEqual(await list('repo/app/gen'), ['.gitignore', 'c.py']);
      assert.deepEqual(await list('repo/app/src', { gitignore: false }), ['a.py', 'b.log', 'f.txt', 'local-e.txt'], 'none with --no-gitignore');
      // Outside a work tree a folder's ignore rules stop at the root (no repository to say otherwise).
      assert.deepEqual(await list('plain/sub'), ['h.py', 'i.txt']);
      // A scan of a folder inside reports the same findings as the scan of the top, for the same files.
      const token = g.checksummedToken('ghp_');
      const ws2 = makeWorkspace({ '.git/HEAD': 'x', '.gitignore': 'sub/build/\n', 'sub/build/out.js': `t = "${token}"`, 'sub/src/app.js': `t = "${token}"` });
      try {
        const top = await scan({ roots: [ws2.dir], base: ws2.dir, config: config(), workers: 0 });
        const sub = await scan({ roots: [path.join(ws2.dir, 'sub')], base: path.join(ws2.dir, 'sub'), config: config(), workers: 0 });
        assert.deepEqual(top.findings.map((f) => f.path), ['sub/src/app.js']);
        assert.deepEqual(sub.findings.map((f) => f.path), ['src/app.js']);
      } finally {
        ws2.cleanup();
      }
    } finally {
      ws.cleanup();
    }
  });

  it('walks that start together with one map of kept ignore files read each ignore file once', async () => {
    const ws = makeWorkspace({
      'repo/.git/HEAD': 'x', 'repo/.git/info/exclude': '*.tmp\n', 'repo/.gitignore': 'gen/\n', 'repo/app/.gitignore': 'out/\n',
      'repo/app/src/a.py': 'a', 'repo/app/gen/b.py': 'b',
    });
    const reads = new Map<string, number>();
    observeReads((f) => reads.set(path.relative(ws.dir, f), (reads.get(path.relative(ws.dir, f)) ?? 0) + 1));
    try {
      const known = new Map<string, IgnoreFile | null>();
      const list = async (root: string, within?: string) => {
        const out: string[] = [];
        for await (const f of walk(path.join(ws.dir, root), { ignoreFiles: known, within: within && path.join(ws.dir, root, within) })) out.push(f.rel);
        return out.sort();
      };
      const all = await Promise.all([list('repo/app'), list('repo/app'), list('repo/app', 'src'), list('repo/app', 'src/a.py')]);
      assert.deepEqual(all, [['.gitignore', 'src/a.py'], ['.gitignore', 'src/a.py'], ['src/a.py'], ['src/a.py']]);
      const ignoreReads = [...reads].filter(([f]) => /(\.gitignore|exclude)$/.test(f)).sort();
      // src/ has none: the walk within its file asks for it once, unless a whole walk listed src/ first
      // and so kept that it has none (which comes first depends on the file system's timing).
      const missing = path.join('repo', 'app', 'src', '.gitignore');
      assert.ok((reads.get(missing) ?? 0) <= 1, `${missing} asked for ${reads.get(missing)} times`);
      assert.deepEqual(ignoreReads.filter(([f]) => f !== missing), [
        [path.join('repo', '.git', 'info', 'exclude'), 1], [path.join('repo', '.gitignore'), 1], [path.join('repo', 'app', '.gitignore'), 1],
      ]);
    } finally {
      observeReads(undefined);
      ws.cleanup();
    }
  });

  it('skips binary and oversized files, saying so, and tolerates invalid UTF-8', async () => {
    const token = g.checksummedToken('ghp_');
    const ws = makeWorkspace({
      'blob.dat': Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]), Buffer.from(token)]),
      'big.txt': `k = "${token}"\n` + 'x'.repeat(5000),
      'latin1.py': Buffer.concat([Buffer.from('# caf\xe9 \xff\xfe broken\n', 'latin1'), Buffer.from(`t = "${token}"\n`)]),
    });
    try {
      const s = await scan({ roots: [ws.dir], base: ws.dir, config: config({ maxFileSize: 4096 }), workers: 0 });
      assert.deepEqual(s.skipped.map((k) => [k.path, k.reason]).sort(), [['big.txt', 'too-large'], ['blob.dat', 'binary']]);
      assert.match(s.skipped.find((k) => k.path === 'big.txt')!.detail, /over the 4\.0 KiB limit/);
      assert.deepEqual(s.findings.map((f) => [f.path, f.range.start.line]), [['latin1.py', 1]]);
    } finally {
      ws.cleanup();
    }
  });

  it('gives the same findings on worker threads as in process, streaming results with progress', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 120; i++) files[`src/m${i}.ts`] = i % 10 === 0 ? `export const k = "${g.checksummedToken('ghp_')}";\n` : `export const n${i} = ${i};\n`;
    const ws = makeWorkspace(files);
    try {
      const streamed: string[] = [];
      const progress: number[] = [];
      const threaded = await scan({
        roots: [ws.dir], base: ws.dir, config: config(), workers: 2,
        onResult: (r) => streamed.push(r.path), onProgress: (p) => progress.push(p.filesDone),
      });
      const inline = await scan({ roots: [ws.dir], base: ws.dir, config: config(), workers: 0 });
      assert.equal(threaded.files, 120);
      assert.equal(streamed.length, 120);
      assert.deepEqual(progress, Array.from({ length: 120 }, (_, i) => i + 1));
      assert.equal(threaded.findings.length, 12);
      assert.deepEqual(threaded.findings.map((f) => f.fingerprint), inline.findings.map((f) => f.fingerprint));
    } finally {
      ws.cleanup();
    }
  });

  it('scans while it walks: workers chosen by the files found, the walk\'s order and every file reported, the same findings as in process', async () => {
    const files: Record<string, string> = {};
    for (let d = 0; d < 12; d++) {
      for (let i = 0; i < 25; i++) files[`pkg${d}/src/m${i}.ts`] = i % 8 === 0 ? `export const k = "${g.checksummedToken('ghp_')}";\n` : `export const n${i} = ${i};\n`;
    }
    const ws = makeWorkspace(files);
    try {
      let listed: string[] = [];
      const totals: number[] = [];
      const streamed = await scan({
        roots: [ws.dir], base: ws.dir, config: config(), // no `workers`: more files than the in-process limit, so workers join as the walk goes
        onListed: (tasks) => (listed = tasks.map((t) => t.rel)), onProgress: (p) => totals.push(p.filesTotal),
      });
      const walked = await listTasks({ roots: [ws.dir], base: ws.dir, config: config() });
      assert.deepEqual(listed, walked.map((t) => t.rel), 'onListed has every file in the walk\'s order');
      assert.equal(streamed.files, 300);
      assert.equal(totals[totals.length - 1], 300);
      assert.ok(totals.every((t, i) => i === 0 || t >= totals[i - 1]), 'the total only grows');
      const inline = await scan({ roots: [ws.dir], base: ws.dir, config: config(), workers: 0 });
      assert.equal(streamed.findings.length, 48);
      assert.deepEqual(streamed.findings.map((f) => `${f.path} ${f.fingerprint}`), inline.findings.map((f) => `${f.path} ${f.fingerprint}`));
      // Cancelled while the walk still lists files: a partial result, and no worker left running.
      const controller = new AbortController();
      const partial = await scan({
        roots: [ws.dir], base: ws.dir, config: config(), signal: controller.signal,
        onProgress: (p) => { if (p.filesDone >= 24) controller.abort(); },
      });
      assert.equal(partial.cancelled, true);
      assert.ok(partial.files < 300);
    } finally {
      ws.cleanup();
    }
  });

  it('stops when cancelled and says the result is partial', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`f${i}.js`] = `const password = "${g.password()}";\n`.repeat(50);
    const ws = makeWorkspace(files);
    try {
      const controller = new AbortController();
      const s = await scan({
        roots: [ws.dir], base: ws.dir, config: config(), workers: 2, signal: controller.signal,
        onProgress: (p) => { if (p.filesDone >= 30) controller.abort(); },
      });
      assert.equal(s.cancelled, true);
      assert.ok(s.files < 400, `scanned ${s.files} files after cancel`);
    } finally {
      ws.cleanup();
    }
  });

  it('applies a baseline by fingerprint, so moved lines stay accepted, and expired entries do not', async () => {
    const a = g.checksummedToken('ghp_');
    const b = g.checksummedToken('ghp_');
    const ws = makeWorkspace({ 'x.py': `a = "${a}"\nb = "${b}"\n` });
    try {
      const first = await scan({ roots: [ws.dir], base: ws.dir, config: config(), workers: 0 });
      const baseline = baselineFrom(first.findings, 'rotated in INC-1234');
      baseline.entries[1].expires = '2020-01-01';
      const moved = makeWorkspace({ 'y.py': `\n\n# moved\nb = "${b}"\n\na = "${a}"\n` });
      try {
        const again = await scan({ roots: [moved.dir], base: moved.dir, config: config(), baseline, workers: 0, today: '2026-11-24' });
        assert.equal(again.suppressed.length, 1);
        assert.deepEqual(again.suppressed[0].suppressed, { by: 'baseline', reason: 'rotated in INC-1234' });
        assert.equal(again.findings.length, 1);
        assert.equal(again.expiredBaselineEntries.length, 1);
      } finally {
        moved.cleanup();
      }
    } finally {
      ws.cleanup();
    }
  });
});
