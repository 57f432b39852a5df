// Hover on a finding's diagnostic: what was found, why it matters, how to fix it (under the one name
// every face uses), and whether it is already in git history (then it must be rotated; not checked in
// an untrusted workspace, where git does not run), and since when git history holds it (the history
// index, once built). The text is core's (src/core/present/hover.ts), the language server's too; this
// face adds VS Code's translator, theme icons and its quick-fix keys.
import * as vscode from 'vscode';
import { findingHover, VSCODE_HOVER } from '../../core/present/hover';
import { committedInHead } from './diagnostics/git-state';
import type { FindingsStore } from './diagnostics/findings-store';
import type { HistoryIndex } from '../history/history-index';
import { shownFindings, toTarget } from './fixes/target';
import { loadedProjectFor } from '../project';

export class SecretHover implements vscode.HoverProvider {
  /** `history`: the git-history index once there is one (the composition sets it). */
  constructor(private readonly store: FindingsStore, private readonly history: () => HistoryIndex | undefined = () => undefined) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const offset = doc.offsetAt(pos);
    const f = shownFindings(this.store, doc).find((x) => x.offset.start <= offset && offset <= x.offset.end);
    if (!f) return undefined;
    const target = toTarget(doc, f);
    const inHistory = await committedInHead(doc.uri, target.secret);
    const markdown = findingHover({ ...VSCODE_HOVER, l10n: vscode.l10n }, f, {
      inHistory,
      // The history index (built in the background, trusted workspaces only): since when git history holds it.
      leak: this.history()?.lookup(doc.uri, f.fingerprint),
      customRule: loadedProjectFor(doc.uri).config.customRules.some((r) => r.id === f.ruleId),
    });
    return new vscode.Hover(new vscode.MarkdownString(markdown, true), target.range);
  }
}
