// The translator a face hands to the presentation modules (hover.ts): VS Code passes `vscode.l10n`, the
// language server `translator(bundle)`. Its messages are whole English sentences with `{0}` placeholders,
// the keys of l10n/bundle.l10n.json; the presentation modules call `l10n.t` with literal messages, so
// that `npm run l10n` (scripts/l10n.mjs) exports them with the extension's own.

/** What a face translates with: the signature of `vscode.l10n.t` that the presentation modules use. */
export interface Translator {
  t(message: string, ...args: Array<string | number | boolean>): string;
}

/** A bundle's messages (bundle.l10n.<locale>.json): each English message to its translation. */
export type L10nBundle = Readonly<Record<string, unknown>>;

/**
 * A translator over a bundle (none: English). `{n}` takes the n-th argument as it is (the caller
 * escapes what came from the workspace); a placeholder without an argument stays as written.
 */
export function translator(bundle?: L10nBundle): Translator {
  return {
    t(message, ...args) {
      const entry = bundle && Object.hasOwn(bundle, message) ? bundle[message] : undefined;
      const text = typeof entry === 'string' ? entry : message;
      return text.replace(/\{(\d+)\}/g, (m, n: string) => (Number(n) < args.length ? String(args[Number(n)]) : m));
    },
  };
}
