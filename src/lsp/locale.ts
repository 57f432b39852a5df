// The translator of the server's hovers: the bundle for the client's locale (`locale` in initialize)
// when one sits beside the server (l10n/bundle.l10n.<locale>.json, the extension's bundles), else
// English. Only the hovers are translated: their sentences are the extension's (src/core/present).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { translator, type L10nBundle, type Translator } from '../core/present/l10n';

/** l10n/ at the package root: beside dist/ (the CLI's bundle) or three levels up from out/src/lsp (tsc). */
export const L10N_DIRS: readonly string[] = [path.join(__dirname, '..', 'l10n'), path.join(__dirname, '..', '..', '..', 'l10n')];

/** A language tag as clients send it (`de`, `pt-BR`, `zh-Hant-TW`): nothing else names a file. */
const LOCALE = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i;

/** The translator for `locale`: its bundle (`pt-br`, else `pt`) from the first of `dirs` that has one, else English. */
export function localeTranslator(locale: string | undefined, dirs: readonly string[] = L10N_DIRS, log: (m: string) => void = () => undefined): Translator {
  return translator(localeBundle(locale, dirs, log));
}

function localeBundle(locale: string | undefined, dirs: readonly string[], log: (m: string) => void): L10nBundle | undefined {
  if (!locale || !LOCALE.test(locale)) return undefined;
  const tag = locale.toLowerCase();
  const names = [...new Set([tag, tag.split('-')[0]])];
  for (const name of names) {
    for (const dir of dirs) {
      const file = path.join(dir, `bundle.l10n.${name}.json`);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      try {
        const bundle: unknown = JSON.parse(text);
        if (bundle && typeof bundle === 'object' && !Array.isArray(bundle)) return bundle as L10nBundle;
        log(`${file}: not a string bundle; hovers stay in English`);
      } catch (e) {
        log(`${file}: ${(e as Error).message}; hovers stay in English`);
      }
      return undefined;
    }
  }
  return undefined;
}
