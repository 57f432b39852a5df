// Hover on a finding's diagnostic: what was found, why it matters, how to fix it (under the one name
// every face uses), and whether it is already in git history (then it must be rotated; not checked in
// an untrusted workspace, where git does not run), and since when git history holds it (the history
// index, once built). Only the redacted preview is ever shown; text that
// can come from the workspace (a custom rule's description or provider) is shown as plain text.
import * as vscode from 'vscode';
import type { Finding } from '../../core/findings';
import { mdCode, mdText } from '../../core/text/escape';
import { committedInHead } from './diagnostics/git-state';
import type { FindingsStore } from './diagnostics/findings-store';
import type { HistoryIndex } from '../history/history-index';
import { shownFindings, toTarget } from './fixes/target';
import { rotationIssuer } from '../../core/rules/issuer';

/** The provider to rotate a credential at, or undefined when it is only "where it was issued". */
export function rotateAt(f: Pick<Finding, 'provider'>): string | undefined {
  return rotationIssuer(f.provider);
}

export class SecretHover implements vscode.HoverProvider {
  /** `history`: the git-history index once there is one (the composition sets it). */
  constructor(private readonly store: FindingsStore, private readonly history: () => HistoryIndex | undefined = () => undefined) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const offset = doc.offsetAt(pos);
    const f = shownFindings(this.store, doc).find((x) => x.offset.start <= offset && offset <= x.offset.end);
    if (!f) return undefined;
    const target = toTarget(doc, f);
    const inHistory = await committedInHead(doc.uri, target.secret);
    const md = new vscode.MarkdownString(undefined, true);
    // Workspace text is escaped before it becomes an argument; the sentences are translated whole.
    md.appendMarkdown(`$(shield) **${vscode.l10n.t('Hard-coded credential: {0}', mdText(f.description))}**\n\n`);
    md.appendMarkdown(`${vscode.l10n.t('{0} · provider **{1}** · {2} severity · {3} confidence · rule {4}', mdCode(f.preview), mdText(f.provider), f.severity, f.confidence, mdCode(f.ruleId))}\n\n`);
    md.appendMarkdown(`${vscode.l10n.t('**Why it matters:** anyone who can read this code, its history, a fork, a build artifact or a log can use it, and nobody can rotate a credential they cannot find.')}\n\n`);
    const at = rotateAt(f);
    if (inHistory) {
      md.appendMarkdown(`$(warning) ${at
        ? vscode.l10n.t("**Already committed:** this value is in git's HEAD. Moving it out of the code is not enough: **rotate it at {0}**, then move it.", mdText(at))
        : vscode.l10n.t("**Already committed:** this value is in git's HEAD. Moving it out of the code is not enough: **rotate it where it was issued**, then move it.")}\n\n`);
    } else if (inHistory === undefined) {
      md.appendMarkdown(`${at
        ? vscode.l10n.t('**Git history not checked** in Restricted Mode (git does not run in an untrusted workspace). If this value was ever committed, rotate it at {0}.', mdText(at))
        : vscode.l10n.t('**Git history not checked** in Restricted Mode (git does not run in an untrusted workspace). If this value was ever committed, rotate it where it was issued.')}\n\n`);
    }
    // The history index (built in the background, trusted workspaces only): since when git history holds it.
    const leak = this.history()?.lookup(doc.uri, f.fingerprint);
    if (leak) {
      const since = leak.firstDate.slice(0, 10);
      const commit = mdCode(leak.firstCommit.slice(0, 12));
      md.appendMarkdown(`$(history) ${leak.commits === 1
        ? vscode.l10n.t('**In git history since {0}** (commit {1}): rotate it even after it is gone from the code.', since, commit)
        : vscode.l10n.t('**In git history since {0}** (commit {1}, added by {2} commits): rotate it even after it is gone from the code.', since, commit, leak.commits)}\n\n`);
    }
    md.appendMarkdown(vscode.l10n.t('**How to fix:** press Ctrl+. (Cmd+. on macOS) to move it to `.env` as `{0}` and read it from the environment, or to replace it with a reference to your secret store (Vault, AWS, Azure, GCP, 1Password, …).', f.fix.envName));
    md.supportThemeIcons = true;
    return new vscode.Hover(md, target.range);
  }
}
