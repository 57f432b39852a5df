#!/usr/bin/env node
// Starts the command line (dist/cli/, built by scripts/build.mjs; this file is copied to dist/cli.js).
// On Node 22.1 and later, the modules' compiled code is cached in the user's own cache folder
// (module.enableCompileCache): from the second run on, a pre-commit hook or an editor's language
// server starts without compiling the bundle again. The folder is the user's alone (created 0700;
// one that others can write is not used), and V8 rejects a cache that does not match the code.
// NODE_DISABLE_COMPILE_CACHE=1 turns it off, as for any Node program.
'use strict';
const { enableCompileCache } = require('node:module');
if (typeof enableCompileCache === 'function' && !process.env.NODE_DISABLE_COMPILE_CACHE) {
  try {
    const fs = require('node:fs');
    const os = require('node:os');
    const path = require('node:path');
    const base = process.platform === 'win32'
      ? process.env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local')
      : process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
    const dir = path.join(base, 'credential-hygiene', 'compile-cache');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    const own = process.platform === 'win32' || (st.uid === process.getuid() && (st.mode & 0o022) === 0);
    if (st.isDirectory() && own) enableCompileCache(dir);
  } catch {
    // No cache folder (a read-only home, a sandbox): start as usual.
  }
}
import('./cli/bin.mjs');
