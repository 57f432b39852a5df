// The few questions the fixes ask git: is this file tracked, ignored, and was this text already
// committed (then moving it is not enough: it must be rotated). Answers are undefined outside a repo.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function git(cwd: string, args: string[], maxBuffer = 64 << 20): Promise<{ ok: boolean; stdout: string }> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer, encoding: 'utf8', timeout: 15_000 });
    return { ok: true, stdout };
  } catch {
    return { ok: false, stdout: '' };
  }
}

export async function gitTopLevel(dir: string): Promise<string | undefined> {
  const r = await git(dir, ['rev-parse', '--show-toplevel']);
  return r.ok ? r.stdout.trim() : undefined;
}

/** `rel` is relative to `top` (POSIX). */
export async function isTracked(top: string, rel: string): Promise<boolean> {
  return (await git(top, ['ls-files', '--error-unmatch', '--', rel])).ok;
}

export async function isIgnored(top: string, rel: string): Promise<boolean> {
  return (await git(top, ['check-ignore', '-q', '--no-index', '--', rel])).ok;
}

/** Whether HEAD's version of the file contains `needle` (compared in memory; never printed). */
export async function headContains(top: string, rel: string, needle: string): Promise<boolean> {
  const r = await git(top, ['show', `HEAD:${rel}`], 256 << 20);
  return r.ok && r.stdout.includes(needle);
}
