// A repository that arrives as a zip, a share or a volume carries its own .git/config, which can make
// git run any command (fsmonitor, hooks, external diff, pager, filters, textconv, credential helper,
// gpg). Every git call we make must run none of them: here a real repository whose config points all
// of them at a script that leaves a marker file, and every question we ask git about it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { deflateSync } from 'node:zlib';
import { ConfigSchema } from '../../src/core/config/schema';
import { gitTopLevel, headContains, isIgnored, isTracked, runGit, type GitOptions } from '../../src/core/git';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { stagedSources } from '../../src/cli/staged';
import { plainRepository } from '../../src/core/git-staged';
import { storedBlobs as looseBlobs } from '../../src/cli/staged-probe';
import { CLI, makeWorkspace } from './support/workspace';
import type { GivenSource } from '../../src/core/run/file';

const g = new SampleGen(4242);

/** Points every config-driven command git knows at `script`, which appends to `marker`. */
export function hostileConfig(script: string): string {
  const q = JSON.stringify(script);
  return [
    '[core]', `\tfsmonitor = ${q}`, `\thooksPath = ${JSON.stringify(path.dirname(script))}`, `\tpager = ${q}`,
    `\taskPass = ${q}`, `\tsshCommand = ${q}`, `\teditor = ${q}`,
    '[diff]', `\texternal = ${q}`,
    '[diff "hostile"]', `\ttextconv = ${q}`,
    '[filter "hostile"]', `\tclean = ${q}`, `\tsmudge = ${q}`,
    '[credential]', `\thelper = ${JSON.stringify(`!${script}`)}`,
    '[log]', '\tshowSignature = true',
    '[gpg]', `\tprogram = ${q}`,
    '[pager]', `\tshow = ${q}`, `\tdiff = ${q}`,
    '',
  ].join('\n');
}

/** The git command in a call's arguments (after any `-c name=value`). */
const command = (args: readonly string[]) => args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '-c');

/** A committed repository with a staged change and a hostile .git/config written last. */
function hostileRepo(files: Record<string, string>) {
  const ws = makeWorkspace(files);
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: ws.dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 'T');
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
  const marker = path.join(ws.dir, '..', `${path.basename(ws.dir)}.marker`);
  const script = path.join(ws.dir, '.git', 'hostile', 'run.sh');
  mkdirSync(path.dirname(script), { recursive: true });
  writeFileSync(script, `#!/bin/sh\necho "ran: $0 $*" >> ${JSON.stringify(marker)}\n`);
  chmodSync(script, 0o755);
  for (const hook of ['pre-commit', 'post-checkout', 'post-index-change', 'fsmonitor-watchman', 'reference-transaction']) {
    writeFileSync(path.join(path.dirname(script), hook), `#!/bin/sh\necho "hook: ${hook}" >> ${JSON.stringify(marker)}\n`);
    chmodSync(path.join(path.dirname(script), hook), 0o755);
  }
  appendFileSync(path.join(ws.dir, '.git', 'config'), hostileConfig(script));
  writeFileSync(path.join(ws.dir, '.gitattributes'), '* filter=hostile diff=hostile\n');
  return { dir: ws.dir, git, marker, cleanup: () => { ws.cleanup(); rmSync(marker, { force: true }); } };
}


/** A staged source's text (binary ones have none). */
const textOf = (s: GivenSource | undefined) => (s && 'content' in s ? s.content : undefined);

describe('git: a repository\'s own config runs nothing', () => {
  const secret = `sk_${'live'}_${g.alnum(30)}`;
  let repo: ReturnType<typeof hostileRepo>;
  const ran = () => (existsSync(repo.marker) ? readFileSync(repo.marker, 'utf8') : '');

  before(() => {
    repo = hostileRepo({ 'src/app.ts': `export const key = "${secret}";\n`, '.gitignore': '.env.local\n', '.env.local': 'A=1\n', 'deploy/.env': 'B=2\n' });
    // A staged change, so --staged has something to read.
    writeFileSync(path.join(repo.dir, 'src/new.ts'), `export const other = "${g.checksummedToken('ghp_')}";\n`);
    const r = spawnSync('git', ['-c', 'core.fsmonitor=false', '-c', 'filter.hostile.clean=', 'add', 'src/new.ts'], { cwd: repo.dir });
    assert.equal(r.status, 0);
    rmSync(repo.marker, { force: true });
  });
  after(() => repo.cleanup());

  it('the fixture is really hostile: plain git runs the script', () => {
    spawnSync('git', ['status', '--short'], { cwd: repo.dir });
    assert.match(ran(), /ran:/, 'plain `git status` should have run the fsmonitor script');
    rmSync(repo.marker, { force: true });
  });

  it('top level, tracked, ignored and HEAD checks answer correctly and run nothing', async () => {
    const top = await gitTopLevel(path.join(repo.dir, 'src'));
    assert.equal(top, repo.dir);
    assert.equal(await isTracked(repo.dir, 'src/app.ts'), true);
    assert.equal(await isTracked(repo.dir, 'nope.ts'), false);
    assert.equal(await isIgnored(repo.dir, '.env.local'), true);
    assert.equal(await isIgnored(repo.dir, 'deploy/.env'), false);
    assert.equal(await headContains(repo.dir, 'src/app.ts', secret), true);
    assert.equal(await headContains(repo.dir, 'src/app.ts', 'not-in-there'), false);
    assert.equal(ran(), '');
  });

  it('--staged reads the index and runs nothing', async () => {
    const r = await stagedSources(repo.dir, ConfigSchema.parse({}));
    assert.deepEqual(r.sources.map((s) => s.rel), ['src/new.ts']);
    assert.equal(ran(), '');
  });

  it('the CLI\'s --staged scan runs nothing', () => {
    const r = spawnSync(process.execPath, [CLI, 'scan', '--staged', '--no-ownership', '--format', 'json'], { cwd: repo.dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).findings.map((f: { path: string }) => f.path), ['src/new.ts']);
    assert.equal(ran(), '');
  });
});

describe('--staged: submodules, large files, --max-file-size', () => {
  const token = g.checksummedToken('ghp_');
  let ws: ReturnType<typeof makeWorkspace>;
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: ws.dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ws.dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });

  before(() => {
    ws = makeWorkspace({ 'app.py': `t = "${token}"\n`, 'big.txt': `${'a'.repeat(4096)}\n`, 'huge.log': 'x'.repeat((1 << 20) + 1) });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 'T');
    git('add', 'app.py', 'big.txt', 'huge.log');
    // A staged submodule (a gitlink: mode 160000, pointing at a commit of another repository).
    git('update-index', '--add', '--cacheinfo', `160000,${'c0ffee'.padEnd(40, '0')},vendor/lib`);
  });
  after(() => ws.cleanup());

  it('lists a staged submodule as skipped instead of failing', () => {
    const r = cli(['scan', '--staged', '--no-ownership', '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.findings.map((f: { path: string }) => f.path), ['app.py']);
    assert.deepEqual(report.skipped.find((s: { path: string }) => s.path === 'vendor/lib')?.reason, 'submodule', r.stdout);
  });

  it('skips a staged file over --max-file-size as too-large, and still scans the rest', () => {
    const r = cli(['scan', '--staged', '--no-ownership', '--format', 'json', '--max-file-size', '1000']);
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.findings.map((f: { path: string }) => f.path), ['app.py']);
    const skipped = Object.fromEntries(report.skipped.map((s: { path: string; reason: string }) => [s.path, s.reason]));
    assert.deepEqual(skipped, { 'big.txt': 'too-large', 'huge.log': 'too-large', 'vendor/lib': 'submodule' });
  });

  /** stagedSources with every git call it makes recorded (arguments, and what `cat-file --batch` was asked for). */
  async function recorded(limit: number) {
    const calls: string[][] = [];
    const blobReads: string[] = [];
    const spy = (cwd: string, args: readonly string[], o?: GitOptions) => {
      calls.push([...args]);
      if (args[0] === 'cat-file' && args[1] === '--batch') blobReads.push(o?.input ?? '');
      return runGit(cwd, args, o);
    };
    const r = await stagedSources(ws.dir, ConfigSchema.parse({ maxFileSize: limit }), spy);
    assert.ok(!calls.some((a) => a[0] === 'show'), 'no git show');
    return { r, calls, blobReads };
  }

  it('in an ordinary repository git does not run: the list and the blobs are read from its files; one over the limit is not scanned', async () => {
    const { r, calls } = await recorded(1 << 20);
    assert.deepEqual(r.skipped.find((s) => s.path === 'huge.log'), { path: 'huge.log', reason: 'too-large', detail: '1.0 MiB is over the 1.0 MiB limit' });
    assert.deepEqual(r.sources.map((s) => s.rel).sort(), ['app.py', 'big.txt']);
    assert.equal(textOf(r.sources.find((s) => s.rel === 'app.py')), `t = "${token}"\n`);
    assert.equal(r.top, ws.dir);
    assert.deepEqual(calls.map(command), [], JSON.stringify(calls));
  });

  it('packed blobs are read from the pack, with no git process', async () => {
    const packed = makeWorkspace({ 'app.py': `t = "${token}"\n`, 'notes.txt': 'nothing here\n' });
    const run = (...args: string[]) => assert.equal(spawnSync('git', args, { cwd: packed.dir }).status, 0, args.join(' '));
    try {
      run('init', '-q', '-b', 'main');
      run('add', '.');
      run('repack', '-adq'); // the index's blobs go into a pack
      run('prune-packed');
      const calls: string[][] = [];
      const spy = (cwd: string, args: readonly string[], o?: GitOptions) => {
        calls.push([...args]);
        return runGit(cwd, args, o);
      };
      const r = await stagedSources(packed.dir, ConfigSchema.parse({}), spy);
      assert.deepEqual(r.sources.map((s) => s.rel).sort(), ['app.py', 'notes.txt']);
      assert.equal(textOf(r.sources.find((s) => s.rel === 'app.py')), `t = "${token}"\n`);
      assert.deepEqual(calls, []);
    } finally {
      packed.cleanup();
    }
  });

  it('when the staged blobs hold more than 8 MiB, each size is checked first and a blob over the limit is never read', async () => {
    writeFileSync(path.join(ws.dir, 'bulk.bin.txt'), 'y'.repeat(9 << 20));
    git('add', 'bulk.bin.txt');
    try {
      const hugeId = git('rev-parse', ':huge.log');
      const bulkId = git('rev-parse', ':bulk.bin.txt');
      const { r, calls, blobReads } = await recorded(1 << 20);
      assert.deepEqual(r.skipped.find((s) => s.path === 'huge.log'), { path: 'huge.log', reason: 'too-large', detail: '1.0 MiB is over the 1.0 MiB limit' });
      assert.equal(r.skipped.find((s) => s.path === 'bulk.bin.txt')?.reason, 'too-large');
      assert.deepEqual(r.sources.map((s) => s.rel).sort(), ['app.py', 'big.txt']);
      assert.ok(calls.some((a) => a[0] === 'cat-file' && a[1].startsWith('--batch-check')), 'sizes come from cat-file --batch-check');
      // The first read stopped at 8 MiB; the second asks only for blobs within the limit.
      assert.equal(blobReads.length, 2, JSON.stringify(calls));
      assert.ok(!blobReads[1].includes(hugeId) && !blobReads[1].includes(bulkId), 'no blob over the limit is read');
    } finally {
      git('rm', '-q', '--cached', 'bulk.bin.txt');
      rmSync(path.join(ws.dir, 'bulk.bin.txt'));
    }
  });

  it('a --max-file-size larger than a string can hold is a usage error (exit 2)', () => {
    const r = cli(['scan', '--staged', '--max-file-size', String(2 ** 31)]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--max-file-size can be at most \d+ \(the largest file that can be scanned as text\)/);
    assert.doesNotMatch(r.stderr, /internal error|at .*\.js:\d+/i);
  });
});

describe('--staged finds the repository as git does', () => {
  const token = g.checksummedToken('ghp_');
  let ws: ReturnType<typeof makeWorkspace>;
  const git = (cwd: string, ...args: string[]) => {
    const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  /** stagedSources in `cwd`, with the git commands it ran. */
  async function staged(cwd: string) {
    const calls: string[] = [];
    const spy = (dir: string, args: readonly string[], o?: GitOptions) => {
      calls.push(command(args) ?? '');
      return runGit(dir, args, o);
    };
    return { ...(await stagedSources(cwd, ConfigSchema.parse({}), spy)), calls };
  }

  before(() => {
    ws = makeWorkspace({ 'repo/lib/app.py': `t = "${token}"\n`, 'repo/README.md': 'hello\n' });
    const repo = path.join(ws.dir, 'repo');
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'user.email', 't@example.com');
    git(repo, 'config', 'user.name', 'T');
    git(repo, 'add', 'README.md');
    git(repo, 'commit', '-q', '-m', 'initial');
    git(repo, 'add', 'lib/app.py');
  });
  after(() => ws.cleanup());

  it('only where a hook runs (the top of an ordinary repository) is the top taken without asking git', () => {
    const plainObjects = (top: string, env: NodeJS.ProcessEnv) => plainRepository(top, env)?.objects;
    const repo = path.join(ws.dir, 'repo');
    assert.equal(plainObjects(repo, {}), path.join(repo, '.git', 'objects'));
    for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY']) assert.equal(plainObjects(repo, { [k]: '/elsewhere' }), undefined, k);
    assert.equal(plainObjects(path.join(repo, 'lib'), {}), undefined, 'a subfolder');
    assert.equal(plainObjects(ws.dir, {}), undefined, 'no repository');
  });

  it('from a subfolder git says where the top is, and paths are the top\'s', async () => {
    const r = await staged(path.join(ws.dir, 'repo', 'lib'));
    assert.equal(r.top, path.join(ws.dir, 'repo'));
    assert.deepEqual(r.sources.map((s) => s.rel), ['lib/app.py']);
    assert.ok(r.calls.includes('rev-parse'), JSON.stringify(r.calls));
  });

  it('a linked work tree (`.git` is a file) and a config that names another work tree are asked of git', async () => {
    const repo = path.join(ws.dir, 'repo');
    const linked = path.join(ws.dir, 'linked');
    git(repo, 'worktree', 'add', '-q', linked);
    writeFileSync(path.join(linked, 'extra.py'), `u = "${token}"\n`);
    git(linked, 'add', 'extra.py');
    const fromLinked = await staged(linked);
    assert.equal(fromLinked.top, linked);
    assert.deepEqual(fromLinked.sources.map((s) => s.rel), ['extra.py']);
    assert.ok(fromLinked.calls.includes('rev-parse'), JSON.stringify(fromLinked.calls));

    // A separate git folder whose config puts the work tree elsewhere (core.worktree).
    const gitOnly = path.join(ws.dir, 'meta');
    const tree = path.join(ws.dir, 'tree');
    mkdirSync(tree);
    mkdirSync(gitOnly);
    git(ws.dir, 'init', '-q', '-b', 'main', '--separate-git-dir', path.join(gitOnly, '.git'), tree);
    git(gitOnly, 'config', 'core.worktree', tree);
    rmSync(path.join(tree, '.git'));
    writeFileSync(path.join(tree, 'conf.py'), `v = "${token}"\n`);
    git(gitOnly, 'add', 'conf.py');
    const moved = await staged(gitOnly);
    assert.equal(moved.top, tree);
    assert.deepEqual(moved.sources.map((s) => s.rel), ['conf.py']);
    assert.ok(moved.calls.includes('rev-parse'), JSON.stringify(moved.calls));
  });

  it('a `.git` folder that holds no repository is no repository', async () => {
    const fake = path.join(ws.dir, 'fake');
    mkdirSync(path.join(fake, '.git'), { recursive: true });
    writeFileSync(path.join(fake, '.git', 'config'), '[core]\n\tbare = false\n');
    // git must not find a repository above the test's folder either.
    const prev = process.env.GIT_CEILING_DIRECTORIES;
    process.env.GIT_CEILING_DIRECTORIES = ws.dir;
    try {
      await assert.rejects(staged(fake), /--staged needs a git repository/);
    } finally {
      if (prev === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
      else process.env.GIT_CEILING_DIRECTORIES = prev;
    }
  });
});

describe('--staged: loose objects are read within bounds, and anything odd is left to git', () => {
  let dir: string;
  const id = (n: number) => n.toString(16).padStart(40, 'a');
  const put = (n: number, data: Buffer | string) => {
    const file = path.join(dir, id(n).slice(0, 2), id(n).slice(2));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
  };
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ch-objects-'));
    put(1, deflateSync(Buffer.from('blob 5\0hello')));
    // 64 MiB of zeros in about 64 KiB: more than is ever inflated at once.
    put(2, deflateSync(Buffer.concat([Buffer.from(`blob ${64 << 20}\0`), Buffer.alloc(64 << 20)])));
    put(3, deflateSync(Buffer.from('blob 9\0hello'))); // claims more than it holds
    put(4, deflateSync(Buffer.from('tree 5\0hello')));
    put(5, 'not zlib at all');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a blob', () => {
    const r = looseBlobs(dir, [id(1)]);
    assert.equal(r?.contents.get(id(1))?.toString(), 'hello');
    assert.equal(r?.sizes.get(id(1)), 5);
  });

  it('a compression bomb, a size that lies, another type, damage, a missing object or a malformed id: git is asked', () => {
    for (const n of [2, 3, 4, 5, 6]) assert.equal(looseBlobs(dir, [id(1), id(n)]), undefined, String(n));
    assert.equal(looseBlobs(dir, ['../../etc/passwd']), undefined);
  });

  it('a FIFO or a device in place of an object is not opened for reading (no hang)', function () {
    if (process.platform === 'win32') this.skip();
    const fifo = path.join(dir, id(7).slice(0, 2), id(7).slice(2));
    mkdirSync(path.dirname(fifo), { recursive: true });
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    assert.equal(looseBlobs(dir, [id(7)]), undefined);
    const dev = path.join(dir, id(8).slice(0, 2), id(8).slice(2));
    mkdirSync(path.dirname(dev), { recursive: true });
    symlinkSync('/dev/zero', dev);
    assert.equal(looseBlobs(dir, [id(8)]), undefined);
  });
});
