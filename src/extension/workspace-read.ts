// Reading a workspace file in the extension host, off its main thread and bounded: a FIFO, a device,
// a link out of the workspace or an oversized file is refused with a reason instead of blocking the
// host (vscode.workspace.fs.readFile on a FIFO never returns) or filling its memory.
import * as vscode from 'vscode';
import { readBounded } from '../core/files/bounded';

export type WorkspaceRead = { text: string; bytes: Uint8Array } | { missing: true } | { refused: string };

/** Default cap for the small files fixes read and rewrite (.env, .gitignore, the register). */
export const EDIT_MAX_BYTES = 8 * 1024 * 1024;

export async function readWorkspaceFile(uri: vscode.Uri, maxBytes = EDIT_MAX_BYTES): Promise<WorkspaceRead> {
  if (uri.scheme === 'file') {
    const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
    const r = await readBounded(uri.fsPath, { maxBytes, root });
    if (r.ok) return { text: new TextDecoder().decode(r.bytes), bytes: r.bytes };
    if (r.code === 'ENOENT') return { missing: true };
    return { refused: r.reason === 'not-a-file' ? `it is ${r.detail}` : r.detail };
  }
  // Other file systems: ask what it is before reading (a FIFO or device stats as neither file nor folder).
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    return { missing: true };
  }
  if ((stat.type & vscode.FileType.File) === 0) return { refused: 'not a regular file' };
  if (stat.size > maxBytes) return { refused: `larger than ${maxBytes} bytes` };
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (bytes.length > maxBytes) return { refused: `larger than ${maxBytes} bytes` };
    return { text: new TextDecoder().decode(bytes), bytes };
  } catch (e) {
    return { refused: (e as Error).message };
  }
}

/** The text of an open document, else of the file; undefined when it is missing or refused. */
export async function readOpenOrFile(uri: vscode.Uri, maxBytes = EDIT_MAX_BYTES): Promise<WorkspaceRead> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { text: open.getText(), bytes: new TextEncoder().encode(open.getText()) };
  return readWorkspaceFile(uri, maxBytes);
}
