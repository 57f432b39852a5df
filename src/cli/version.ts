// The package version. The bundle (dist/) has it written in by the build (scripts/build.mjs defines
// CH_BUILD_VERSION): no run reads package.json (20 KB, a third of a millisecond) to print it. The
// compiled sources (out/src/cli/), which tests run, find it from package.json.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

declare const CH_BUILD_VERSION: string | undefined;

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
export const version = typeof CH_BUILD_VERSION === 'string' ? CH_BUILD_VERSION : packageVersion();
