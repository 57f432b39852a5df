// Terminal styling: colour only for a TTY (or FORCE_COLOR), never when NO_COLOR is set.
const CODES = { red: [31, 39], yellow: [33, 39], blue: [34, 39], cyan: [36, 39], green: [32, 39], gray: [90, 39], bold: [1, 22], dim: [2, 22], magenta: [35, 39] } as const;
export type Style = keyof typeof CODES;

export function colorEnabled(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

export function styler(enabled: boolean): (style: Style | Style[], s: string) => string {
  return (style, s) => {
    if (!enabled) return s;
    for (const st of Array.isArray(style) ? style : [style]) s = `\x1b[${CODES[st][0]}m${s}\x1b[${CODES[st][1]}m`;
    return s;
  };
}
