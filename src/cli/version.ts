// The package version, found from either the bundle (dist/) or the compiled sources (out/src/cli/).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export function packageVersion(): string {
  for (const rel of ['../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(__dirname, rel), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'credential-hygiene' && pkg.version) return pkg.version;
    } catch {
      // try the next layout
    }
  }
  return '0.0.0';
}

/** This build's version (--version, reports). */
export const version = packageVersion();
