// The one diagnostics publisher: every feature (secrets, ownership, registry, and whatever comes next)
// hands it a file's diagnostics of its own kind together with what each one stands for, and it shows
// the union in one collection. Quick-fixes and hovers look the data up by the diagnostic they were given
// (range and code, as vscode-eslint keys fixes to diagnostics): nothing is parsed back out of a message.
import * as vscode from 'vscode';

export type DiagnosticKind = 'secrets' | 'ownership' | 'registry';

export interface Published<T = unknown> {
  diagnostic: vscode.Diagnostic;
  /** What the diagnostic stands for (a finding, an identity id…), for the fixes keyed to it. */
  data: T;
}

interface FileEntry {
  uri: vscode.Uri;
  parts: Map<DiagnosticKind, Published[]>;
}

/** A diagnostic's identity within a file and kind: the code and the range (the message may be localized). */
function keyOf(d: Pick<vscode.Diagnostic, 'range' | 'code'>): string {
  const r = d.range;
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return `${String(code)}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

export class DiagnosticsPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('credential-hygiene');
  private readonly files = new Map<string, FileEntry>();

  /** Replaces `uri`'s diagnostics of `kind` (an empty list removes them). */
  set<T>(uri: vscode.Uri, kind: DiagnosticKind, entries: ReadonlyArray<Published<T>>): void {
    const key = uri.toString();
    let file = this.files.get(key);
    if (!entries.length && !file?.parts.has(kind)) return;
    if (!file) this.files.set(key, (file = { uri, parts: new Map() }));
    if (entries.length) file.parts.set(kind, [...entries]);
    else file.parts.delete(kind);
    this.show(key, file);
  }

  delete(uri: vscode.Uri, kind: DiagnosticKind): void {
    this.set(uri, kind, []);
  }

  /** Every file's diagnostics of `kind` go. */
  clear(kind: DiagnosticKind): void {
    for (const [key, file] of [...this.files]) {
      if (file.parts.delete(kind)) this.show(key, file);
    }
  }

  /** The data published with `diagnostic` (one of `uri`'s, of `kind`), if it is still shown. */
  lookup<T>(uri: vscode.Uri, kind: DiagnosticKind, diagnostic: Pick<vscode.Diagnostic, 'range' | 'code'>): T | undefined {
    const key = keyOf(diagnostic);
    return this.files.get(uri.toString())?.parts.get(kind)?.find((p) => keyOf(p.diagnostic) === key)?.data as T | undefined;
  }

  /** `uri`'s shown diagnostics of `kind`. */
  get(uri: vscode.Uri, kind: DiagnosticKind): vscode.Diagnostic[] {
    return (this.files.get(uri.toString())?.parts.get(kind) ?? []).map((p) => p.diagnostic);
  }

  private show(key: string, file: FileEntry): void {
    if (!file.parts.size) {
      this.files.delete(key);
      this.collection.delete(file.uri);
      return;
    }
    this.collection.set(file.uri, [...file.parts.values()].flat().map((p) => p.diagnostic));
  }

  dispose(): void {
    this.collection.dispose();
    this.files.clear();
  }
}
