// Files a workspace names are written only inside it, never through a symbolic link.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeInside, writeInsideSync, writeRefusal } from '../../src/core/files/safe-write';
import { ensureProjectSalt } from '../../src/core/salt';
import { writeBaseline } from '../../src/core/suppress/baseline';

describe('writes inside the workspace only', () => {
  let dir: string;
  let ws: string;
  let outside: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ch-safe-write-'));
    ws = path.join(dir, 'ws');
    outside = path.join(dir, 'outside');
    mkdirSync(ws);
    mkdirSync(outside);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a new file and rewrites a regular one', async () => {
    writeInsideSync(ws, path.join(ws, '.env'), 'A=1\n');
    await writeInside(ws, path.join(ws, '.env'), 'A=2\n');
    assert.equal(readFileSync(path.join(ws, '.env'), 'utf8'), 'A=2\n');
  });

  it('refuses a path outside, a dangling link, a link to a file outside, a folder linked out, a folder', async () => {
    symlinkSync(path.join(outside, 'planted.env'), path.join(ws, '.env'));
    writeFileSync(path.join(outside, 'victim'), 'keep\n');
    symlinkSync(path.join(outside, 'victim'), path.join(ws, 'link'));
    symlinkSync(outside, path.join(ws, 'out'));
    mkdirSync(path.join(ws, 'folder'));
    const cases: Array<[string, RegExp]> = [
      [path.join(ws, '..', 'outside', 'x.json'), /outside the workspace/],
      [path.join(ws, '.env'), /symbolic link/],
      [path.join(ws, 'link'), /symbolic link/],
      [path.join(ws, 'out', 'x.json'), /resolves outside/],
      [path.join(ws, 'folder'), /not a regular file/],
    ];
    for (const [file, why] of cases) {
      assert.match(writeRefusal(ws, file) ?? '', why, file);
      assert.throws(() => writeInsideSync(ws, file, 'x'), why);
      await assert.rejects(writeInside(ws, file, 'x'), why);
    }
    assert.equal(existsSync(path.join(outside, 'planted.env')), false);
    assert.equal(readFileSync(path.join(outside, 'victim'), 'utf8'), 'keep\n');
    assert.deepEqual(readdir(outside), ['victim']);
  });

  it('the baseline and the config salt a workspace names cannot land outside it', () => {
    assert.throws(() => writeBaseline(path.join(ws, '..', 'outside', 'baseline.json'), { version: 1, entries: [] }, ws), /outside the workspace/);
    symlinkSync(path.join(outside, 'cfg.json'), path.join(ws, '.credential-hygiene.json'));
    assert.throws(() => ensureProjectSalt(path.join(ws, '.credential-hygiene.json'), ws), /symbolic link|outside/);
    assert.deepEqual(readdir(outside), []);
  });
});

function readdir(p: string): string[] {
  return readdirSync(p).sort();
}
