// Hostile inputs, on real files: FIFOs, links to /dev/zero and out of the tree, link loops, folders
// deeper than PATH_MAX, oversized files, YAML bombs, catastrophic globs. Nothing may block, grow
// without bound, or go unreported. (Linux: mkfifo and /dev/zero.)
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { loadConfig } from '../../src/core/config/load';
import { ConfigSchema } from '../../src/core/config/schema';
import { UserError } from '../../src/core/errors';
import { readBounded, readBoundedSync } from '../../src/core/files/bounded';
import { compileGlob, GlobError } from '../../src/core/files/glob';
import { IgnoreRules } from '../../src/core/files/gitignore';
import { replaceWithLookup } from '../../src/core/fix/env-lookup';
import { buildReference, isKubernetesManifest } from '../../src/core/fix/vault-ref';
import { kubernetesReferences } from '../../src/core/ownership/discovery/kubernetes';
import { terraformResources } from '../../src/core/ownership/discovery/terraform';
import { inlineSuppression } from '../../src/core/suppress/inline';
import { toEnvName } from '../../src/core/text/credential-name';
import { LineIndex } from '../../src/core/text/lines';
import { MAX_NESTING, nestsDeeperThan } from '../../src/core/text/nesting';
import { parseAllYamlDocuments, parseJsoncTree, parseYamlDocument } from '../../src/core/text/structured';
import { loadOwnershipContext, loadOwnershipContextAsync, parseRegister } from '../../src/core/ownership';
import { matchesPattern } from '../../src/core/ownership/match';
import { addMatch, RegisterEditError } from '../../src/core/ownership/register-edit';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { scan } from '../../src/core/run/scanner';
import { readBaseline } from '../../src/core/suppress/baseline';
import { CATASTROPHIC_GLOB, makeHostile, type Hostile } from './support/hostile';
import { CLI, makeWorkspace } from './support/workspace';

const g = new SampleGen(4242);
const token = g.checksummedToken('ghp_');

/** Fails the test if `fn` takes longer than `ms` (a FIFO read that blocks would never return at all). */
async function within<T>(ms: number, what: string, fn: () => Promise<T> | T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const started = Date.now();
  try {
    return await Promise.race([
      Promise.resolve().then(fn),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
    assert.ok(Date.now() - started < ms, `${what} took ${Date.now() - started} ms`);
  }
}

function fifoIn(dir: string, rel: string): string {
  const abs = path.join(dir, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  execFileSync('mkfifo', [abs]);
  return abs;
}

describe('bounded reads of workspace files', () => {
  let ws: ReturnType<typeof makeWorkspace>;
  let outside: ReturnType<typeof makeWorkspace>;
  before(() => {
    ws = makeWorkspace({ 'small.txt': 'hello\n', 'big.txt': 'x'.repeat(5000), 'folder/keep.txt': 'k\n' });
    outside = makeWorkspace({ 'secret.txt': 'outside\n' });
    fifoIn(ws.dir, 'pipe');
    symlinkSync('/dev/zero', path.join(ws.dir, 'zero'));
    symlinkSync(path.join(outside.dir, 'secret.txt'), path.join(ws.dir, 'out.txt'));
    symlinkSync(outside.dir, path.join(ws.dir, 'out-folder'));
    symlinkSync(path.join(ws.dir, 'small.txt'), path.join(ws.dir, 'in.txt'));
  });
  after(() => {
    ws.cleanup();
    outside.cleanup();
  });

  for (const [name, read] of [['async', readBounded], ['sync', readBoundedSync]] as const) {
    it(`${name}: refuses a FIFO without blocking on open`, async () => {
      const r = await within(2000, 'reading a FIFO', () => read(path.join(ws.dir, 'pipe'), { maxBytes: 1024 }));
      assert.equal(r.ok, false);
      assert.deepEqual(r.ok ? undefined : [r.reason, r.detail], ['not-a-file', 'a FIFO (named pipe)']);
    });

    it(`${name}: refuses a link to /dev/zero (a character device), reading nothing`, async () => {
      const r = await within(2000, 'reading /dev/zero', () => read(path.join(ws.dir, 'zero'), { maxBytes: 1024 }));
      assert.deepEqual(r.ok ? undefined : [r.reason, r.detail], ['not-a-file', 'a character device']);
    });

    it(`${name}: refuses a link out of the root, and reads it when no root is given`, async () => {
      const r = await read(path.join(ws.dir, 'out.txt'), { maxBytes: 1024, root: ws.dir });
      assert.equal(r.ok ? 'read' : r.reason, 'outside-root');
      const free = await read(path.join(ws.dir, 'out.txt'), { maxBytes: 1024 });
      assert.equal(free.ok && free.bytes.toString(), 'outside\n');
    });

    it(`${name}: refuses a path through a linked folder out of the root; reads a link that stays inside`, async () => {
      // The walk follows no link, but a path can be handed over (or a folder swapped) with one inside it:
      // what was opened is checked, not only the last component.
      const through = await read(path.join(ws.dir, 'out-folder', 'secret.txt'), { maxBytes: 1024, root: ws.dir });
      assert.equal(through.ok ? 'read' : through.reason, 'outside-root');
      const inside = await read(path.join(ws.dir, 'in.txt'), { maxBytes: 1024, root: ws.dir });
      assert.equal(inside.ok && inside.bytes.toString(), 'hello\n');
      // A root given through a link is where it leads: its files are inside it.
      const viaLink = await read(path.join(ws.dir, 'out-folder', 'secret.txt'), { maxBytes: 1024, root: path.join(ws.dir, 'out-folder') });
      assert.equal(viaLink.ok && viaLink.bytes.toString(), 'outside\n');
    });

    it(`${name}: refuses a file over the cap before reading, a folder, and a missing file with ENOENT`, async () => {
      const big = await read(path.join(ws.dir, 'big.txt'), { maxBytes: 4096, root: ws.dir });
      assert.deepEqual(big.ok ? undefined : [big.reason, big.detail], ['too-large', '4.9 KiB is over the 4.0 KiB limit']);
      const dir = await read(path.join(ws.dir, 'folder'), { maxBytes: 4096 });
      assert.deepEqual(dir.ok ? undefined : [dir.reason, dir.detail], ['not-a-file', 'a folder']);
      const gone = await read(path.join(ws.dir, 'nope'), { maxBytes: 4096 });
      assert.equal(gone.ok ? undefined : gone.code, 'ENOENT');
      const ok = await read(path.join(ws.dir, 'small.txt'), { maxBytes: 4096, root: ws.dir });
      assert.equal(ok.ok && ok.bytes.toString(), 'hello\n');
    });

    it(`${name}: reads a file whole at every size around its buffers, and on past its size when it holds more (/proc)`, async () => {
      const sizes = [0, 1, 2047, 2048, 2049, 65535, 65536, 65537, 200_000];
      for (const size of sizes) {
        const text = Array.from({ length: size }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
        const file = path.join(ws.dir, `sized-${size}.txt`);
        writeFileSync(file, text);
        const r = await read(file, { maxBytes: 1 << 20, root: ws.dir });
        assert.equal(r.ok && r.bytes.toString(), text, `${size} bytes`);
      }
      // /proc/self/status stats as 0 bytes and holds more: read on past the size to the end.
      const status = await read('/proc/self/status', { maxBytes: 1 << 20 });
      assert.ok(status.ok && /^Name:/.test(status.bytes.toString()) && /\nVmRSS:|\nThreads:/.test(status.bytes.toString()));
    });

    it(`${name}: reads at most the cap when the file holds more than its size says (/proc)`, async () => {
      // /proc files stat as 0 bytes: the size check passes, the read itself must stop at the cap.
      const r = await read('/proc/self/maps', { maxBytes: 16 });
      assert.deepEqual(r.ok ? undefined : r.reason, 'too-large');
    });
  }

  it('config, baseline and register that are FIFOs are errors or issues, not hangs', async () => {
    const w = makeWorkspace({});
    try {
      fifoIn(w.dir, '.credential-hygiene.json');
      await within(3000, 'loading a FIFO config', () => {
        assert.throws(() => loadConfig(w.dir), (e: Error) => e instanceof UserError && /\.credential-hygiene\.json: is a FIFO/.test(e.message));
      });
      const baseline = fifoIn(w.dir, 'baseline.json');
      await within(3000, 'reading a FIFO baseline', () => {
        assert.throws(() => readBaseline(baseline), /cannot read baseline .*baseline\.json: is a FIFO/);
      });
      fifoIn(w.dir, 'credentials.yaml');
      fifoIn(w.dir, 'catalog-info.yaml');
      fifoIn(w.dir, 'CODEOWNERS');
      for (const load of [loadOwnershipContext, loadOwnershipContextAsync]) {
        const ctx = await within(3000, 'loading ownership from FIFOs', () => load(w.dir, {}));
        assert.equal(ctx.enabled, true);
        assert.deepEqual(ctx.register.issues.map((i) => [i.code, i.message]), [['unreadable', 'cannot read the register: it is a FIFO (named pipe)']]);
        assert.deepEqual([ctx.catalogs.length, ctx.codeowners], [0, undefined]);
      }
    } finally {
      w.cleanup();
    }
  });

  it('a YAML "billion laughs" register is an issue, not an explosion', async () => {
    const h = makeHostile({ secretLine: token });
    try {
      const ctx = await within(5000, 'parsing a YAML bomb', () => loadOwnershipContext(h.dir, {}));
      assert.equal(ctx.register.identities.length, 0);
      assert.match(ctx.register.issues[0].message, /alias/i);
      const catalog = await within(5000, 'parsing a YAML bomb catalog', () => parseRegister('a: &a [1,2,3,4,5,6,7,8,9]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n'));
      assert.match(catalog.issues[0].message, /alias/i);
    } finally {
      h.cleanup();
    }
  });
});

describe('bounded globs', () => {
  const paths = ['a.js', 'src/a.js', 'src/x/a.js', 'x/y/t.py', 'test/a', 'test/a/b', 'test', 'a/b', 'a/x/y/b', 'dist', 'dist/a', 'file1.txt',
    'filea.txt', '.env', '.env.local', 's/.env', 'a/c/z.txt', 'f2.txt', 'f4.txt', 'README.md', 'src/a/b/c.test.ts', '[abc', 'a*b'];
  const patterns = ['*.js', 'src/*.js', '**/*.py', 'test/**', 'a/**/b', '**', 'dist', '*.{js,ts}', 'file[0-9].txt', 'file[!0-9].txt', '.env*',
    '**/.env', '{a,b}/{c,d}/*.txt', 'f{1..3}.txt', '!*.md', '[abc', 'a\\*b', 'src/**/*.test.ts', '?.js'];

  it('matches as minimatch does (dot, matchBase) on the patterns configs use', () => {
    const diffs: string[] = [];
    for (const p of patterns) {
      const glob = compileGlob(p, { matchBase: true });
      for (const s of paths) if (glob.match(s) !== minimatch(s, p, { dot: true, matchBase: true })) diffs.push(`${p} vs ${s}`);
    }
    assert.deepEqual(diffs, []);
  });

  it('refuses extglobs, overlong patterns and brace explosions, naming the pattern', () => {
    for (const p of [CATASTROPHIC_GLOB, '*(a|b)', '@(x)', '!(y)', '?(z)', 'src/+(a|a)b']) {
      assert.throws(() => compileGlob(p), (e: Error) => e instanceof GlobError && e.message.includes(JSON.stringify(p)) && /extglob/.test(e.message));
    }
    assert.throws(() => compileGlob('a'.repeat(1001)), /1001 characters long; the limit is 1000/);
    assert.throws(() => compileGlob('{1..100000}'), /range \{1\.\.100000\} of more than 256 values/);
    assert.throws(() => compileGlob('{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}'), /more than 256 alternatives/);
  });

  it('matches star-heavy patterns against long names in linear time', async () => {
    // minimatch's regex for this takes minutes on a 255-character name.
    const glob = compileGlob(`${'*a'.repeat(12)}*b`, { matchBase: true });
    await within(500, 'a star-heavy glob', () => assert.equal(glob.match(`dir/${'a'.repeat(250)}c`), false));
    assert.equal(matchesPattern(`${'*A'.repeat(12)}*B`, `${'A'.repeat(250)}C`), false);
    assert.equal(matchesPattern('STRIPE_*', 'STRIPE_KEY'), true);
    assert.equal(matchesPattern('+(a|a)b', '+(a|a)b'), true); // literal in ownership `match`, as before
  });

  it('matches .gitignore rules as git does, in linear time: the hostile lines the `ignore` package takes minutes on', async () => {
    const text = [
      '# comment', 'node_modules/', '*.log', '!keep.log', '/build', 'docs/*.md', '**/tmp/**', 'foo/**/bar', '\\#hash', 'space\\ ',
      '*.py[co]', '.env*', '!.env.example', 'secret?.txt', '/a/b/', 'lib/**', '{x,y}.js', 'trailing   ',
    ].join('\n');
    const paths = [
      'node_modules/', 'x/node_modules/', 'x/node_modules/y.js', 'x.log', 'd/keep.log', 'd/x.log', 'build', 'src/build', 'docs/a.md',
      'docs/sub/a.md', 'a/tmp/b', 'tmp/x', 'foo/bar', 'foo/a/b/bar', '#hash', 'space ', 'm.pyc', 'm.py', '.env', '.env.local',
      '.env.example', 'secret1.txt', 'secret12.txt', 'a/b/', 'a/b/c', 'lib/x/y', '{x,y}.js', 'x.js', 'trailing', 'deep/a/b/c/d.log',
    ];
    // The reference is git itself (check-ignore, on these paths made for real in a repository).
    const repo = makeWorkspace({ '.gitignore': text });
    try {
      execFileSync('git', ['init', '-q'], { cwd: repo.dir });
      for (const p of paths) {
        const abs = path.join(repo.dir, p);
        if (p.endsWith('/')) mkdirSync(abs, { recursive: true });
        else {
          mkdirSync(path.dirname(abs), { recursive: true });
          writeFileSync(abs, '');
        }
      }
      const r = spawnSync('git', ['check-ignore', '--no-index', '--stdin'], { cwd: repo.dir, input: paths.join('\n'), encoding: 'utf8' });
      const byGit = new Set(r.stdout.split('\n').filter(Boolean));
      const rules = new IgnoreRules(text);
      for (const p of paths) assert.equal(rules.ignores(p), byGit.has(p), `${p}: git says ${byGit.has(p) ? '' : 'not '}ignored`);
      assert.ok(byGit.size >= 15, 'the cases exercise both answers');
    } finally {
      repo.cleanup();
    }
    // Hostile lines, against paths a folder nest or a long name makes.
    const deep = `${'a/'.repeat(2000)}c`;
    for (const line of [`${'**/a/'.repeat(8)}**/b`, `${'*a'.repeat(400)}b`, '[a'.repeat(300), `/${'**/'.repeat(31)}x`]) {
      const rules = new IgnoreRules(line);
      await within(2000, `the ignore line ${line.slice(0, 20)}…`, () => {
        assert.equal(rules.ignores(deep), false);
        assert.equal(rules.ignores(`${'a'.repeat(4000)}c`), false);
      });
    }
    // A line of more segments than any real one has is not applied, and counted.
    assert.equal(new IgnoreRules(`${'**/a/'.repeat(40)}**/b`).dropped, 1);
  });

  it('a config with a catastrophic exclude is a config error naming the pattern and the file', async () => {
    const w = makeWorkspace({ '.credential-hygiene.json': JSON.stringify({ exclude: ['dist/**', CATASTROPHIC_GLOB] }) });
    try {
      assert.throws(() => loadConfig(w.dir), (e: Error) => e instanceof UserError && e.message.includes('.credential-hygiene.json: "exclude": glob "+(a|a)b" uses extglob syntax'));
      const lenient = loadConfig(w.dir, undefined, { dropBadGlobs: true });
      assert.deepEqual(lenient.config.exclude, ['dist/**']);
      assert.equal(lenient.globProblems.length, 1);
      // A caller that skips the config check still cannot run the pattern (scan compiles with the bounded matcher).
      await assert.rejects(
        within(3000, 'scan with an extglob', () => scan({ roots: [w.dir], base: w.dir, config: ConfigSchema.parse({ exclude: [CATASTROPHIC_GLOB] }), workers: 0 })),
        /extglob/,
      );
    } finally {
      w.cleanup();
    }
  });
});

describe('blank-line runs', () => {
  // `^\s*word` with the m flag tries each line start and reads every blank line after it: quadratic.
  // These read whole files (discovery on every YAML and Terraform file, the fixes on the file they edit).
  it('a file of 100,000 blank lines is read in linear time by ownership discovery and the fixes', async () => {
    const blank = '\n'.repeat(100_000);
    await within(2000, 'discovery and fixes on blank lines', () => {
      assert.deepEqual(kubernetesReferences(`${blank}x: 1\n`), []);
      assert.deepEqual(terraformResources(`resource "aws_iam_access_key" "k" {${blank}}\n`).map((h) => h.name), ['terraform:aws_iam_access_key.k']);
      assert.equal(isKubernetesManifest(blank), false);
      assert.equal(buildReference({ provider: 'awssecrets', name: 'API_KEY', project: 'p', path: 'x.yaml', text: blank }).native, false);
      for (const style of ['python', 'csharp'] as const) assert.ok(replaceWithLookup(`${blank}k = "v"\n`, 100_005, 100_008, style, 'K').length >= 1);
      const tagged = terraformResources(`resource "aws_secretsmanager_secret" "s" {\n  tags = {${blank}    Owner = "group:x"\n  }\n}\n`);
      assert.equal(tagged[0]?.resource?.owner, 'group:x');
    });
  });

  it('runs of spaces, quotes and capitals: suppression reasons, names and a docstring of quotes', async () => {
    const spaces = ' '.repeat(2000); // a marker sits in a line's last 4,096 characters
    const quotes = '"'.repeat(20_000);
    await within(2000, 'lines of spaces, quotes and capitals', () => {
      // A marker's reason with a comment end after a line of spaces, on each of 200 lines.
      const text = Array.from({ length: 200 }, () => `k = 1 /* credential-hygiene:allow fixture${spaces}x${spaces}*/`).join('\n');
      const lines = new LineIndex(text);
      for (let i = 0; i < 200; i++) assert.equal(inlineSuppression(lines, i), `fixture${spaces}x`);
      assert.equal(toEnvName('QUJD'.repeat(5000)).length, 20_000);
      assert.ok(replaceWithLookup(`${quotes}\nk = "v"\n`, 20_005, 20_008, 'python', 'K').length >= 1);
    });
  });
});

describe('hostile workspace', () => {
  let h: Hostile;
  before(() => {
    h = makeHostile({ secretLine: token });
  });
  after(() => h.cleanup());

  function checkSkipped(skipped: Array<{ path: string; reason: string; detail: string }>): void {
    for (const e of h.expectSkipped) {
      const hit = skipped.find((s) => (typeof e.path === 'string' ? s.path === e.path : e.path.test(s.path)));
      assert.ok(hit, `${String(e.path)} is not reported as skipped (got ${JSON.stringify(skipped.map((s) => s.path))})`);
      assert.equal(hit.reason, e.reason, `${hit.path}: ${hit.detail}`);
      if (e.detail) assert.match(hit.detail, e.detail, hit.path);
    }
  }

  it('scan (in process) finishes, reports every trap with its reason, and still scans the rest', async () => {
    const s = await within(15_000, 'scanning the hostile workspace', () => scan({ roots: [h.dir], base: h.dir, config: ConfigSchema.parse({}), workers: 0 }));
    checkSkipped(s.skipped);
    const found = new Set(s.findings.map((f) => f.path));
    for (const p of h.expectScanned) assert.ok(found.has(p), `${JSON.stringify(p)} was not scanned`);
    assert.ok(!s.findings.some((f) => f.path.includes('outside')), 'followed a link out of the tree');
  });

  it('the built CLI finishes within 20 s, exits 0 or 1, and lists what it skipped and why', () => {
    const started = Date.now();
    const r = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'json'], { cwd: h.dir, encoding: 'utf8', timeout: 20_000, maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.error, undefined, `the CLI did not finish: ${r.error?.message}`);
    assert.ok(Date.now() - started < 20_000);
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    const report = JSON.parse(r.stdout);
    checkSkipped(report.skipped);
    assert.equal(report.summary.skipped, report.skipped.length);
    for (const p of h.expectScanned) assert.ok(report.findings.some((f: { path: string }) => f.path === p), `${JSON.stringify(p)} was not scanned`);
    assert.ok(report.ownership.findings.some((f: { ruleId: string; message: string }) => f.ruleId === 'owner/register-invalid' && /alias/i.test(f.message)));
    assert.ok(!r.stdout.includes(token) && !r.stderr.includes(token), 'a secret value reached the output');
    const text = spawnSync(process.execPath, [CLI, 'scan', '.'], { cwd: h.dir, encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
    assert.ok(text.status === 0 || text.status === 1, text.stderr);
    assert.match(text.stdout, /skipped pipe\.txt: not-a-file \(a FIFO \(named pipe\)\)/);
    assert.match(text.stdout, /skipped big\.env: symlink \(symbolic link, not followed \(to a character device/);
    assert.match(text.stdout, /skipped 1 file by type, not read \(1 \.png\)/);
  });

  it('the built CLI refuses the catastrophic exclude glob quickly: exit 2, naming the pattern and the file', () => {
    writeFileSync(path.join(h.dir, '.credential-hygiene.json'), JSON.stringify({ exclude: [CATASTROPHIC_GLOB] }));
    try {
      const r = spawnSync(process.execPath, [CLI, 'scan', '.'], { cwd: h.dir, encoding: 'utf8', timeout: 10_000 });
      assert.equal(r.error, undefined, `the CLI did not finish: ${r.error?.message}`);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /\.credential-hygiene\.json: "exclude": glob "\+\(a\|a\)b" uses extglob syntax/);
    } finally {
      execFileSync('rm', ['-f', path.join(h.dir, '.credential-hygiene.json')]);
    }
  });

  it('the built CLI exits 2 with a clear message when a path it was given cannot be scanned', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'scan', ...args], { cwd: h.dir, encoding: 'utf8', timeout: 10_000 });
    const cases: Array<[string[], RegExp]> = [
      [['pipe.txt'], /cannot scan .*pipe\.txt: it is a FIFO \(named pipe\), not a file or folder/],
      [['big.env'], /cannot scan .*big\.env: it is a character device/],
      [['/dev/null'], /cannot scan \/dev\/null: it is a character device/],
      [['loop-a'], /cannot scan .*loop-a: too many levels of symbolic links \(ELOOP\)/],
      [['no-such-file'], /no such file or folder: .*no-such-file/],
      [[`${'n'.repeat(300)}.txt`], /ENAMETOOLONG/],
      [['huge.min.js'], /cannot scan .*huge\.min\.js: 20\.0 MiB is over the .* limit/],
      [['src/app.ts', 'pipe.txt'], /pipe\.txt: it is a FIFO/],
    ];
    for (const [args, message] of cases) {
      const r = run(...args);
      assert.equal(r.error, undefined, `${args.join(' ')}: did not finish`);
      assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status} ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });

  it('a folder root cannot read (chmod 000) is reported', async function () {
    // Tests run as root here, and root reads a chmod 000 folder anyway; the walk's "folder not listed"
    // path is covered by the folder deeper than PATH_MAX (ENAMETOOLONG) in the hostile workspace.
    if (process.getuid?.() === 0) this.skip();
    const w = makeWorkspace({ 'locked/a.txt': 'x\n', 'ok.txt': 'y\n' });
    try {
      execFileSync('chmod', ['000', path.join(w.dir, 'locked')]);
      const s = await scan({ roots: [w.dir], base: w.dir, config: ConfigSchema.parse({}), workers: 0 });
      assert.deepEqual(s.skipped.map((k) => [k.path, k.reason]), [['locked/', 'unreadable']]);
    } finally {
      execFileSync('chmod', ['700', path.join(w.dir, 'locked')]);
      w.cleanup();
    }
  });
});

describe('nesting', () => {
  const tf = (s: string) => nestsDeeperThan(s);
  it('real files are read; a text nested deeper than MAX_NESTING is not handed to a recursive parser', () => {
    assert.equal(tf('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      env:\n        - name: X\n          value: "[[[["\n'), false);
    // The map is one level, each sequence one more.
    assert.equal(tf(`a: ${'['.repeat(MAX_NESTING - 1)}${']'.repeat(MAX_NESTING - 1)}`), false);
    assert.equal(tf(`a: ${'['.repeat(MAX_NESTING)}`), true, 'flow');
    assert.equal(tf(`${'- '.repeat(MAX_NESTING + 1)}x`), true, 'compact sequences');
    assert.equal(tf(Array.from({ length: MAX_NESTING + 1 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')), true, 'block indentation');
    assert.equal(tf(`a: "${'['.repeat(1000)}"\nb: '${'{'.repeat(1000)}'\n# ${'['.repeat(1000)}\nc: it's [1]`), false, 'brackets in strings and comments');
    assert.equal(nestsDeeperThan(JSON.stringify(JSON.parse(`${'['.repeat(60)}${']'.repeat(60)}`), null, 2), MAX_NESTING, false), false, 'pretty JSON: its indentation is not nesting');
    assert.equal(nestsDeeperThan(`{"a": "${'{'.repeat(500)}", "b": ${'['.repeat(MAX_NESTING + 1)}`, MAX_NESTING, false), true);
  });

  it('the parsers return an error for such a text, without recursing: a register, a config, an agent config', async () => {
    const n = 200_000;
    const doc = parseYamlDocument(`identities: ${'['.repeat(n)}${']'.repeat(n)}`);
    assert.match(doc.errors[0]?.message ?? '', /nested more than 100 levels deep/);
    assert.equal(parseAllYamlDocuments(`${'- '.repeat(n)}x`)[0].errors.length, 1);
    assert.equal(parseJsoncTree(`${'['.repeat(n)}${']'.repeat(n)}`), undefined);
    const w = makeWorkspace({
      'credentials.yaml': `identities: ${'['.repeat(n)}${']'.repeat(n)}\n`,
      '.credential-hygiene.json': `{"exclude": ${'['.repeat(n)}${']'.repeat(n)}}`,
    });
    try {
      assert.throws(() => loadConfig(w.dir), (e: Error) => e instanceof UserError && /\.credential-hygiene\.json: nested more than 100 levels deep/.test(e.message));
      const ctx = loadOwnershipContext(w.dir, {});
      assert.match(ctx.register.issues.map((i) => i.message).join('\n'), /nested more than 100 levels deep/);
      // An edit (register an owner, add a match) says why it cannot edit such a register, not "a YAML error on line 1".
      const register = `identities: ${'['.repeat(n)}${']'.repeat(n)}\n`;
      assert.throws(() => addMatch(register, 'anything', 'env:X'), (e: Error) => e instanceof RegisterEditError && /^the register is nested more than 100 levels deep: not read .*; it was not edited$/.test(e.message));
    } finally {
      w.cleanup();
    }
  });
});
