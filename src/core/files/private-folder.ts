// A folder only its user can write, for what a face keeps between runs (scan results): created 0700;
// one that is not a folder of this user's, or that others can write, is not used. (The CLI's starter
// makes the same check for its compiled code before any of this code has loaded: scripts/cli-shim.cjs.)
import { existsSync, lstatSync, mkdirSync } from 'node:fs';

/** `dir` when it is private (made, unless `create` is false), else undefined. */
export function privateFolder(dir: string, create: boolean): string | undefined {
  try {
    if (!create && !existsSync(dir)) return undefined;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    const own = process.platform === 'win32' || (st.uid === process.getuid?.() && (st.mode & 0o022) === 0);
    return st.isDirectory() && own ? dir : undefined;
  } catch {
    return undefined;
  }
}
