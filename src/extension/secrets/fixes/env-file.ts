// A `.env` file git tracks (or would pick up) is a leak waiting to be pushed: add it to `.gitignore`,
// and say how to untrack it and why its values must be rotated.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { withGitignoreEntry } from '../../../core/fix/dotenv-edit';
import { forgetGitState, gitTop } from '../diagnostics/git-state';
import { notify } from '../../ui';
import { writeText } from './move-to-env';
import { readWorkspaceFile } from '../../workspace-read';

export async function ignoreEnvFile(uri: vscode.Uri, tracked: boolean): Promise<boolean> {
  const top = (await gitTop(uri)) ?? vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
  const rel = path.relative(top, uri.fsPath).split(path.sep).join('/');
  const ignoreUri = vscode.Uri.file(path.join(top, '.gitignore'));
  const read = await readWorkspaceFile(ignoreUri);
  if ('refused' in read) {
    void notify('error', vscode.l10n.t('Credential Hygiene: .gitignore cannot be read ({0}); it was not changed.', read.refused));
    return false;
  }
  const text = 'text' in read ? read.text : ''; // missing: no .gitignore yet
  const updated = withGitignoreEntry(text, rel);
  if (updated !== text) await writeText(ignoreUri, updated);
  forgetGitState();
  void notify(
    tracked ? 'warning' : 'info',
    tracked
      ? vscode.l10n.t('Added {0} to .gitignore. Git still tracks it: run "git rm --cached {0}" and commit, and rotate every credential in it, since they are in the repository\'s history.', rel)
      : vscode.l10n.t('Added {0} to .gitignore, so it stays on this machine.', rel),
  );
  return true;
}
