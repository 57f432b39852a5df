// Progress of the Get Started walkthrough (package.json contributes.walkthroughs). A step completes on
// `onCommand:` only when the workbench itself runs the command; a quick fix's command, which carries
// arguments, reaches the extension host under VS Code's internal delegation id instead. So a fix that
// was applied sets a context key, and the "Fix a finding" step completes on it (`onContext:`).
import * as vscode from 'vscode';

/** After a fix command: `done` is what it returned (true, or a count of fixes, when something changed). */
export function markFixed(done: unknown): void {
  if (done) void vscode.commands.executeCommand('setContext', 'credentialHygiene.walkthrough.fixed', true);
}
