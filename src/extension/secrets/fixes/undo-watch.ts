// Undo of a move: one undo restores the code, but the value would stay in `.env` and `NAME=` in
// `.env.example`. Moves are remembered per document (what they added, and the value to recognise
// the literal by, in memory only); when an undo in that document brings a moved literal back, the
// user is asked whether to take the entries back out, and only exactly what the move added goes.
// The value is never logged or shown.
import * as vscode from 'vscode';
import { log } from '../../logger';
import { currentPrompter, notify } from '../../ui';
import { putBack, takeBackOut, type EnvRecord } from './move-to-env';

export class MoveUndoWatcher implements vscode.Disposable {
  private readonly byDoc = new Map<string, EnvRecord[]>();
  /** Entries an undo's offer took back out of `.env`, per document: a redo of the move puts them back. */
  private readonly takenOut = new Map<string, EnvRecord[]>();
  private readonly disposables: vscode.Disposable[];
  /** The last offer's outcome (tests wait on it). */
  lastOffer: Promise<void> = Promise.resolve();

  constructor() {
    this.disposables = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.reason === vscode.TextDocumentChangeReason.Undo) this.lastOffer = this.afterUndo(e.document);
        else if (e.reason === vscode.TextDocumentChangeReason.Redo) this.lastOffer = this.afterRedo(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.byDoc.delete(d.uri.toString());
        this.takenOut.delete(d.uri.toString());
      }),
    ];
  }

  /** A move into `.env` was applied to `doc`: these are the entries it added. */
  track(doc: vscode.Uri, records: EnvRecord[]): void {
    const added = records.filter((r) => r.env || r.example);
    if (!added.length) return;
    const key = doc.toString();
    this.byDoc.set(key, [...(this.byDoc.get(key) ?? []).filter((r) => !added.some((a) => a.name === r.name)), ...added]);
  }

  /** Forgets these names (their entries were taken out some other way). */
  forget(names: readonly string[]): void {
    for (const [key, list] of this.byDoc) {
      const left = list.filter((r) => !names.includes(r.name));
      if (left.length) this.byDoc.set(key, left);
      else this.byDoc.delete(key);
    }
  }

  private async afterUndo(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    const list = this.byDoc.get(key);
    if (!list) return;
    const text = doc.getText();
    const back = list.filter((r) => text.includes(r.secret));
    if (!back.length) return;
    // Asked once per move: whatever the answer, these are no longer watched.
    const rest = list.filter((r) => !back.includes(r));
    if (rest.length) this.byDoc.set(key, rest);
    else this.byDoc.delete(key);
    // A name another document still reads (a move that is not undone) keeps its entry.
    const stillRead = new Set([...this.byDoc.values()].flat().map((r) => `${r.folder.toString()}\u0000${r.name}`));
    const offer = back.filter((r) => !stillRead.has(`${r.folder.toString()}\u0000${r.name}`));
    if (!offer.length) return;
    const names = offer.map((r) => r.name);
    const which = names.join(', ');
    const where = vscode.workspace.asRelativePath(doc.uri);
    const yes = await currentPrompter().confirm(
      names.length > 1
        ? vscode.l10n.t('The undo put the values of {0} back in {1}. Take {0} back out of .env and .env.example?', which, where)
        : vscode.l10n.t('The undo put the value of {0} back in {1}. Take {0} back out of .env and .env.example?', which, where),
      vscode.l10n.t('Take it out'),
    );
    if (!yes) {
      log().info(`undo of a move: kept ${which} in .env (the user said no)`);
      return;
    }
    try {
      const { removed, changed } = await takeBackOut(offer);
      const out = offer.filter((r) => removed.includes(r.name));
      if (out.length) this.takenOut.set(key, [...(this.takenOut.get(key) ?? []).filter((r) => !removed.includes(r.name)), ...out]);
      log().info(`undo of a move: took ${removed.join(', ') || 'nothing'} back out of .env${changed.length ? `; left ${changed.join(', ')} (edited since)` : ''}`);
      const parts = [
        removed.length ? vscode.l10n.t('Took {0} back out of .env and .env.example.', removed.join(', ')) : '',
        !changed.length ? '' : changed.length > 1
          ? vscode.l10n.t('Left {0} in place: their entries were edited since; remove them by hand if you want.', changed.join(', '))
          : vscode.l10n.t('Left {0} in place: its entry was edited since; remove it by hand if you want.', changed.join(', ')),
      ];
      void notify(changed.length ? 'warning' : 'info', parts.filter(Boolean).join(' '));
    } catch (e) {
      void notify('error', vscode.l10n.t('Credential Hygiene: could not take {0} back out of .env ({1}).', which, (e as Error).message));
    }
  }

  /**
   * A redo in a document whose move was undone and taken back out of `.env`: when the literal is gone
   * from the code again, the code reads the name from the environment, so the value goes back into
   * `.env` (and the name into `.env.example`) at once: nothing is lost, and a later undo offers again.
   */
  private async afterRedo(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    const list = this.takenOut.get(key);
    if (!list) return;
    const text = doc.getText();
    const moved = list.filter((r) => !text.includes(r.secret));
    if (!moved.length) return;
    const rest = list.filter((r) => !moved.includes(r));
    if (rest.length) this.takenOut.set(key, rest);
    else this.takenOut.delete(key);
    const which = moved.map((r) => r.name).join(', ');
    try {
      const back = await putBack(moved);
      this.track(doc.uri, moved);
      log().info(`redo of a move: put ${back.join(', ') || 'nothing'} back in .env`);
      void notify('info', vscode.l10n.t('The redo moved {0} out of {1} again: put {0} back in .env and .env.example.', which, vscode.workspace.asRelativePath(doc.uri)));
    } catch (e) {
      void notify('error', vscode.l10n.t('Credential Hygiene: the redo moved {0} out of the code again, but it could not be put back in .env ({1}): undo the redo to keep the value.', which, (e as Error).message));
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.byDoc.clear();
    this.takenOut.clear();
  }
}
