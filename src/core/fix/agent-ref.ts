// The quick-fix for a literal credential in an AI-agent tool's MCP configuration, in the file's own
// syntax: VS Code's `.vscode/mcp.json` gets an `inputs` entry with `"password": true` and
// `${input:id}` in the value's place (VS Code asks once and keeps the value in its secret storage);
// Claude Code's `.mcp.json` and Gemini CLI's settings expand `${NAME}`, Cursor and Windsurf
// `${env:NAME}`, with the value moved to `.env`. The result is one text edit, so one undo restores it.
import { applyEdits, modify, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { TextEdit } from '../types/edit';

export type AgentRefStyle = 'vscode-input' | 'dollar-brace' | 'env-colon';

/** How the tool (a Finding's `agent.tool`) reads a value it does not hold; undefined when it cannot. */
export function agentRefStyle(tool: string): AgentRefStyle | undefined {
  switch (tool) {
    case 'vscode': return 'vscode-input';
    case 'claude-code':
    case 'gemini': return 'dollar-brace';
    case 'cursor':
    case 'windsurf': return 'env-colon';
    default: return undefined;
  }
}

/** What stands in the value's place: `${input:id}`, `${NAME}`, `${env:NAME}`. */
export function agentReference(style: AgentRefStyle, name: string): string {
  switch (style) {
    case 'vscode-input': return `\${input:${name}}`;
    case 'dollar-brace': return `\${${name}}`;
    case 'env-colon': return `\${env:${name}}`;
  }
}

/** An input id from a credential's name: `GITHUB_TOKEN` -> `github-token`. */
export function inputIdFor(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'credential';
}

/** The ids of `.vscode/mcp.json`'s `inputs`. */
export function inputIds(text: string): Set<string> {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const inputs = root?.type === 'object' ? root.children?.find((p) => p.children?.[0]?.value === 'inputs')?.children?.[1] : undefined;
  const ids = new Set<string>();
  for (const item of inputs?.type === 'array' ? inputs.children ?? [] : []) {
    const id = item.children?.find((p: JsonNode) => p.children?.[0]?.value === 'id')?.children?.[1]?.value;
    if (typeof id === 'string') ids.add(id);
  }
  return ids;
}

/** A free input id, based on `name`. */
export function freeInputId(text: string, name: string): string {
  const taken = inputIds(text);
  const base = inputIdFor(name);
  for (let i = 1; ; i++) {
    const id = i === 1 ? base : `${base}-${i}`;
    if (!taken.has(id)) return id;
  }
}

/** Indentation and line ends as the file already has them. */
function formatting(text: string): { insertSpaces: boolean; tabSize: number; eol: string } {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** The smallest single edit that turns `before` into `after`. */
function oneEdit(before: string, after: string): TextEdit {
  let s = 0;
  while (s < before.length && s < after.length && before[s] === after[s]) s++;
  let e = 0;
  while (e < before.length - s && e < after.length - s && before[before.length - 1 - e] === after[after.length - 1 - e]) e++;
  return { start: s, end: before.length - e, newText: after.slice(s, after.length - e) };
}

/**
 * The edit that puts the reference in place of [start, end) (the value's characters inside a JSON
 * string); for `vscode-input`, `name` is the input id and the `inputs` entry is added too, described
 * by `description` (never the value).
 */
export function agentRefEdit(text: string, start: number, end: number, style: AgentRefStyle, name: string, description: string): TextEdit {
  const replaced = text.slice(0, start) + agentReference(style, name) + text.slice(end);
  if (style !== 'vscode-input') return { start, end, newText: agentReference(style, name) };
  const input = { type: 'promptString', id: name, description, password: true };
  const after = applyEdits(replaced, modify(replaced, ['inputs', -1], input, { formattingOptions: formatting(text) }));
  return oneEdit(text, after);
}
