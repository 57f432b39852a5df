// Hover on a finding's diagnostic: what was found, why it matters, how to fix it (under the one name
// every face uses), and whether it is already in git history (then it must be rotated; not checked in
// an untrusted workspace, where git does not run). Only the redacted preview is ever shown; text that
// can come from the workspace (a custom rule's description or provider) is shown as plain text.
import * as vscode from 'vscode';
import type { Finding } from '../core/findings';
import { mdCode, mdText } from '../core/text/escape';
import { committedInHead } from './diagnostics/git-state';
import type { FindingsStore } from './diagnostics/findings-store';
import { shownFindings, toTarget } from './fixes/target';

/** Where to rotate: at the provider when there is one, else where it was issued. */
export function rotateWhere(f: Pick<Finding, 'provider'>): string {
  return /^(generic|custom|)$/i.test(f.provider.trim()) ? 'where it was issued' : `at ${f.provider}`;
}

export class SecretHover implements vscode.HoverProvider {
  constructor(private readonly store: FindingsStore) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const offset = doc.offsetAt(pos);
    const f = shownFindings(this.store, doc).find((x) => x.offset.start <= offset && offset <= x.offset.end);
    if (!f) return undefined;
    const target = toTarget(doc, f);
    const inHistory = await committedInHead(doc.uri, target.secret);
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`$(shield) **Hard-coded credential: ${mdText(f.description)}**\n\n`);
    md.appendMarkdown(`${mdCode(f.preview)} · provider **${mdText(f.provider)}** · ${f.severity} severity · ${f.confidence} confidence · rule ${mdCode(f.ruleId)}\n\n`);
    md.appendMarkdown('**Why it matters:** anyone who can read this code, its history, a fork, a build artifact or a log can use it, ');
    md.appendMarkdown('and nobody can rotate a credential they cannot find.\n\n');
    const where = rotateWhere(f);
    if (inHistory) {
      md.appendMarkdown(`$(warning) **Already committed:** this value is in git's HEAD. Moving it out of the code is not enough: **rotate it ${mdText(where)}**, then move it.\n\n`);
    } else if (inHistory === undefined) {
      md.appendMarkdown(`**Git history not checked** in Restricted Mode (git does not run in an untrusted workspace). If this value was ever committed, rotate it ${mdText(where)}.\n\n`);
    }
    md.appendMarkdown(`**How to fix:** press Ctrl+. (Cmd+. on macOS) to move it to \`.env\` as \`${f.fix.envName}\` and read it from the environment, `);
    md.appendMarkdown('or to replace it with a reference to your secret store (Vault, AWS, Azure, GCP, 1Password, …).');
    md.supportThemeIcons = true;
    return new vscode.Hover(md, target.range);
  }
}
