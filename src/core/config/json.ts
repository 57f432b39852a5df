// JSON (with comments, as VS Code's own settings allow) with errors that say where, and never quote
// the file's content back (it may hold a secret).
import type * as Jsonc from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import { UserError } from '../errors';
import { parseJsonc, TooDeepError } from '../text/structured';

export function parseJsonFile(raw: string, label: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when a JSON file is first read
  const { printParseErrorCode } = require('jsonc-parser') as typeof Jsonc;
  const errors: ParseError[] = [];
  let value: unknown;
  try {
    value = parseJsonc(raw, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  } catch (e) {
    if (e instanceof TooDeepError) throw new UserError(`${label}: ${e.message}`);
    throw e;
  }
  if (errors.length) {
    const e = errors[0];
    const before = raw.slice(0, e.offset);
    const line = before.split('\n').length;
    const column = e.offset - before.lastIndexOf('\n');
    throw new UserError(`${label}: invalid JSON: ${printParseErrorCode(e.error)} (line ${line}, column ${column})`);
  }
  return value;
}
