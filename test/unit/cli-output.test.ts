// Where the command line's report goes: the real bundle in a child process writing to a terminal (a
// pseudo-terminal made by script(1)), a pipe, a file and /dev/null. The report is written to file
// descriptor 1 directly (src/cli/shared/output.ts), and colour asks whether it is a terminal without
// making process.stdout (src/cli/terminal.ts): what must hold is what a user sees.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { CLI, makeWorkspace } from './support/workspace';

const ESC = '\x1b[';
/** The text without its SGR colour codes (ESC [ n m). */
const withoutColour = (s: string) => s.split(ESC).map((part, i) => (i === 0 ? part : part.replace(/^\d+m/, ''))).join('');

describe('CLI output: terminal, pipe, file, /dev/null', function () {
  this.timeout(60_000);
  const g = new SampleGen(4711);
  const tokens = Array.from({ length: 400 }, () => g.checksummedToken('ghp_'));
  let ws: ReturnType<typeof makeWorkspace>;
  before(() => {
    ws = makeWorkspace({
      'deploy.py': `GITHUB_TOKEN = "${tokens[0]}"\n`,
      // Enough findings for a JSON report several times a pipe's buffer (64 KiB).
      ...Object.fromEntries(tokens.map((t, i) => [`many/f${i}.py`, `GITHUB_TOKEN = "${t}"\n`])),
    });
  });
  after(() => ws.cleanup());
  const env = () => {
    const e: Record<string, string | undefined> = { ...process.env };
    delete e.NO_COLOR;
    delete e.FORCE_COLOR;
    return e;
  };
  const noSecret = (out: string) => assert.ok(tokens.every((t) => !out.includes(t)), 'no secret in the output');

  it('colours the report on a terminal, and not through a pipe, into a file or into /dev/null', () => {
    const args = [CLI, 'scan', '--no-progress', '--no-cache', 'deploy.py'];
    // script(1) runs the command on a new pseudo-terminal and copies what it shows to its own output.
    const command = [process.execPath, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const tty = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: ws.dir, encoding: 'utf8', env: env(), timeout: 60_000 });
    assert.match(tty.stdout, /GitHub personal access token/, tty.stderr);
    assert.ok(tty.stdout.includes(ESC), 'coloured on a terminal');
    noSecret(tty.stdout);

    const pipe = spawnSync(process.execPath, args, { cwd: ws.dir, encoding: 'utf8', env: env() });
    assert.equal(pipe.status, 1, pipe.stderr);
    assert.match(pipe.stdout, /GitHub personal access token/);
    assert.ok(!pipe.stdout.includes(ESC), 'plain through a pipe');
    assert.equal(pipe.stdout.replace(/ in \d+(?:\.\d+)? s\b/g, ''), withoutColour(tty.stdout).replace(/\r\n/g, '\n').replace(/ in \d+(?:\.\d+)? s\b/g, ''));

    const file = path.join(os.tmpdir(), `ch-out-${process.pid}.txt`);
    const fd = openSync(file, 'w');
    try {
      const r = spawnSync(process.execPath, args, { cwd: ws.dir, env: env(), stdio: ['ignore', fd, 'pipe'] });
      assert.equal(r.status, 1, String(r.stderr));
    } finally {
      closeSync(fd);
    }
    const written = readFileSync(file, 'utf8');
    assert.equal(written.replace(/ in \d+(?:\.\d+)? s\b/g, ''), pipe.stdout.replace(/ in \d+(?:\.\d+)? s\b/g, ''), 'the same report, plain, in a file');

    const devNull = spawnSync(process.execPath, args, { cwd: ws.dir, env: env(), stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    assert.equal(devNull.status, 1, devNull.stderr);
    assert.equal(devNull.stderr, '');
  });

  it('writes a report larger than a pipe holds whole, and stops quietly when the reader goes away (EPIPE)', async () => {
    const args = [CLI, 'scan', '--no-progress', '--no-cache', '--format', 'json', 'many'];
    const whole = spawnSync(process.execPath, args, { cwd: ws.dir, encoding: 'utf8', env: env(), maxBuffer: 64 << 20 });
    assert.equal(whole.status, 1, whole.stderr);
    assert.ok(whole.stdout.length > 4 * 65536, `${whole.stdout.length} bytes`);
    assert.equal((JSON.parse(whole.stdout) as { findings: unknown[] }).findings.length, tokens.length);
    noSecret(whole.stdout);

    // A reader that takes the first bytes and closes its end, as `| head -c 100` does.
    const child = spawn(process.execPath, args, { cwd: ws.dir, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    await new Promise<void>((resolve) => child.stdout.once('data', () => {
      child.stdout.destroy();
      resolve();
    }));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, 1, `exit ${code}: ${stderr}`);
    assert.equal(stderr, '', 'no error for a reader that went away');
  });
});
