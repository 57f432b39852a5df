// scan --history on real repositories generated here, every commit with a fixed author and committer
// date: what each commit added, whether HEAD still holds it, whether the register says it was rotated
// since, and the repositories that have little or no history (empty, shallow, no commits).
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigSchema } from '../../src/core/config/schema';
import { engineOptionsFrom, toEngineOptions } from '../../src/core/config/load';
import { Engine } from '../../src/core/scan/engine';
import { scanHistory, type HistoryScanRequest } from '../../src/core/history/scan';
import { parseRegister } from '../../src/core/ownership/register';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { CLI } from './support/workspace';

const g = new SampleGen(20261206);
const config = ConfigSchema.parse({ fingerprintSalt: 'history-test-salt-0123456789abcdef' });

interface Repo {
  dir: string;
  git(...args: string[]): string;
  write(rel: string, content: string | Buffer): void;
  commit(message: string, date: string): string;
  cleanup(): void;
}

function makeRepo(): Repo {
  const dir = mkdtempSync(path.join(tmpdir(), 'ch-history-'));
  let date = '2026-01-01T00:00:00Z';
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, {
      cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20,
      env: { ...process.env, GIT_AUTHOR_NAME: 'Ada Example', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada Example', GIT_COMMITTER_EMAIL: 'ada@example.com', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  git('init', '-q', '-b', 'main');
  return {
    dir, git,
    write(rel, content) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), content);
    },
    commit(message, when) {
      date = when;
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD');
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const token = () => g.checksummedToken('ghp_');
const run = (repo: Repo, extra: Partial<HistoryScanRequest> = {}) => scanHistory({ top: repo.dir, config, ...extra });
const byPath = <T extends { path: string }>(findings: T[], p: string): T[] => findings.filter((f) => f.path === p);

function cli(cwd: string, args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
}

describe('scan --history', function () {
  this.timeout(120_000);

  it('--fail-on counts no secret that is removed and rotated since, and every other', async () => {
    const repo = makeRepo();
    try {
      repo.write('src/old.ts', `export const OLD_TOKEN = "${token()}";\n`);
      repo.commit('leak', '2026-01-10T10:00:00Z');
      rmSync(path.join(repo.dir, 'src/old.ts'));
      repo.write('credentials.yaml', 'identities:\n  - id: old-token\n    match: [OLD_TOKEN]\n    lastRotated: 2026-02-01\n');
      repo.commit('remove and rotate', '2026-02-02T10:00:00Z');
      const done = cli(repo.dir, ['scan', '--history', '--format', 'json', '--no-progress']);
      assert.equal(done.status, 0, done.stderr);
      const listed = JSON.parse(done.stdout) as { findings: Array<{ history: { status: string; rotation: string } }> };
      assert.deepEqual(listed.findings.map((f) => [f.history.status, f.history.rotation]), [['removed', 'rotated']], 'still listed');
      // The register says it was rotated before the leak: not rotated since, so it fails.
      repo.write('credentials.yaml', 'identities:\n  - id: old-token\n    match: [OLD_TOKEN]\n    lastRotated: 2026-01-01\n');
      repo.commit('register corrected', '2026-02-03T10:00:00Z');
      const stale = cli(repo.dir, ['scan', '--history', '--format', 'json', '--no-progress']);
      assert.equal(stale.status, 1, stale.stderr);
    } finally {
      repo.cleanup();
    }
  });

  it('a history of many chunks and groups: each secret once, fingerprints (warmed on the thread pool) equal a tree scan\'s', async () => {
    const repo = makeRepo();
    try {
      for (let i = 0; i < 40; i++) {
        repo.write(`src/module-${i % 4}.ts`, Array.from({ length: 400 + i }, (_, n) => `export const value${n} = ${n * i};`).join('\n') + `\nexport const API_TOKEN_${i} = "${token()}";\n`);
        repo.write(`config/app-${i % 3}.env`, `DB_HOST=db.internal\nDB_PASSWORD=${g.password(14)}\n`);
        if (i % 5 === 4) rmSync(path.join(repo.dir, `src/module-${(i + 1) % 4}.ts`)); // a file an earlier commit wrote
        repo.commit(`change ${i}`, `2026-04-${String((i % 28) + 1).padStart(2, '0')}T${String(10 + Math.floor(i / 28)).padStart(2, '0')}:00:00Z`);
      }
      const r = await run(repo, { minConfidence: 'low' });
      assert.equal(r.commits, 40);
      const tokens = r.findings.filter((f) => f.fix.envName.startsWith('API_TOKEN_'));
      assert.equal(new Set(tokens.map((f) => f.fix.envName)).size, 40, 'every token, once');
      assert.equal(tokens.length, 40);
      const passwords = r.findings.filter((f) => f.kind === 'password');
      assert.ok(passwords.length >= 3, 'passwords (scrypt fingerprints) among the findings');
      // What HEAD holds, scanned as a tree: the same fingerprints as the history's in-head findings.
      const engine = new Engine(toEngineOptions(engineOptionsFrom(config)));
      for (const f of r.findings.filter((x) => x.history!.status === 'in-head')) {
        const tree = engine.scanText(readFileSync(path.join(repo.dir, f.path), 'utf8'), f.path);
        assert.ok(tree.some((t) => t.fingerprint === f.fingerprint), `${f.path} ${f.ruleId}`);
      }
      assert.ok(r.findings.some((f) => f.history!.status === 'in-head' && f.kind === 'password'));
    } finally {
      repo.cleanup();
    }
  });

  describe('a generated history', () => {
    let repo: Repo;
    const s = { removed: token(), present: token(), rotated: token(), stale: token(), merge: token(), side: token(), renamed: token(), binary: token(), twice: token(), allowed: token() };
    const sha: Record<string, string> = {};

    before(() => {
      repo = makeRepo();
      repo.write('README.md', '# app\n');
      sha.init = repo.commit('init', '2026-01-01T09:00:00Z');
      repo.write('src/removed.ts', `export const LEAKED_TOKEN = "${s.removed}";\n`);
      repo.write('src/present.ts', `export const PRESENT_TOKEN = "${s.present}";\n`);
      repo.write('src/rotated.ts', `export const ROTATED_TOKEN = "${s.rotated}";\n`);
      repo.write('src/stale.ts', `export const STALE_TOKEN = "${s.stale}";\n`);
      repo.write('src/allowed.ts', `// credential-hygiene:allow a revoked demo token\nexport const ALLOWED_TOKEN = "${s.allowed}";\n`);
      repo.write('lib/old-name.ts', `export const RENAMED_TOKEN = "${s.renamed}";\n`);
      // A binary blob: NUL bytes around a token; not scanned, listed.
      repo.write('assets/blob.bin', Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(s.binary), Buffer.alloc(64)]));
      sha.leak = repo.commit('add config', '2026-02-01T12:00:00Z');
      rmSync(path.join(repo.dir, 'src/removed.ts'));
      rmSync(path.join(repo.dir, 'src/rotated.ts'));
      rmSync(path.join(repo.dir, 'src/stale.ts'));
      sha.remove = repo.commit('remove secrets', '2026-02-02T12:00:00Z');
      // A rename is no new leak.
      repo.git('mv', 'lib/old-name.ts', 'lib/new-name.ts');
      sha.rename = repo.commit('rename', '2026-02-03T12:00:00Z');
      // A secret added in a merge commit itself (neither parent had it).
      repo.git('checkout', '-q', '-b', 'feature');
      repo.write('feature.txt', 'feature\n');
      repo.commit('feature work', '2026-02-04T12:00:00Z');
      repo.git('checkout', '-q', 'main');
      repo.write('main.txt', 'main\n');
      repo.commit('main work', '2026-02-05T12:00:00Z');
      repo.git('merge', '-q', '--no-ff', '--no-commit', 'feature');
      repo.write('src/merge.ts', `export const MERGE_TOKEN = "${s.merge}";\n`);
      sha.merge = repo.commit('merge feature', '2026-02-06T12:00:00Z');
      // Added, removed, added again: one finding, two commits.
      repo.write('src/twice.ts', `export const TWICE_TOKEN = "${s.twice}";\n`);
      sha.twice1 = repo.commit('twice 1', '2026-02-07T12:00:00Z');
      rmSync(path.join(repo.dir, 'src/twice.ts'));
      repo.commit('twice gone', '2026-02-08T12:00:00Z');
      repo.write('src/twice.ts', `export const TWICE_TOKEN = "${s.twice}";\n// back\n`);
      sha.twice2 = repo.commit('twice 2', '2026-02-09T12:00:00Z');
      // A side branch nobody merged.
      repo.git('checkout', '-q', '-b', 'side');
      repo.write('side.ts', `export const SIDE_TOKEN = "${s.side}";\n`);
      sha.side = repo.commit('side', '2026-02-10T12:00:00Z');
      repo.git('checkout', '-q', 'main');
      // The register: one identity rotated after the leak, one before it.
      repo.write('credentials.yaml', [
        'identities:',
        '  - id: rotated-token', '    match: [ROTATED_TOKEN]', '    lastRotated: 2026-03-01',
        '  - id: stale-token', '    match: [STALE_TOKEN]', '    lastRotated: 2026-01-15',
        '',
      ].join('\n'));
      repo.commit('register', '2026-03-02T12:00:00Z');
    });
    after(() => repo.cleanup());

    const identities = () => parseRegister(`identities:\n  - id: rotated-token\n    match: [ROTATED_TOKEN]\n    lastRotated: 2026-03-01\n  - id: stale-token\n    match: [STALE_TOKEN]\n    lastRotated: 2026-01-15\n`).identities;

    it('reports each secret once, with its first commit, date, commit count and status', async () => {
      const r = await run(repo, { identities: identities() });
      assert.equal(r.cancelled, false);
      assert.equal(r.shallow, false);
      const removed = byPath(r.findings, 'src/removed.ts');
      assert.equal(removed.length, 1);
      assert.deepEqual(removed[0].history, { firstCommit: sha.leak, firstDate: '2026-02-01T12:00:00.000Z', commits: 1, status: 'removed', rotation: 'unknown' });
      const present = byPath(r.findings, 'src/present.ts');
      assert.equal(present[0].history!.status, 'in-head');
      assert.equal(present[0].history!.firstCommit, sha.leak);
    });

    it('says whether a matching identity was rotated after the leak', async () => {
      const r = await run(repo, { identities: identities() });
      const rotated = byPath(r.findings, 'src/rotated.ts')[0].history!;
      assert.equal(rotated.rotation, 'rotated');
      assert.equal(rotated.identity, 'rotated-token');
      assert.equal(rotated.lastRotated, '2026-03-01');
      const stale = byPath(r.findings, 'src/stale.ts')[0].history!;
      assert.equal(stale.rotation, 'not-rotated');
      assert.equal(stale.identity, 'stale-token');
      // Removed and not rotated is the most urgent: it comes first.
      assert.equal(r.findings[0].path, 'src/stale.ts');
    });

    it('counts a merge commit that added a secret itself, and not a rename', async () => {
      const r = await run(repo);
      const merge = byPath(r.findings, 'src/merge.ts');
      assert.equal(merge.length, 1);
      assert.equal(merge[0].history!.firstCommit, sha.merge);
      assert.equal(merge[0].history!.commits, 1);
      const renamed = r.findings.filter((f) => f.fix.envName === 'RENAMED_TOKEN');
      assert.equal(renamed.length, 1, 'one finding for a renamed file');
      assert.equal(renamed[0].path, 'lib/old-name.ts');
      assert.equal(renamed[0].history!.commits, 1);
      assert.equal(renamed[0].history!.status, 'in-head');
    });

    it('counts every commit that added the value again', async () => {
      const r = await run(repo);
      const twice = byPath(r.findings, 'src/twice.ts');
      assert.equal(twice.length, 1);
      assert.equal(twice[0].history!.commits, 2);
      assert.equal(twice[0].history!.firstCommit, sha.twice1);
    });

    it('reads side branches only with allBranches', async () => {
      assert.equal(byPath((await run(repo)).findings, 'side.ts').length, 0);
      const all = await run(repo, { allBranches: true });
      const side = byPath(all.findings, 'side.ts');
      assert.equal(side.length, 1);
      assert.equal(side[0].history!.firstCommit, sha.side);
      assert.equal(side[0].history!.status, 'removed', 'HEAD (main) does not hold it');
    });

    it('skips and lists a binary blob', async () => {
      const r = await run(repo);
      assert.ok(r.skipped.some((k) => k.path === 'assets/blob.bin' && k.reason === 'binary'));
      assert.equal(byPath(r.findings, 'assets/blob.bin').length, 0);
    });

    it('--since reads only later commits', async () => {
      const r = await run(repo, { since: sha.rename });
      assert.equal(byPath(r.findings, 'src/removed.ts').length, 0);
      assert.equal(byPath(r.findings, 'src/merge.ts').length, 1);
      await assert.rejects(run(repo, { since: '--output=/tmp/x' }), /not a commit/);
    });

    it('applies the baseline, inline suppressions and path limits', async () => {
      const first = await run(repo);
      const present = byPath(first.findings, 'src/present.ts')[0];
      const withBaseline = await run(repo, { baseline: { version: 1, entries: [{ fingerprint: present.fingerprint, ruleId: present.ruleId, reason: 'test fixture' }] } });
      assert.equal(byPath(withBaseline.findings, 'src/present.ts').length, 0);
      assert.equal(byPath(withBaseline.suppressed, 'src/present.ts')[0].suppressed?.by, 'baseline');
      assert.deepEqual(byPath(first.suppressed, 'src/allowed.ts')[0].suppressed, { by: 'inline', reason: 'a revoked demo token' });
      assert.equal(byPath(first.findings, 'src/allowed.ts').length, 0);
      const limited = await run(repo, { paths: ['lib'] });
      assert.deepEqual([...new Set(limited.findings.map((f) => f.path))], ['lib/old-name.ts']);
      const excluded = await scanHistory({ top: repo.dir, config: { ...config, exclude: ['src/**'] } });
      assert.equal(excluded.findings.filter((f) => f.path.startsWith('src/')).length, 0);
    });

    it('stops when aborted, and says the result is partial', async () => {
      const ac = new AbortController();
      ac.abort();
      const r = await run(repo, { signal: ac.signal });
      assert.equal(r.cancelled, true);
      assert.equal(r.findings.length, 0);
      // Aborted while reading: after the first batch of commits has been read.
      const mid = new AbortController();
      let seen = 0;
      const partial = await run(repo, { signal: mid.signal, onProgress: (p) => { seen = p.commitsDone; mid.abort(); } });
      assert.equal(partial.cancelled, true);
      assert.ok(seen > 0);
    });

    it('CLI: JSON and SARIF carry history, text groups by what to do, authors only when asked, no value anywhere', () => {
      const json = cli(repo.dir, ['scan', '--history', '--format', 'json']);
      assert.equal(json.status, 1, json.stderr);
      const report = JSON.parse(json.stdout);
      assert.equal(report.history.commits >= 10, true);
      const f = report.findings.find((x: { path: string }) => x.path === 'src/stale.ts');
      assert.equal(f.history.rotation, 'not-rotated');
      assert.equal(f.history.author, undefined);
      assert.ok(!json.stdout.includes('Ada Example'));
      const sarif = JSON.parse(cli(repo.dir, ['scan', '--history', '--format', 'sarif']).stdout);
      const results = sarif.runs[0].results as Array<{ properties: { history?: { firstCommit: string; status: string } } }>;
      assert.ok(results.length >= 6);
      assert.ok(results.every((x) => /^[0-9a-f]{40}$/.test(x.properties.history!.firstCommit)));
      const text = cli(repo.dir, ['scan', '--history', '--all-branches', '--show-authors']);
      assert.match(text.stdout, /^Removed from the code but NOT rotated/);
      assert.match(text.stdout, /by Ada Example/);
      assert.match(text.stdout, /Still in HEAD/);
      for (const out of [json.stdout, text.stdout, JSON.stringify(sarif)]) {
        for (const v of Object.values(s)) assert.ok(!out.includes(v), 'a secret value in the output');
      }
      const md = cli(repo.dir, ['scan', '--history', '--format', 'markdown']).stdout;
      assert.match(md, /## Credential Hygiene history scan/);
      assert.match(md, /\| removed, NOT rotated \|.*src\/stale\.ts/);
      // From a subfolder, as a tree scan: that folder's history; a deleted file can be named.
      const sub = JSON.parse(cli(path.join(repo.dir, 'lib'), ['scan', '--history', '--format', 'json']).stdout);
      assert.deepEqual(sub.findings.map((x: { path: string }) => x.path), ['lib/old-name.ts']);
      const gone = JSON.parse(cli(repo.dir, ['scan', '--history', '--format', 'json', 'src/removed.ts']).stdout);
      assert.deepEqual(gone.findings.map((x: { path: string }) => x.path), ['src/removed.ts']);
      const bad = cli(repo.dir, ['scan', '--all-branches']);
      assert.equal(bad.status, 2);
    });

    it('the workspace report gets a "Leaked in history" section, removed and not rotated first', () => {
      const md = cli(repo.dir, ['report', '--git-history', '--format', 'markdown']);
      assert.equal(md.status, 0, md.stderr);
      assert.match(md.stdout, /### Leaked in history/);
      assert.match(md.stdout, /\*\*1 removed but not rotated\*\*/);
      const section = md.stdout.slice(md.stdout.indexOf('### Leaked in history'));
      assert.match(section.split('\n').find((l) => l.startsWith('| removed'))!, /removed, NOT rotated .*src\/stale\.ts/);
      const json = JSON.parse(cli(repo.dir, ['report', '--git-history', '--format', 'json']).stdout);
      assert.equal(json.leakedInHistory.rows[0].path, 'src/stale.ts');
      assert.equal(json.leakedInHistory.counts.removedNotRotated, 1);
      const csv = cli(repo.dir, ['report', '--git-history', '--format', 'csv']).stdout;
      assert.ok(csv.split('\r\n').some((l) => l.startsWith('history,') && l.includes('src/stale.ts')));
      const html = cli(repo.dir, ['report', '--git-history', '--format', 'html']).stdout;
      assert.match(html, /<h2 id="history-t">Leaked in history<\/h2>/);
      for (const out of [md.stdout, csv, html, JSON.stringify(json)]) for (const v of Object.values(s)) assert.ok(!out.includes(v));
      assert.doesNotMatch(cli(repo.dir, ['report', '--format', 'markdown']).stdout, /Leaked in history/);
    });

    it('runs none of the commands a hostile .git/config names', async () => {
      const marker = path.join(repo.dir, '..', `${path.basename(repo.dir)}.marker`);
      const script = path.join(repo.dir, '.git', 'hostile.sh');
      writeFileSync(script, `#!/bin/sh\necho ran >> ${JSON.stringify(marker)}\n`);
      chmodSync(script, 0o755);
      const q = JSON.stringify(script);
      appendFileSync(path.join(repo.dir, '.git', 'config'), `[core]\n\tfsmonitor = ${q}\n\tpager = ${q}\n[diff]\n\texternal = ${q}\n[diff "h"]\n\ttextconv = ${q}\n[filter "h"]\n\tclean = ${q}\n\tsmudge = ${q}\n`);
      writeFileSync(path.join(repo.dir, '.git', 'info', 'attributes'), '* diff=h filter=h\n');
      try {
        const r = await run(repo);
        assert.ok(r.findings.length >= 5);
        assert.equal(existsSync(marker), false, 'git ran a command from the repository config');
      } finally {
        rmSync(marker, { force: true });
      }
    });
  });

  it('a 300 MB blob is skipped and listed, never read', async function () {
    const repo = makeRepo();
    try {
      const secret = token();
      repo.write('small.ts', `export const SMALL_TOKEN = "${secret}";\n`);
      repo.commit('small', '2026-01-02T00:00:00Z');
      // Written to the object database from a stream: a secret on the first line, then 300 MB of text.
      const child = spawn('git', ['hash-object', '-w', '--stdin'], { cwd: repo.dir });
      let id = '';
      child.stdout.on('data', (d: Buffer) => (id += d.toString()));
      const closed = new Promise((resolve) => child.on('close', resolve));
      child.stdin.write(`export const BIG_TOKEN = "${token()}";\n`);
      const block = Buffer.alloc(1 << 20, 0x20);
      for (let i = 0; i < 300; i++) if (!child.stdin.write(block)) await new Promise((resolve) => child.stdin.once('drain', resolve));
      child.stdin.end();
      await closed;
      repo.git('update-index', '--add', '--cacheinfo', `100644,${id.trim()},big.ts`);
      repo.git('commit', '-q', '-m', 'big');
      const r = await run(repo);
      const big = r.skipped.filter((k) => k.path === 'big.ts');
      assert.equal(big.length, 1);
      assert.equal(big[0].reason, 'too-large');
      assert.match(big[0].detail, /300\.0 MiB|300 MiB/);
      assert.equal(r.findings.length, 1);
      assert.equal(r.findings[0].path, 'small.ts');
      assert.ok(r.bytes < 1 << 20, 'only the small blob was read');
    } finally {
      repo.cleanup();
    }
  });

  it('uses the config and baseline committed in HEAD, not uncommitted edits', async () => {
    const repo = makeRepo();
    try {
      repo.write('a.ts', `export const A_TOKEN = "${token()}";\n`);
      repo.write('b.ts', `export const B_TOKEN = "${token()}";\n`);
      repo.write('vendor/x.ts', `export const X_TOKEN = "${token()}";\n`);
      repo.write('.credential-hygiene.json', JSON.stringify({ exclude: ['vendor/**'], fingerprintSalt: 'head-config-salt-0123456789abcdef' }));
      repo.commit('code', '2026-01-01T00:00:00Z');
      const first = JSON.parse(cli(repo.dir, ['scan', '--history', '--format', 'json']).stdout);
      assert.deepEqual(first.findings.map((f: { path: string }) => f.path).sort(), ['a.ts', 'b.ts']);
      const b = first.findings.find((f: { path: string }) => f.path === 'b.ts');
      repo.write('.credential-hygiene-baseline.json', JSON.stringify({ version: 1, entries: [{ fingerprint: b.fingerprint, ruleId: b.ruleId, reason: 'revoked' }] }));
      repo.commit('baseline', '2026-01-02T00:00:00Z');
      // Not committed: a config that would exclude a.ts, and an empty baseline.
      repo.write('.credential-hygiene.json', JSON.stringify({ exclude: ['a.ts'], fingerprintSalt: 'head-config-salt-0123456789abcdef' }));
      repo.write('.credential-hygiene-baseline.json', JSON.stringify({ version: 1, entries: [] }));
      const r = JSON.parse(cli(repo.dir, ['scan', '--history', '--format', 'json']).stdout);
      assert.deepEqual(r.findings.map((f: { path: string }) => f.path), ['a.ts']);
      assert.deepEqual(r.suppressed.map((f: { path: string; suppressed: { reason: string } }) => [f.path, f.suppressed.reason]), [['b.ts', 'revoked']]);
    } finally {
      repo.cleanup();
    }
  });

  it('an empty repository (a commit with no files) has nothing to report', async () => {
    const repo = makeRepo();
    try {
      repo.commit('empty', '2026-01-01T00:00:00Z');
      const r = await run(repo);
      assert.equal(r.commits, 1);
      assert.deepEqual([r.findings, r.skipped, r.noCommits], [[], [], false]);
    } finally {
      repo.cleanup();
    }
  });

  it('a repository with no commits says so and exits 0', async () => {
    const repo = makeRepo();
    try {
      const r = await run(repo);
      assert.equal(r.noCommits, true);
      assert.equal(r.findings.length, 0);
      assert.match(r.notes.join('\n'), /no commits/);
      const out = cli(repo.dir, ['scan', '--history']);
      assert.equal(out.status, 0, out.stderr);
      assert.match(out.stdout, /no commits yet/);
    } finally {
      repo.cleanup();
    }
  });

  it('a shallow clone says history is incomplete', async () => {
    const repo = makeRepo();
    const clone = mkdtempSync(path.join(tmpdir(), 'ch-shallow-'));
    try {
      const old = token();
      repo.write('a.ts', `export const OLD_TOKEN = "${old}";\n`);
      repo.commit('one', '2026-01-01T00:00:00Z');
      repo.write('b.ts', `export const NEW_TOKEN = "${token()}";\n`);
      repo.commit('two', '2026-01-02T00:00:00Z');
      const target = path.join(clone, 'c');
      const r0 = spawnSync('git', ['clone', '-q', '--depth', '1', `file://${repo.dir}`, target], { encoding: 'utf8' });
      assert.equal(r0.status, 0, r0.stderr);
      const r = await scanHistory({ top: target, config });
      assert.equal(r.shallow, true);
      assert.match(r.notes.join('\n'), /shallow clone: history is incomplete/);
      assert.equal(r.commits, 1);
      const out = cli(target, ['scan', '--history']);
      assert.match(out.stdout, /shallow clone: history incomplete/);
    } finally {
      repo.cleanup();
      rmSync(clone, { recursive: true, force: true });
    }
  });

  it('outside a repository it is a usage error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ch-nogit-'));
    try {
      const out = cli(dir, ['scan', '--history']);
      assert.equal(out.status, 2);
      assert.match(out.stderr, /not in a git repository/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('history: cat-file readers', () => {
  it('answer in order across pipe chunks: a large blob, an empty one, a missing id', async () => {
    const { ObjectContents, ObjectSizes } = await import('../../src/core/history/objects');
    const repo = makeRepo();
    try {
      const big = Buffer.alloc(3 << 20, 'a');
      repo.write('big.txt', big);
      repo.write('empty.txt', '');
      repo.commit('blobs', '2026-01-01T00:00:00Z');
      const ids = repo.git('ls-tree', 'HEAD').split('\n').map((l) => l.split(/\s+/)[2]);
      const missing = '1'.repeat(40);
      const sizes = new ObjectSizes(repo.dir);
      const contents = new ObjectContents(repo.dir);
      try {
        const info = await sizes.request([...ids, missing]);
        assert.deepEqual(info.map((i) => ('missing' in i ? 'missing' : i.size)), [big.length, 0, 'missing']);
        const got = await contents.request([ids[0], ids[1], missing, ids[1]]);
        assert.ok(got[0]!.equals(big));
        assert.equal(got[1]!.length, 0);
        assert.equal(got[2], undefined);
        assert.equal(got[3]!.length, 0);
      } finally {
        await sizes.close();
        await contents.close();
      }
    } finally {
      repo.cleanup();
    }
  });
});
