// `--staged`: the contents git will commit (the index), not the working tree, for pre-commit hooks.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UserError } from '../core/errors';
import { decode, type Skipped } from '../core/files/read';
import { globFilter } from '../core/files/walk';
import type { Config } from '../core/config/schema';

const run = promisify(execFile);

export async function stagedSources(cwd: string, config: Config): Promise<{ sources: Array<{ rel: string; content: string }>; skipped: Skipped[]; top: string }> {
  let top: string;
  try {
    top = (await run('git', ['rev-parse', '--show-toplevel'], { cwd })).stdout.trim();
  } catch {
    throw new UserError(`--staged needs a git repository, and ${cwd} is not in one`);
  }
  const names = (await run('git', ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR'], { cwd: top, maxBuffer: 64 << 20 })).stdout
    .split('\0').filter(Boolean);
  const accept = globFilter(config.include, config.exclude);
  const sources: Array<{ rel: string; content: string }> = [];
  const skipped: Skipped[] = [];
  for (const rel of names.filter(accept)) {
    const { stdout } = await run('git', ['show', `:${rel}`], { cwd: top, encoding: 'buffer', maxBuffer: 256 << 20 });
    if (stdout.length > config.maxFileSize) {
      skipped.push({ path: rel, reason: 'too-large', detail: `${stdout.length} bytes is over the limit` });
      continue;
    }
    const d = decode(stdout);
    if ('skip' in d) skipped.push({ path: rel, reason: d.skip, detail: d.detail });
    else sources.push({ rel, content: d.text });
  }
  return { sources, skipped, top };
}
