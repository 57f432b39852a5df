// Throwaway folders for tests, filled from a map of relative path -> content.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.join(__dirname, '../../../..');
export const CLI = path.join(REPO_ROOT, 'dist/cli.js');

export function makeWorkspace(files: Record<string, string | Buffer>): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ch-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
