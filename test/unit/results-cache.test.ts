// Scan results kept between runs (src/core/run/results-cache.ts) through the real scanner, on worker
// threads and in process: an unchanged file is answered without being read and with the very same
// analysis (fingerprints included); any change of content, of the file's identity or of the settings
// is read again; a file changed moments before the run is not kept; no secret value or file text is
// ever written. A run "later" is simulated with the cache's injected clock (a file's status-change
// time cannot be set back, which is the point).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigSchema, type Config } from '../../src/core/config/schema';
import { observeReads } from '../../src/core/files/bounded';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { RACY_MS, ResultsCache } from '../../src/core/run/results-cache';
import { scan, type ScanSummary } from '../../src/core/run/scanner';
import { makeWorkspace } from './support/workspace';

const g = new SampleGen(4242);
const config = (over: object = {}): Config => ConfigSchema.parse(over);
const LATER = () => Date.now() + 2 * RACY_MS;

describe('scan results kept between runs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ch-results-'));
  });
  afterEach(() => {
    observeReads(undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const token = g.checksummedToken('ghp_');
  const password = g.password(14);
  /** A tree big enough for worker threads (more than 48 files), with a token and a password (scrypt). */
  const tree = (): Record<string, string> => {
    const files: Record<string, string> = {
      'deploy.py': `GITHUB_TOKEN = "${token}"\n`,
      'src/config.ts': `const dbPassword = "${password}";\nconst url = process.env.PAYMENTS_API_KEY;\n`,
    };
    for (let i = 0; i < 60; i++) files[`src/m${i}.ts`] = `export const v${i} = ${i}; // ${'-'.repeat(60)}\n`;
    return files;
  };
  /** One run: the cache opened as a new process would, the scan, the save. */
  const run = async (ws: string, o: { workers?: number; now?: number; build?: string; config?: Config; references?: boolean; roots?: string[]; checkIn?: ResultsCache['checkIn'] } = {}) => {
    const cache = ResultsCache.open({ dir, base: ws, build: o.build ?? 'build-1', now: o.now ?? LATER(), checkIn: o.checkIn });
    const reads: string[] = [];
    observeReads((f) => reads.push(path.relative(ws, f)));
    const summary = await scan({
      roots: o.roots ?? [ws], base: ws, config: o.config ?? config(), workers: o.workers, cache, fingerprintsFrom: 'medium',
      analysis: o.references ? { references: true, certificates: true } : undefined,
    });
    observeReads(undefined);
    await cache.save();
    return { summary, reads, stats: cache.stats };
  };
  const shown = (s: ScanSummary) => s.findings.map((f) => ({ ...f }));
  /** `fn` on a workspace of `files` (default: the tree), removed afterwards. */
  const inTree = async (fn: (ws: string) => Promise<void>, files = tree()) => {
    const ws = makeWorkspace(files);
    try {
      await fn(ws.dir);
    } finally {
      ws.cleanup();
    }
  };

  for (const workers of [2, 0]) {
    it(`answers an unchanged tree without reading a file, with the same findings and fingerprints (${workers ? 'worker threads' : 'in process'})`, async () => {
      await inTree(async (ws) => {
        const first = await run(ws, { workers });
        assert.equal(first.stats.hits, 0);
        assert.equal(first.stats.kept, 62);
        assert.equal(first.reads.length, 62);
        const second = await run(ws, { workers });
        assert.equal(second.stats.hits, 62);
        assert.deepEqual(second.reads, [], 'no file read');
        assert.deepEqual(shown(second.summary), shown(first.summary));
        assert.equal(second.summary.files, first.summary.files);
        assert.equal(second.summary.bytes, first.summary.bytes);
        assert.ok(second.summary.findings.some((f) => f.kind === 'password' && /^v2:[0-9a-f]{32}$/.test(f.fingerprint)), 'the scrypt fingerprint is kept');
        // A run without the cache says the same.
        const fresh = await scan({ roots: [ws], base: ws, config: config(), workers, fingerprintsFrom: 'medium' });
        assert.deepEqual(shown(second.summary), shown(fresh));
      });
    });
  }

  it('in an editor, the workers compare each file with what was kept (its own thread never waits on the file system): the same answer, no file read', async () => {
    await inTree(async (ws) => {
      const first = await run(ws, { workers: 2, checkIn: 'workers' });
      assert.equal(first.stats.kept, 62);
      const second = await run(ws, { workers: 2, checkIn: 'workers' });
      assert.equal(second.stats.hits, 62);
      assert.deepEqual(second.reads, [], 'no file read');
      assert.deepEqual(shown(second.summary), shown(first.summary));
      assert.equal(second.summary.unchanged, 62);
      // A file changed since: its worker reads it.
      writeFileSync(path.join(ws, 'src/m9.ts'), `export const t = "${g.checksummedToken('ghp_')}";\n`);
      const third = await run(ws, { workers: 2, checkIn: 'workers', now: LATER() });
      assert.deepEqual(third.reads, ['src/m9.ts']);
      assert.ok(third.summary.findings.some((f) => f.path === 'src/m9.ts'));
      // A kept analysis that cannot be read back after a worker found its file unchanged: the file is read here.
      const [file] = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
      const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
      writeFileSync(path.join(dir, file), lines.map((l) => (l.startsWith('["deploy.py"') ? l.replace(/\t.*/, '\t{broken') : l)).join('\n'));
      const fourth = await run(ws, { workers: 2, checkIn: 'workers', now: LATER() });
      assert.deepEqual(fourth.reads, ['deploy.py']);
      assert.deepEqual(shown(fourth.summary), shown(third.summary));
      // A small job scanned in the editor's own thread keeps nothing (no fingerprint computed before it is asked for).
      const small = await run(path.join(ws, 'src'), { workers: 0, checkIn: 'workers' });
      assert.equal(small.stats.kept, 0);
      assert.ok(small.summary.findings.length > 0);
    });
  });

  it('reads a file again when it changed, even with the same size and its times put back', async () => {
    await inTree(async (ws) => {
      await run(ws);
      const file = path.join(ws, 'src/m7.ts');
      const before = statSync(file);
      const other = g.checksummedToken('ghp_');
      const text = `T="${other}"`;
      writeFileSync(file, `${text}${' '.repeat(before.size - text.length - 1)}\n`);
      assert.equal(statSync(file).size, before.size);
      utimesSync(file, before.atime, before.mtime);
      const again = await run(ws, { now: LATER() });
      assert.deepEqual(again.reads, ['src/m7.ts'], 'only the changed file is read');
      assert.ok(again.summary.findings.some((f) => f.path === 'src/m7.ts'), 'its new secret is found');
      // A file deleted is gone from the results; a new one is read.
      rmSync(path.join(ws, 'deploy.py'));
      writeFileSync(path.join(ws, 'new.py'), `GITHUB_TOKEN = "${g.checksummedToken('ghp_')}"\n`);
      const third = await run(ws, { now: LATER() });
      assert.deepEqual(third.reads, ['new.py']);
      assert.deepEqual([...new Set(third.summary.findings.map((f) => f.path))].sort(), ['new.py', 'src/config.ts', 'src/m7.ts']);
    });
  });

  it(`keeps nothing of a file changed less than ${RACY_MS / 1000} s before the run (its times could not tell a second change)`, async () => {
    await inTree(async (ws) => {
      const now = await run(ws, { now: Date.now() });
      assert.equal(now.stats.kept, 0);
      const next = await run(ws, { now: Date.now() });
      assert.equal(next.stats.hits, 0);
      assert.equal(next.reads.length, 62);
    });
  });

  it('takes nothing kept under other settings or by another build, and keeps each settings\' results apart', async () => {
    await inTree(async (ws) => {
      await run(ws);
      assert.equal((await run(ws, { config: config({ fingerprintSalt: 'another-project-salt' }) })).stats.hits, 0, 'another salt');
      assert.equal((await run(ws, { config: config({ fingerprintSalt: 'another-project-salt' }) })).stats.hits, 62);
      const disabled = await run(ws, { config: config({ fingerprintSalt: 'another-project-salt', rules: { 'github-pat-classic': false } }) });
      assert.equal(disabled.stats.hits, 0, 'a rule turned off');
      assert.ok(!disabled.summary.findings.some((f) => f.ruleId === 'github-pat-classic'));
      assert.equal((await run(ws, { build: 'build-2' })).stats.hits, 0, 'another build');
      assert.equal((await run(ws, { build: 'build-2', references: true })).stats.hits, 0, 'other analysis options');
      // Each settings keeps its own (a command line and a language server over one folder ask for different analyses).
      assert.equal((await run(ws)).stats.hits, 62, 'what the first settings kept is still there');
    });
  });

  it('writes no secret value and no file text: the register, whose analysis carries its text, is read every time', async () => {
    const files = tree();
    // A name read from code that is itself a secret (a token pasted where a variable's name goes).
    const odd = `AKIA${g.upperAlnum(16)}`;
    files['src/odd.ts'] = `export const id = process.env.${odd};\n`;
    files['credentials.yaml'] = `identities:\n  - id: payments\n    match: [PAYMENTS_API_KEY]\n    owners: { business: ann@example.com, technical: bob@example.com }\n    notes: "${password}"\n`;
    await inTree(async (ws) => {
      const first = await run(ws, { references: true });
      const second = await run(ws, { references: true });
      assert.deepEqual(second.reads, ['credentials.yaml']);
      assert.ok(second.summary.findings.length > 0);
      const [file] = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
      assert.equal(statSync(path.join(dir, file)).mode & 0o777, 0o600);
      const kept = readFileSync(path.join(dir, file), 'utf8');
      for (const secret of [token, password, token.slice(4, 20), password.slice(2, 12), odd.slice(4, 20)]) assert.ok(!kept.includes(secret), 'a secret in the cache');
      assert.ok(!kept.includes('ann@example.com'), 'the register\'s text in the cache');
      assert.ok(kept.includes('PAYMENTS_API_KEY'), 'references are kept by name');
      assert.deepEqual(shown(second.summary), shown(first.summary));
    }, files);
  });

  it('reads a file named through a symbolic link again every time, and a damaged cache file only means reading everything again', async () => {
    await inTree(async (ws) => {
      // The walk does not follow links; a file named on the command line may be one.
      const link = path.join(ws, 'link.py');
      symlinkSync(path.join(ws, 'deploy.py'), link);
      const roots = [ws, link];
      await run(ws, { roots });
      const second = await run(ws, { roots });
      assert.deepEqual(second.reads, ['link.py']);
      assert.ok(second.summary.findings.some((f) => f.path === 'link.py'));
      const [file] = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
      const full = path.join(dir, file);
      const lines = readFileSync(full, 'utf8').split('\n');
      writeFileSync(full, [lines[0], lines[1].slice(0, 20), '\t{not json', ...lines.slice(2, 5).map((l) => l.replace(/\t.*/, '\t{"findings":'))].join('\n'));
      const damaged = await run(ws, { roots });
      assert.deepEqual(shown(damaged.summary), shown(second.summary));
      assert.ok(damaged.reads.length >= 4);
      writeFileSync(full, Buffer.from([0xff, 0xfe, 0, 1, 2]));
      const garbage = await run(ws, { roots });
      assert.equal(garbage.stats.hits, 0);
      assert.deepEqual(shown(garbage.summary), shown(second.summary));
      assert.equal((await run(ws, { roots })).stats.hits, 62, 'and it is written anew');
    });
  });

  it('keeps at most 64 scanned folders, the least recently written going first', async () => {
    for (let i = 0; i < 70; i++) {
      const f = path.join(dir, `${String(i).padStart(32, '0')}.jsonl`);
      writeFileSync(f, '{}\n');
      utimesSync(f, new Date(2020, 0, 1 + i), new Date(2020, 0, 1 + i));
    }
    await inTree(async (ws) => {
      await run(ws);
      const left = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
      assert.equal(left.length, 64);
      assert.ok(!left.includes(`${'0'.repeat(32)}.jsonl`), 'the oldest went first');
      assert.ok(left.includes(`${'0'.repeat(30)}69.jsonl`));
    }, { 'a.py': `T = "${token}"\n` });
  });
});
