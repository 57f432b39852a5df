// The one place findings live in the editor: per file, from the open document's text when there is
// one, else from the last workspace scan. The Problems panel, status bar, tree and code actions all
// read from here.
import * as vscode from 'vscode';
import { meetsConfidence, type Finding } from '../../../core/findings';
import type { Range } from '../../../core/types/range';
import type { DiagnosticsPublisher, Published } from '../../publisher';
import type { DiagnosticLevel } from '../../settings';
import { diagnosticLevel, type DisplaySettings } from './levels';
import { noReferenceNote } from '../fixes/no-reference';

export const DIAGNOSTIC_SOURCE = 'Credential Hygiene';

export interface FileFindings {
  uri: vscode.Uri;
  findings: Finding[];
  /** Suppressed findings are kept (for reports) but not shown as problems. */
  suppressed: Finding[];
  /** The open document's version the findings were computed from (undefined: from disk). */
  version?: number;
  /** `credential-hygiene:allow` comments that allow nothing: shown as hints (faded, "unnecessary"). */
  unusedAllows?: Range[];
}

/** The code of the hint on a `credential-hygiene:allow` comment that allows nothing. */
export const UNUSED_SUPPRESSION = 'unused-suppression';
/** Its source: apart from the findings' own, so that "Credential Hygiene" diagnostics are exactly the findings every face counts. */
export const SUPPRESSIONS_SOURCE = 'Credential Hygiene (suppressions)';

const LEVEL: Record<Exclude<DiagnosticLevel, 'none'>, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(f: Finding): vscode.Range {
  return new vscode.Range(f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character);
}

/**
 * How much of the workspace the findings cover: only open documents (no workspace scan yet, or
 * `scanOnStartup` off), a scan under way, the whole workspace, or a scan that was cancelled.
 */
export type Coverage = 'open-files' | 'scanning' | 'workspace' | 'partial';

export class FindingsStore implements vscode.Disposable {
  private readonly files = new Map<string, FileFindings>();
  private coverageState: Coverage = 'open-files';
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  /**
   * `publisher`: the one diagnostics collection (secret findings are its `secrets` kind, each diagnostic
   * published with its finding). `display(uri)`: how findings of that file show (its project's minimum
   * confidence, the severity mapping).
   */
  constructor(private readonly publisher: DiagnosticsPublisher, private display: (uri: vscode.Uri) => DisplaySettings) {}

  set(entry: FileFindings): void {
    if (!entry.findings.length && !entry.suppressed.length && !entry.unusedAllows?.length) this.files.delete(entry.uri.toString());
    else this.files.set(entry.uri.toString(), entry);
    this.publisher.set(entry.uri, 'secrets', this.diagnostics(entry));
    this.emitter.fire();
  }

  delete(uri: vscode.Uri): void {
    this.files.delete(uri.toString());
    this.publisher.delete(uri, 'secrets');
    this.emitter.fire();
  }

  /**
   * A path deleted from disk: the file, or every file under the folder it was (a watcher reports a
   * folder deleted, not each file in it); an open document keeps its findings (its text stands for it).
   */
  deleteUnder(uri: vscode.Uri): void {
    const prefix = `${uri.toString()}/`;
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    for (const key of [...this.files.keys()]) if (key.startsWith(prefix) && !open.has(key)) this.delete(vscode.Uri.parse(key));
    this.delete(uri);
  }

  get coverage(): Coverage {
    return this.coverageState;
  }

  setCoverage(c: Coverage): void {
    this.coverageState = c;
    this.emitter.fire();
  }

  get(uri: vscode.Uri): FileFindings | undefined {
    return this.files.get(uri.toString());
  }

  /**
   * Every file's findings at or above the minimum confidence: what the views, the report, ownership and
   * fix-all read (what falls below it is no finding of this project, as in the CLI).
   */
  all(): FileFindings[] {
    const out: FileFindings[] = [];
    for (const e of this.files.values()) {
      const min = this.display(e.uri).minConfidence;
      const keep = e.findings.every((f) => meetsConfidence(f, min)) ? e : { ...e, findings: e.findings.filter((f) => meetsConfidence(f, min)), suppressed: e.suppressed.filter((f) => meetsConfidence(f, min)) };
      if (keep.findings.length || keep.suppressed.length) out.push(keep);
    }
    return out;
  }

  /** Findings shown as diagnostics (below the minimum confidence or mapped to `none`: not counted). */
  count(): number {
    let n = 0;
    for (const e of this.files.values()) {
      const display = this.display(e.uri);
      for (const f of e.findings) if (diagnosticLevel(f, display) !== 'none') n++;
    }
    return n;
  }

  /**
   * The findings shown as diagnostics in `doc`, at their positions in its current text: hovers and
   * quick-fixes act on these and nothing else (no diagnostic, no hover, no fix). When the text changed
   * since the scan, the current text is rescanned (cheap) and only findings that are still shown keep
   * their place, so a stale position can never make a fix edit the wrong characters.
   */
  shown(doc: vscode.TextDocument, rescan: () => Finding[]): Finding[] {
    const entry = this.files.get(doc.uri.toString());
    if (!entry?.findings.length) return [];
    const display = this.display(doc.uri);
    const visible = entry.findings.filter((f) => diagnosticLevel(f, display) !== 'none');
    if (entry.version === doc.version) return visible;
    const keys = new Set(visible.map((f) => `${f.ruleId}\0${f.fingerprint}`));
    return rescan().filter((f) => !f.suppressed && keys.has(`${f.ruleId}\0${f.fingerprint}`));
  }

  /** Re-render every file's diagnostics (the severity mapping changed). */
  refresh(): void {
    for (const e of this.files.values()) this.publisher.set(e.uri, 'secrets', this.diagnostics(e));
    this.emitter.fire();
  }

  private diagnostics(entry: FileFindings): Array<Published<Finding | undefined>> {
    const display = this.display(entry.uri);
    const out: Array<Published<Finding | undefined>> = [];
    for (const f of entry.findings) {
      const level = diagnosticLevel(f, display);
      if (level === 'none') continue;
      // An agent tool that expands no variable: the hover says there is no reference fix, and why.
      const noRef = noReferenceNote(f);
      const message = noRef ? vscode.l10n.t('{0}: {1}. {2}', f.description, f.preview, noRef) : vscode.l10n.t('{0}: {1}. Move it out of the code (Ctrl+. for fixes).', f.description, f.preview);
      const d = new vscode.Diagnostic(toRange(f), message, LEVEL[level]);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = f.ruleId;
      out.push({ diagnostic: d, data: f });
    }
    for (const r of entry.unusedAllows ?? []) {
      const d = new vscode.Diagnostic(new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
        vscode.l10n.t('This credential-hygiene:allow comment allows nothing: no finding or credential reference on its line. Remove it.'), vscode.DiagnosticSeverity.Hint);
      d.source = SUPPRESSIONS_SOURCE;
      d.code = UNUSED_SUPPRESSION;
      d.tags = [vscode.DiagnosticTag.Unnecessary];
      out.push({ diagnostic: d, data: undefined });
    }
    return out;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
