// `--staged` reads what is staged from git's own files (src/core/git-staged.ts, src/core/git-store.ts)
// instead of starting git. Its answer must be git's: every test here builds real repositories in
// temporary folders and compares stagedFromRepository with `git diff --cached --raw -z` on many shapes
// (unborn, packed and deltified, packed refs, detached, index versions 2 to 4, gitlinks, a temporary
// index, many seeded random edits), checks that what it cannot read is left to git (undefined), and that
// hostile files (truncated, lying, looping, damaged) are undefined quickly.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { deflateSync } from 'node:zlib';
import { stagedFromRepository, type StagedEntry } from '../../src/core/git-staged';
import { applyDelta, ObjectStore, type GitObject } from '../../src/core/git-store';
import { storedBlobs } from '../../src/cli/staged-probe';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { CLI } from './support/workspace';

/** git's environment for the tests: no user or system config, nothing inherited that moves the repository. */
const gitEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_')));
Object.assign(gitEnv, { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_DATE: '2020-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2020-01-01T00:00:00Z' });

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A new repository in a temporary folder, and git run in it. */
function repo() {
  const dir = mkdtempSync(path.join(tmpdir(), 'ch-staged-'));
  made.push(dir);
  const git = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    execFileSync('git', args, { cwd: dir, env: { ...gitEnv, ...env }, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  const run = (...args: string[]) => git(args).toString('utf8').trim();
  run('init', '-q', '-b', 'main');
  run('config', 'user.name', 'T');
  run('config', 'user.email', 't@example.com');
  const write = (rel: string, content: string | Buffer) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  };
  /** What git says is staged. */
  const gitSays = (env: NodeJS.ProcessEnv = {}): StagedEntry[] => {
    const out = git(['diff', '--cached', '--raw', '-z', '--no-abbrev', '--no-renames', '--diff-filter=ACMRT'], env).toString('utf8');
    const parts = out.split('\0');
    const entries: StagedEntry[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const m = /^:\d{6} (\d{6}) [0-9a-f]+ ([0-9a-f]+) [A-Z]$/.exec(parts[i]);
      assert.ok(m, parts[i]);
      entries.push({ rel: parts[i + 1], mode: m[1], id: m[2] });
    }
    return entries;
  };
  /** Ours equals git's (and is not undefined). */
  const same = (message = '', env: NodeJS.ProcessEnv = {}) => {
    const ours = stagedFromRepository(dir, env);
    assert.ok(ours, `undefined where git answers ${message}`);
    assert.deepEqual(ours, gitSays(env), message);
    return ours;
  };
  return { dir, git, run, write, gitSays, same };
}

/** The pack files' entry types (6: OFS_DELTA, 7: REF_DELTA), counted from their version-2 indexes. */
function packTypes(dir: string): Map<number, number> {
  const packs = path.join(dir, '.git', 'objects', 'pack');
  const counts = new Map<number, number>();
  for (const name of readdirSync(packs).filter((n) => n.endsWith('.idx'))) {
    const idx = readFileSync(path.join(packs, name));
    const pack = readFileSync(path.join(packs, name.replace(/\.idx$/, '.pack')));
    const n = idx.readUInt32BE(8 + 255 * 4);
    for (let i = 0; i < n; i++) {
      const type = (pack[idx.readUInt32BE(8 + 1024 + n * 24 + i * 4)] >> 4) & 7;
      counts.set(type, (counts.get(type) ?? 0) + 1);
    }
  }
  return counts;
}

/** A seeded generator (mulberry32), so a failing random run can be repeated. */
function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

/** One object read with a store of its own (what ObjectStore.read gives, the packs opened and closed around it). */
function readObject(objects: string, id: string, maxSize = 64 << 20): GitObject | undefined {
  const store = new ObjectStore(objects);
  try {
    return store.read(id, maxSize);
  } finally {
    store.close();
  }
}

describe('stagedFromRepository: what is staged, read as git reads it', () => {
  it('an unborn branch: every entry is added (nested, executable, symbolic link); intent-to-add entries are not listed', () => {
    const r = repo();
    r.write('a.txt', 'a\n');
    r.write('dir/sub/b.py', 'b = 1\n');
    r.write('run.sh', '#!/bin/sh\n');
    chmodSync(path.join(r.dir, 'run.sh'), 0o755);
    symlinkSync('a.txt', path.join(r.dir, 'link'));
    r.write('later.txt', 'later\n');
    r.run('add', 'a.txt', 'dir', 'run.sh', 'link');
    r.run('add', '-N', 'later.txt');
    const ours = r.same('unborn');
    assert.deepEqual(ours.map((e) => `${e.mode} ${e.rel}`), ['100644 a.txt', '100644 dir/sub/b.py', '120000 link', '100755 run.sh']);
  });

  it('after commits: added, modified, deleted, made executable, a symbolic link, a file turned link, new nested folders, a folder deleted', () => {
    const r = repo();
    r.write('keep.txt', 'keep\n');
    r.write('mod.txt', 'one\n');
    r.write('gone/x.txt', 'x\n');
    r.write('gone/deeper/y.txt', 'y\n');
    r.write('becomes-link', 'file\n');
    r.write('exe.sh', 'echo\n');
    r.write('z/last.txt', 'z\n');
    r.run('add', '.');
    r.run('commit', '-q', '-m', 'one');
    assert.deepEqual(r.same('nothing staged'), []);
    r.write('mod.txt', 'two\n');
    r.run('add', 'mod.txt');
    r.same('modified');
    r.write('new/deep/er/n.txt', 'n\n');
    r.run('add', 'new');
    r.same('new nested folders');
    chmodSync(path.join(r.dir, 'exe.sh'), 0o755);
    r.run('add', 'exe.sh');
    r.same('chmod +x');
    symlinkSync('keep.txt', path.join(r.dir, 'alink'));
    r.run('add', 'alink');
    r.same('a symbolic link');
    unlinkSync(path.join(r.dir, 'becomes-link'));
    symlinkSync('keep.txt', path.join(r.dir, 'becomes-link'));
    r.run('add', 'becomes-link');
    r.same('file to link');
    r.run('rm', '-q', '-r', 'gone');
    r.same('a folder deleted');
    r.run('rm', '-q', 'keep.txt');
    r.same('a file deleted');
    // A file where a folder was, and a folder where a file was.
    r.write('gone', 'now a file\n');
    r.write('mod.txt.d/inner.txt', 'i\n');
    r.run('add', 'gone', 'mod.txt.d');
    r.same('file where a folder was');
    r.run('commit', '-q', '-m', 'two');
    assert.deepEqual(r.same('committed'), []);
    r.run('rm', '-q', 'gone');
    r.write('gone/again.txt', 'again\n');
    r.run('add', 'gone');
    r.same('folder where a file was');
  });

  it('packed and deltified trees (OFS_DELTA and REF_DELTA), packed refs only, a detached HEAD', () => {
    const r = repo();
    for (let c = 0; c < 40; c++) {
      for (let f = 0; f < 6; f++) r.write(`src/mod${f % 3}/part${f}/file${c % 7}.txt`, `commit ${c} file ${f}\n${'line\n'.repeat(c)}`);
      r.write(`top${c % 5}.txt`, `${c}\n`);
      r.run('add', '.');
      r.run('commit', '-q', '-m', `c${c}`);
    }
    r.run('gc', '-q', '--aggressive', '--prune=now');
    assert.ok((packTypes(r.dir).get(6) ?? 0) > 0, 'OFS_DELTA entries');
    // Loose refs are gone: HEAD's branch is in packed-refs only.
    assert.deepEqual(readdirSync(path.join(r.dir, '.git', 'refs', 'heads')), []);
    r.write('src/mod1/part4/file3.txt', 'changed\n');
    r.write('src/mod2/part5/new.txt', 'new\n');
    r.write('src/mod0/part9/new.txt', 'new\n');
    r.run('add', '.');
    r.run('rm', '-q', '--cached', 'top1.txt');
    r.same('packed, OFS_DELTA');
    const staged = r.run('write-tree');
    assert.ok(staged);

    // The same objects in one pack whose deltas name their bases by id.
    r.run('-c', 'repack.useDeltaBaseOffset=false', 'repack', '-a', '-d', '-f', '-q', '--depth=50', '--window=250');
    const types = packTypes(r.dir);
    assert.ok((types.get(7) ?? 0) > 0 && !types.get(6), JSON.stringify([...types]));
    r.same('packed, REF_DELTA');
    // The blobs staged above are in the pack too (the index's objects are packed).
    const ids = stagedFromRepository(r.dir, {})!.map((e) => e.id);
    r.run('prune-packed');
    const blobs = storedBlobs(path.join(r.dir, '.git', 'objects'), ids);
    assert.equal(blobs?.contents.get(r.run('rev-parse', ':src/mod1/part4/file3.txt'))?.toString(), 'changed\n');

    r.run('checkout', '-q', '--detach');
    r.same('detached');
    r.run('commit', '-q', '-m', 'detached commit');
    assert.deepEqual(r.same('detached, committed'), []);
  });

  it('index versions 2, 3 (extended flags: skip-worktree) and 4 (compressed paths), and a gitlink', () => {
    const r = repo();
    for (let i = 0; i < 30; i++) r.write(`a/b${i % 4}/common-prefix-name-${i}.txt`, `${i}\n`);
    r.run('add', '.');
    r.run('commit', '-q', '-m', 'one');
    r.write('a/b1/common-prefix-name-1.txt', 'changed\n');
    r.write('a/b2/common-prefix-name-new.txt', 'new\n');
    r.run('add', '.');
    const sub = r.run('rev-parse', 'HEAD');
    r.run('update-index', '--add', '--cacheinfo', `160000,${sub},vendor/sub`);
    // (Version 3 is written only when an entry needs its extended flags: below.)
    for (const v of ['2', '4']) {
      r.run('update-index', '--index-version', v);
      assert.equal(readFileSync(path.join(r.dir, '.git', 'index')).readUInt32BE(4), Number(v));
      const ours = r.same(`version ${v}`);
      assert.ok(ours.some((e) => e.mode === '160000' && e.rel === 'vendor/sub'));
    }
    r.run('update-index', '--index-version', '2');
    r.run('update-index', '--skip-worktree', 'a/b3/common-prefix-name-3.txt');
    assert.equal(readFileSync(path.join(r.dir, '.git', 'index')).readUInt32BE(4), 3);
    r.same('skip-worktree');
    r.run('update-index', '--index-version', '4');
    r.same('skip-worktree, version 4');
  });

  it('names in UTF-8 (and in version 4), and a tree holding an old non-canonical mode (100664) compares as git does', () => {
    const r = repo();
    r.write('dir/ünïcode ✓.txt', 'u\n');
    r.write('dir/ünïcode ✓✓.txt', 'v\n');
    r.write('plain.txt', 'p\n');
    r.run('add', '.');
    r.same('unicode, unborn');
    r.run('commit', '-q', '-m', 'one');
    r.write('dir/ünïcode ✓✓.txt', 'changed\n');
    r.write('dir/ünïcode ✓✓✓.txt', 'new\n');
    r.run('add', '.');
    r.same('unicode, version 2');
    r.run('update-index', '--index-version', '4');
    assert.deepEqual(r.same('unicode, version 4').map((e) => e.rel), ['dir/ünïcode ✓✓.txt', 'dir/ünïcode ✓✓✓.txt']);

    // A tree written by an old git: mode 100664 for a file the index holds as 100644.
    const blob = r.run('rev-parse', ':plain.txt');
    const tree = execFileSync('git', ['hash-object', '-t', 'tree', '-w', '--literally', '--stdin'], {
      cwd: r.dir, env: gitEnv, input: Buffer.concat([Buffer.from('100664 plain.txt\0'), Buffer.from(blob, 'hex')]),
    }).toString().trim();
    const commit = r.run('commit-tree', tree, '-m', 'old modes');
    r.run('update-ref', 'HEAD', commit);
    r.run('read-tree', 'HEAD');
    assert.deepEqual(r.same('100664 against 100644'), []);
    r.write('plain.txt', 'p2\n');
    r.run('add', 'plain.txt');
    r.same('100664, changed');
  });

  it('a temporary index (GIT_INDEX_FILE, as `git commit -a` gives a hook), absolute or relative to the top', () => {
    const r = repo();
    r.write('one.txt', '1\n');
    r.write('two.txt', '2\n');
    r.run('add', '.');
    r.run('commit', '-q', '-m', 'one');
    copyFileSync(path.join(r.dir, '.git', 'index'), path.join(r.dir, '.git', 'next-index.lock'));
    r.write('two.txt', '2 changed\n');
    r.git(['add', 'two.txt'], { GIT_INDEX_FILE: path.join(r.dir, '.git', 'next-index.lock') });
    assert.deepEqual(r.same('the usual index'), []);
    const abs = r.same('absolute', { GIT_INDEX_FILE: path.join(r.dir, '.git', 'next-index.lock') });
    assert.deepEqual(abs.map((e) => e.rel), ['two.txt']);
    assert.deepEqual(stagedFromRepository(r.dir, { GIT_INDEX_FILE: '.git/next-index.lock' }), abs);
  });

  it('what it does not read is left to git: a split index, a sparse index, a conflict, an extension, alternates, replace refs, variables', () => {
    const r = repo();
    r.write('in/a.txt', 'a\n');
    r.write('out/b.txt', 'b\n');
    r.run('add', '.');
    r.run('commit', '-q', '-m', 'one');
    r.write('in/a.txt', 'a2\n');
    r.run('add', '.');
    r.same('plain');
    for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_NO_REPLACE_OBJECTS', 'GIT_REPLACE_REF_BASE']) {
      assert.equal(stagedFromRepository(r.dir, { [k]: 'x' }), undefined, k);
    }
    r.run('update-index', '--split-index');
    assert.equal(stagedFromRepository(r.dir, {}), undefined, 'split index');
    r.run('update-index', '--no-split-index');
    r.same('split index undone');

    const config = readFileSync(path.join(r.dir, '.git', 'config'), 'utf8');
    r.run('config', 'index.sparse', 'true');
    r.run('sparse-checkout', 'set', '--cone', 'in');
    assert.ok(readFileSync(path.join(r.dir, '.git', 'index')).includes('sdir'), 'a sparse index');
    // (sparse-checkout also turns on extensions.worktreeConfig: the index alone must be enough.)
    writeFileSync(path.join(r.dir, '.git', 'config'), config);
    assert.equal(stagedFromRepository(r.dir, {}), undefined, 'sparse index');
    r.run('sparse-checkout', 'disable');
    writeFileSync(path.join(r.dir, '.git', 'config'), config);
    r.same('sparse index undone');

    writeFileSync(path.join(r.dir, '.git', 'config'), `${config}[extensions]\n\tobjectformat = sha1\n`);
    assert.equal(stagedFromRepository(r.dir, {}), undefined, 'extensions');
    writeFileSync(path.join(r.dir, '.git', 'config'), config.replace(/repositoryformatversion = 0/, 'repositoryformatversion = 1'));
    assert.equal(stagedFromRepository(r.dir, {}), undefined, 'format version 1');
    writeFileSync(path.join(r.dir, '.git', 'config'), config);

    writeFileSync(path.join(r.dir, '.git', 'objects', 'info', 'alternates'), '/nowhere\n');
    assert.equal(stagedFromRepository(r.dir, {}), undefined, 'alternates');
    rmSync(path.join(r.dir, '.git', 'objects', 'info', 'alternates'));
    r.run('replace', r.run('rev-parse', 'HEAD:in/a.txt'), r.run('rev-parse', 'HEAD:out/b.txt'));
    assert.equal(stagedFromRepository(r.dir, {}), undefined, 'a loose replace ref');
    r.run('pack-refs', '--all');
    assert.equal(stagedFromRepository(r.dir, {}), undefined, 'a packed replace ref');
    r.run('replace', '-d', r.run('rev-parse', 'HEAD:in/a.txt'));
    rmSync(path.join(r.dir, '.git', 'refs', 'replace'), { recursive: true, force: true });
    r.same('replace ref deleted');

    // A conflict: stage 1-3 entries.
    r.run('commit', '-q', '-m', 'two');
    r.run('checkout', '-q', '-b', 'other');
    r.write('in/a.txt', 'other\n');
    r.run('commit', '-q', '-am', 'other');
    r.run('checkout', '-q', 'main');
    r.write('in/a.txt', 'main\n');
    r.run('commit', '-q', '-am', 'main');
    try {
      r.run('merge', '-q', 'other');
    } catch {
      // the conflict is the point
    }
    assert.equal(stagedFromRepository(r.dir, {}), undefined, 'conflict');
  });

  it('an index of more than 10,000 entries is left to git (it is faster there); one of 9,000 is read', () => {
    const r = repo();
    const empty = r.run('hash-object', '-w', '--stdin');
    const fill = (from: number, to: number) => {
      const lines: string[] = [];
      for (let n = from; n < to; n++) lines.push(`100644 ${empty}\td${n % 97}/f${n}.txt`);
      execFileSync('git', ['update-index', '--index-info'], { cwd: r.dir, env: gitEnv, input: `${lines.join('\n')}\n` });
    };
    fill(0, 9000);
    assert.equal(r.same('9,000 entries').length, 9000);
    fill(9000, 10_001);
    assert.equal(stagedFromRepository(r.dir, {}), undefined);
  });

  it('a change in more than 100 folders, or a path more than 1,000 folders deep, is left to git (at once when the cache-tree says so)', () => {
    const r = repo();
    const one = r.run('hash-object', '-w', '--stdin');
    const other = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: r.dir, env: gitEnv, input: 'other\n' }).toString().trim();
    const index = (id: string) => {
      const lines: string[] = [];
      for (let n = 0; n < 2100; n++) lines.push(`100644 ${id}\td${n}/f.txt`);
      execFileSync('git', ['update-index', '--index-info'], { cwd: r.dir, env: gitEnv, input: `${lines.join('\n')}\n` });
    };
    index(one);
    r.run('commit', '-q', '-m', 'wide');
    index(other);
    assert.equal(r.gitSays().length, 2100);
    let started = process.hrtime.bigint();
    assert.equal(stagedFromRepository(r.dir, {}), undefined, 'more than 100 trees');
    const early = Number(process.hrtime.bigint() - started) / 1e6;
    // HEAD's own files in an index without a cache-tree: the trees are read until there are too many.
    rmSync(path.join(r.dir, '.git', 'index'));
    index(one);
    assert.ok(!readFileSync(path.join(r.dir, '.git', 'index')).includes('TREE'));
    started = process.hrtime.bigint();
    assert.equal(stagedFromRepository(r.dir, {}), undefined, 'more than 100 trees read');
    assert.ok(early < 1000 && Number(process.hrtime.bigint() - started) / 1e6 < 2000);
    r.run('write-tree'); // the cache-tree again
    assert.deepEqual(r.same('reset'), []);
    r.run('update-index', '--add', '--cacheinfo', `100644,${one},${'a/'.repeat(1100)}deep.txt`);
    assert.equal(stagedFromRepository(r.dir, {}), undefined, 'deep');
  });

  it('agrees with git after each of many seeded random edits (adds, edits, deletions, modes, links, commits, gc, index versions)', function () {
    this.timeout(240_000);
    const rnd = seeded(20261207);
    const r = repo();
    const dirs = ['', 'a/', 'a/b/', 'a/b/c/', 'a-b/', 'a.b/', 'z/', 'z/y/', 'a/b0/'];
    const names = ['f', 'f.txt', 'f-1', 'g', 'a', 'b', 'z'];
    const files = new Set<string>();
    let commits = 0;
    for (let step = 0; step < 160; step++) {
      const op = rnd.int(12);
      const rel = rnd.pick(dirs) + rnd.pick(names);
      try {
        if (op <= 4) {
          rmSync(path.join(r.dir, rel), { recursive: true, force: true });
          r.write(rel, `${step} ${'x'.repeat(rnd.int(200))}\n`);
          r.run('add', '--', rel);
          files.add(rel);
        } else if (op === 5 && files.size) {
          const f = rnd.pick([...files]);
          r.run('rm', '-q', '-r', '--cached', '--ignore-unmatch', '--', f);
          files.delete(f);
        } else if (op === 6 && files.size) {
          const f = rnd.pick([...files]);
          r.run('update-index', '--chmod=+x', '--', f);
        } else if (op === 7) {
          rmSync(path.join(r.dir, rel), { recursive: true, force: true });
          mkdirSync(path.dirname(path.join(r.dir, rel)), { recursive: true });
          symlinkSync(`target-${step}`, path.join(r.dir, rel));
          r.run('add', '--', rel);
          files.add(rel);
        } else if (op === 8) {
          r.run('commit', '-q', '--allow-empty', '-m', `c${step}`);
          commits++;
        } else if (op === 9 && rnd.int(3) === 0) {
          r.run('gc', '-q', '--prune=now');
        } else if (op === 10) {
          r.run('update-index', '--index-version', rnd.pick(['2', '3', '4']));
        } else if (op === 11 && commits) {
          // Detach, or give the index a full cache-tree (write-tree, or a reset to HEAD).
          r.run(...rnd.pick([['checkout', '-q', '--detach'], ['write-tree'], ['reset', '-q']]));
        }
      } catch {
        // a path that clashes with a file or folder git has: skipped, the comparison still runs
      }
      r.same(`step ${step} (op ${op} ${rel})`);
    }
    assert.ok(commits > 3);
  });
});

describe('scan --staged in an ordinary repository starts no process', () => {
  it('neither loads node:child_process nor starts git, and finds the staged secret (in a subfolder it does, to ask git)', function () {
    if (process.platform === 'win32') this.skip();
    const r = repo();
    r.write('README.md', 'hello\n');
    r.run('add', 'README.md');
    r.run('commit', '-q', '-m', 'one');
    r.run('gc', '-q');
    r.write('conf.py', `password = "${new SampleGen(4242).password(16)}"\n`);
    r.run('add', 'conf.py');
    // At exit, the modules Node loaded: without child_process nothing can have been started.
    const probe = path.join(r.dir, '..', `${path.basename(r.dir)}-modules.js`);
    made.push(probe);
    writeFileSync(probe, "process.on('exit', () => process.stderr.write(`modules: ${JSON.stringify(process.moduleLoadList.filter((m) => m.includes('child_process')))}\\n`));\n");
    const run = spawnSync(process.execPath, ['-r', probe, CLI, 'scan', '--staged', '--no-ownership', '--format', 'json'], {
      cwd: r.dir, encoding: 'utf8', timeout: 60_000, env: gitEnv,
    });
    assert.match(run.stderr, /modules: \[\]/, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout).findings.map((f: { path: string }) => f.path), ['conf.py'], run.stdout);
    // The check can fail: from a subfolder git is asked where the top is.
    mkdirSync(path.join(r.dir, 'sub'));
    const below = spawnSync(process.execPath, ['-r', probe, CLI, 'scan', '--staged', '--no-ownership', '--format', 'json'], {
      cwd: path.join(r.dir, 'sub'), encoding: 'utf8', timeout: 60_000, env: gitEnv,
    });
    assert.match(below.stderr, /modules: \[".*child_process/, below.stderr);
  });
});

describe('git-store: packed and loose objects within bounds; hostile ones are undefined', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ch-store-'));
    made.push(dir);
  });

  /** A hand-made pack and its version-2 index in `objects`: entries as raw bytes, with the ids they are indexed by. */
  function writePack(objects: string, entries: Array<{ id: string; bytes: Buffer }>) {
    const packDir = path.join(objects, 'pack');
    mkdirSync(packDir, { recursive: true });
    const head = Buffer.alloc(12);
    head.write('PACK', 0, 'latin1');
    head.writeUInt32BE(2, 4);
    head.writeUInt32BE(entries.length, 8);
    const offsets = new Map<string, number>();
    let at = 12;
    for (const e of entries) {
      offsets.set(e.id, at);
      at += e.bytes.length;
    }
    const pack = Buffer.concat([head, ...entries.map((e) => e.bytes), Buffer.alloc(20)]);
    const sorted = [...entries].sort((a, b) => a.id.localeCompare(b.id));
    const fanout = Buffer.alloc(1024);
    for (let b = 0; b < 256; b++) fanout.writeUInt32BE(sorted.filter((e) => parseInt(e.id.slice(0, 2), 16) <= b).length, b * 4);
    const offs = Buffer.alloc(4 * sorted.length);
    sorted.forEach((e, i) => offs.writeUInt32BE(offsets.get(e.id)!, i * 4));
    const idx = Buffer.concat([Buffer.from([0xff, 0x74, 0x4f, 0x63, 0, 0, 0, 2]), fanout, ...sorted.map((e) => Buffer.from(e.id, 'hex')),
      Buffer.alloc(4 * sorted.length), offs, Buffer.alloc(40)]);
    const name = `pack-${'1'.repeat(40)}`;
    writeFileSync(path.join(packDir, `${name}.pack`), pack);
    writeFileSync(path.join(packDir, `${name}.idx`), idx);
  }

  /** A pack entry's header: type and size, 7 bits a byte after the first 4. */
  function entryHeader(type: number, size: number): Buffer {
    const bytes = [((size > 15 ? 0x80 : 0) | (type << 4) | (size & 15))];
    let rest = Math.floor(size / 16);
    while (rest > 0) {
      bytes.push((rest >= 128 ? 0x80 : 0) | (rest & 127));
      rest = Math.floor(rest / 128);
    }
    return Buffer.from(bytes);
  }

  it('reads a hand-made pack: a blob, a REF_DELTA on it, an OFS_DELTA on that', () => {
    const objects = path.join(dir, 'good');
    const base = Buffer.from('hello, world\n');
    // Delta: base size 13, result 19; copy 0..12 from the base, insert "again\n".
    const d1 = Buffer.from([13, 19, 0x90, 13, 6, ...Buffer.from('again\n')]);
    const d2 = Buffer.from([19, 5, 0x91, 7, 5]); // copy 5 bytes from offset 7: "world"
    const b = { id: 'aa'.repeat(20), bytes: Buffer.concat([entryHeader(3, base.length), deflateSync(base)]) };
    const r1 = { id: 'bb'.repeat(20), bytes: Buffer.concat([entryHeader(7, d1.length), Buffer.from('aa'.repeat(20), 'hex'), deflateSync(d1)]) };
    const o2Header = entryHeader(6, d2.length);
    const back = 12 + b.bytes.length + r1.bytes.length - (12 + b.bytes.length); // from the third entry back to the second
    const o2 = { id: 'cc'.repeat(20), bytes: Buffer.concat([o2Header, Buffer.from([back]), deflateSync(d2)]) };
    writePack(objects, [b, r1, o2]);
    assert.equal(readObject(objects, 'aa'.repeat(20))?.body.toString(), 'hello, world\n');
    assert.equal(readObject(objects, 'bb'.repeat(20))?.body.toString(), 'hello, world\nagain\n');
    const o = readObject(objects, 'cc'.repeat(20));
    assert.deepEqual([o?.type, o?.body.toString()], ['blob', 'world']);
    assert.equal(readObject(objects, 'dd'.repeat(20)), undefined, 'absent');
    assert.equal(readObject(objects, 'bb'.repeat(20), 10), undefined, 'over the size asked for');
  });

  it('a delta chain that loops, a damaged zlib stream, a size of a terabyte: undefined at once', () => {
    const objects = path.join(dir, 'hostile');
    const delta = deflateSync(Buffer.from([1, 1, 0x90, 1]));
    const loopA = { id: '11'.repeat(20), bytes: Buffer.concat([entryHeader(7, 4), Buffer.from('22'.repeat(20), 'hex'), delta]) };
    const loopB = { id: '22'.repeat(20), bytes: Buffer.concat([entryHeader(7, 4), Buffer.from('11'.repeat(20), 'hex'), delta]) };
    const damaged = { id: '33'.repeat(20), bytes: Buffer.concat([entryHeader(3, 100), Buffer.from('not zlib, not at all, no')]) };
    const huge = { id: '44'.repeat(20), bytes: Buffer.concat([entryHeader(3, 2 ** 40), deflateSync(Buffer.from('small'))]) };
    const self = { id: '55'.repeat(20), bytes: Buffer.concat([entryHeader(7, 4), Buffer.from('55'.repeat(20), 'hex'), delta]) };
    writePack(objects, [loopA, loopB, damaged, huge, self]);
    const started = Date.now();
    for (const id of ['11', '22', '33', '44', '55']) assert.equal(readObject(objects, id.repeat(20)), undefined, id);
    assert.ok(Date.now() - started < 2000);
    // A loose object that claims more than it holds, and one of 64 MiB of zeros: neither read.
    const put = (id: string, data: Buffer) => {
      mkdirSync(path.join(objects, id.slice(0, 2)), { recursive: true });
      writeFileSync(path.join(objects, id.slice(0, 2), id.slice(2)), data);
    };
    put('66'.repeat(20), deflateSync(Buffer.from('blob 9\0hello')));
    put('77'.repeat(20), deflateSync(Buffer.concat([Buffer.from(`blob ${64 << 20}\0`), Buffer.alloc(64 << 20)])));
    assert.equal(readObject(objects, '66'.repeat(20)), undefined);
    assert.equal(readObject(objects, '77'.repeat(20), 1 << 20), undefined);
  });

  it('an index or a pack index that is cut short or lies about its counts is not read', () => {
    const idxDir = path.join(dir, 'badidx');
    writePack(idxDir, [{ id: 'aa'.repeat(20), bytes: Buffer.concat([entryHeader(3, 2), deflateSync(Buffer.from('hi'))]) }]);
    const idxFile = path.join(idxDir, 'pack', `pack-${'1'.repeat(40)}.idx`);
    const good = readFileSync(idxFile);
    assert.equal(new ObjectStore(idxDir).read('aa'.repeat(20), 100)?.body.toString(), 'hi');
    writeFileSync(idxFile, good.subarray(0, good.length - 30));
    assert.equal(readObject(idxDir, 'aa'.repeat(20)), undefined, 'cut short');
    const lying = Buffer.from(good);
    lying.writeUInt32BE(0x7fffffff, 8 + 255 * 4);
    writeFileSync(idxFile, lying);
    assert.equal(readObject(idxDir, 'aa'.repeat(20)), undefined, 'a count it does not hold');

    const r = repo();
    for (let i = 0; i < 20; i++) r.write(`d${i % 3}/f${i}.txt`, `${i}\n`);
    r.run('add', '.');
    r.run('commit', '-q', '-m', 'one');
    r.write('d1/f1.txt', 'changed\n');
    r.run('add', '.');
    r.same('before damage');
    const indexFile = path.join(r.dir, '.git', 'index');
    const index = readFileSync(indexFile);
    for (let cut = 0; cut < index.length - 20; cut += 7) {
      writeFileSync(indexFile, index.subarray(0, cut));
      assert.equal(stagedFromRepository(r.dir, {}), undefined, `cut at ${cut}`);
    }
    const huge = Buffer.from(index);
    huge.writeUInt32BE(0xffffffff, 8);
    writeFileSync(indexFile, huge);
    assert.equal(stagedFromRepository(r.dir, {}), undefined, 'a count of 4 billion');
    writeFileSync(indexFile, index);
    r.same('repaired');
  });

  it('a FIFO where a pack index should be is not waited on', function () {
    if (process.platform === 'win32') this.skip();
    const objects = path.join(dir, 'fifo');
    mkdirSync(path.join(objects, 'pack'), { recursive: true });
    assert.equal(spawnSync('mkfifo', [path.join(objects, 'pack', `pack-${'2'.repeat(40)}.idx`)]).status, 0);
    assert.equal(readObject(objects, 'ab'.repeat(20)), undefined);
  });

  it('applies git deltas, and refuses ones that reach past their base or result', () => {
    const base = Buffer.from('0123456789');
    assert.equal(applyDelta(base, Buffer.from([10, 4, 0x91, 2, 4]), 100)?.toString(), '2345');
    assert.equal(applyDelta(base, Buffer.from([10, 4, 0x91, 8, 4]), 100), undefined, 'past the base');
    assert.equal(applyDelta(base, Buffer.from([10, 3, 0x91, 2, 4]), 100), undefined, 'past the result');
    assert.equal(applyDelta(base, Buffer.from([9, 4, 0x91, 2, 4]), 100), undefined, 'another base');
    assert.equal(applyDelta(base, Buffer.from([10, 4, 0]), 100), undefined, 'reserved instruction');
    assert.equal(applyDelta(base, Buffer.from([10, 0x80, 0x80, 0x80, 0x80, 0x10]), 1 << 20), undefined, 'a result too large');
  });
});
