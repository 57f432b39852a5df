// Where the editor keeps its workspace scans' results between sessions (src/core/run/results-cache.ts):
// `scan-results` in the extension's global storage, which is the user's own, made private (0700). The
// build that makes them is this extension's: its version, the size and time of its bundles, and the
// extension host's Node. A workspace opened again then reads only what changed since.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { privateFolder } from '../../../core/files/private-folder';
import type { ResultsFolder } from '../../../core/run/results-cache';

export function editorResultsFolder(context: vscode.ExtensionContext): ResultsFolder | undefined {
  if (context.globalStorageUri.scheme !== 'file') return undefined;
  const dir = path.join(context.globalStorageUri.fsPath, 'scan-results');
  const stamp = (file: string) => {
    try {
      const st = statSync(path.join(context.extensionPath, file));
      return `${st.size}-${Math.trunc(st.mtimeMs)}`;
    } catch {
      return 'none';
    }
  };
  const version = (context.extension.packageJSON as { version?: string }).version ?? '0';
  let build: string | undefined;
  return {
    // Stamped when the first workspace scan asks, not at activation.
    get build() {
      return (build ??= `${version}-${stamp('dist/extension.js')}-${stamp('dist/worker.js')}-${process.version}-${process.arch}`);
    },
    folder: (create) => privateFolder(dir, create),
  };
}
