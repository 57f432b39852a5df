// The quick-fix for a literal credential in an AI-agent tool's MCP configuration, in the file's own
// syntax: VS Code's `.vscode/mcp.json` gets an `inputs` entry with `"password": true` and
// `${input:id}` in the value's place (VS Code asks once and keeps the value in its secret storage);
// Claude Code's `.mcp.json` and Gemini CLI's settings expand `${NAME}`, Cursor and Windsurf
// `${env:NAME}`, Continue's YAML configs `${{ secrets.NAME }}` (Continue reads local secrets from the
// workspace's `.env` files), with the value moved to `.env`. Claude Desktop, Zed and Continue's old
// config.json expand nothing: they get no such fix (the editor says so where the fix would be). VS Code's settings.json
// keeps servers and inputs in its `mcp` block: the input goes there. The result is one text edit, so
// one undo restores it.
import { applyEdits, modify, type Node as JsonNode } from 'jsonc-parser';
import { isScalar, visit } from 'yaml';
import { parseJsoncTree, parseYamlDocument } from '../text/structured';
import type { TextEdit } from '../types/edit';

export type AgentRefStyle = 'vscode-input' | 'dollar-brace' | 'env-colon' | 'continue-secret';

/**
 * How the tool (a Finding's `agent.tool`) reads a value it does not hold; undefined when it cannot.
 * `path`: the configuration's (Continue expands secrets in its YAML configs only).
 */
export function agentRefStyle(tool: string, path = ''): AgentRefStyle | undefined {
  switch (tool) {
    case 'vscode': return 'vscode-input';
    case 'claude-code':
    case 'gemini': return 'dollar-brace';
    case 'cursor':
    case 'windsurf': return 'env-colon';
    case 'continue': return /\.ya?ml$/i.test(path) ? 'continue-secret' : undefined;
    default: return undefined;
  }
}

/** What stands in the value's place: `${input:id}`, `${NAME}`, `${env:NAME}`. */
export function agentReference(style: AgentRefStyle, name: string): string {
  switch (style) {
    case 'vscode-input': return `\${input:${name}}`;
    case 'dollar-brace': return `\${${name}}`;
    case 'env-colon': return `\${env:${name}}`;
    case 'continue-secret': return `\${{ secrets.${name} }}`;
  }
}

/** An input id from a credential's name: `GITHUB_TOKEN` -> `github-token`. */
export function inputIdFor(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'credential';
}

function prop(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return node?.type === 'object' ? node.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1] : undefined;
}

/** The ids of `.vscode/mcp.json`'s `inputs` (and of a settings.json's `mcp.inputs`). */
export function inputIds(text: string): Set<string> {
  const root = parseJsoncTree(text, [], { allowTrailingComma: true });
  const ids = new Set<string>();
  for (const inputs of [prop(root, 'inputs'), prop(prop(root, 'mcp'), 'inputs')]) {
    for (const item of inputs?.type === 'array' ? inputs.children ?? [] : []) {
      const id = prop(item, 'id')?.value;
      if (typeof id === 'string') ids.add(id);
    }
  }
  return ids;
}

/** Where the `inputs` list goes: inside VS Code settings' `mcp` block when the value sits in it. */
function inputsPath(text: string, offset: number): Array<string | number> {
  const mcp = prop(parseJsoncTree(text, [], { allowTrailingComma: true }), 'mcp');
  return mcp?.type === 'object' && offset >= mcp.offset && offset < mcp.offset + mcp.length ? ['mcp', 'inputs', -1] : ['inputs', -1];
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
  if (style === 'continue-secret') return continueEdit(text, start, end, name);
  if (style !== 'vscode-input') return { start, end, newText: agentReference(style, name) };
  const input = { type: 'promptString', id: name, description, password: true };
  const after = applyEdits(replaced, modify(replaced, inputsPath(text, start), input, { formattingOptions: formatting(text) }));
  return oneEdit(text, after);
}

/**
 * Continue's YAML: `${{ secrets.NAME }}` in place of the value. Inside a quoted scalar it goes in as
 * is; a plain scalar is written double-quoted (braces in a plain scalar would read as a flow mapping
 * in flow context), its other characters kept.
 */
function continueEdit(text: string, start: number, end: number, name: string): TextEdit {
  const ref = agentReference('continue-secret', name);
  let plain: [number, number] | undefined;
  visit(parseYamlDocument(text, { keepSourceTokens: false }), {
    Scalar(_k, node) {
      if (isScalar(node) && node.type === 'PLAIN' && node.range && node.range[0] <= start && end <= node.range[1]) {
        plain = [node.range[0], node.range[1]];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (!plain) return { start, end, newText: ref };
  const quote = (s: string) => s.replace(/[\\"]/g, (c) => `\\${c}`);
  // A plain scalar's range may end past trailing blanks: keep only its characters.
  const from = plain[0];
  let to = plain[1];
  while (to > from && /\s/.test(text[to - 1])) to--;
  return { start: from, end: to, newText: `"${quote(text.slice(from, start))}${ref}${quote(text.slice(end, to))}"` };
}
