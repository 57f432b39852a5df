// Terminal styling: colour only for a TTY (or FORCE_COLOR), never when NO_COLOR is set.
import { fstatSync, statSync, type Stats } from 'node:fs';
import type * as Tty from 'node:tty';

const CODES = { red: [31, 39], yellow: [33, 39], blue: [34, 39], cyan: [36, 39], green: [32, 39], gray: [90, 39], bold: [1, 22], dim: [2, 22], magenta: [35, 39] } as const;
export type Style = keyof typeof CODES;

/** Whether output to `fd` (1 or 2) is to be coloured. */
export function colorEnabled(fd: 1 | 2): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return isTerminal(fd);
}

/**
 * Whether `fd` is a terminal, asked without making process.stdout or process.stderr: making either loads
 * Node's streams (and for a pipe its sockets), a few milliseconds of a pre-commit hook that prints one
 * line. A pipe, a file or /dev/null is not; only a character device other than /dev/null is asked of
 * node:tty.
 */
export function isTerminal(fd: 1 | 2): boolean {
  let st: Stats;
  try {
    st = fstatSync(fd);
  } catch {
    return false; // closed
  }
  if (!st.isCharacterDevice()) return false;
  try {
    const empty = statSync('/dev/null');
    if (empty.isCharacterDevice() && empty.rdev === st.rdev) return false;
  } catch {
    // No /dev/null (Windows): node:tty decides.
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for a character device
  return (require('node:tty') as typeof Tty).isatty(fd);
}

export function styler(enabled: boolean): (style: Style | Style[], s: string) => string {
  return (style, s) => {
    if (!enabled) return s;
    for (const st of Array.isArray(style) ? style : [style]) s = `\x1b[${CODES[st][0]}m${s}\x1b[${CODES[st][1]}m`;
    return s;
  };
}
