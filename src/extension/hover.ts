// Hover on a finding: what was found, why it matters, how to fix it, and whether it is already in
// git history (then it must be rotated; not checked in an untrusted workspace, where git does not run).
// Only the redacted preview is ever shown.
import * as vscode from 'vscode';
import { committedInHead } from './diagnostics/git-state';
import { currentFindings, toTarget } from './fixes/target';

export class SecretHover implements vscode.HoverProvider {
  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const offset = doc.offsetAt(pos);
    const f = currentFindings(doc).find((x) => x.offset.start <= offset && offset <= x.offset.end);
    if (!f) return undefined;
    const target = toTarget(doc, f);
    const inHistory = await committedInHead(doc.uri, target.secret);
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`$(shield) **Hard-coded credential: ${f.description}**\n\n`);
    md.appendMarkdown(`\`${f.preview}\` · provider **${f.provider}** · ${f.severity} severity · ${f.confidence} confidence · rule \`${f.ruleId}\`\n\n`);
    md.appendMarkdown('**Why it matters:** anyone who can read this code, its history, a fork, a build artifact or a log can use it, ');
    md.appendMarkdown('and nobody can rotate a credential they cannot find.\n\n');
    if (inHistory) {
      md.appendMarkdown(`$(warning) **Already committed:** this value is in git's HEAD. Moving it out of the code is not enough: **rotate it at ${f.provider}**, then move it.\n\n`);
    } else if (inHistory === undefined) {
      md.appendMarkdown(`**Git history not checked** in Restricted Mode (git does not run in an untrusted workspace). If this value was ever committed, rotate it at ${f.provider}.\n\n`);
    }
    md.appendMarkdown(`**How to fix:** press Ctrl+. (Cmd+. on macOS) to move it to \`.env\` as \`${f.fix.envName}\` (or a name taken from the code) and read it from the environment, `);
    md.appendMarkdown('or to replace it with a reference to your secret store (Vault, AWS, Azure, GCP, 1Password, …).');
    md.supportThemeIcons = true;
    return new vscode.Hover(md, target.range);
  }
}
