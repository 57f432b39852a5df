// AI-agent tool configuration: the MCP servers that VS Code, Claude Code, Cursor, Claude Desktop,
// Gemini CLI, Windsurf, Zed and Continue start or call, read structurally (jsonc-parser, yaml) with
// exact offsets. Each server's `env`, `headers`, `args` and URL are the places a literal credential
// sits; this module says where they are and which of their values are credential-named, the engine
// (engine.ts) decides what is a secret, and the quick-fixes (fix/mcp-fix.ts) rewrite them in each
// file's own syntax. Nothing here keeps or reports a value: callers get offsets.
import type { Node as JsonNode } from 'jsonc-parser';
import { isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Scalar } from 'yaml';
import { parseJsoncTree, parseYamlDocument } from '../text/structured';
import { credentialName } from '../rules/providers/generic';
import { sourceRange, splitShellWords } from '../text/shell-words';

/** jsonc-parser's parseTree (loaded when an agent configuration is first read); undefined for a text nested too deeply. */
function parseTree(text: string): JsonNode | undefined {
  return parseJsoncTree(text, [], { allowTrailingComma: true, disallowComments: false });
}

export const AGENT_TOOLS = ['vscode', 'claude-code', 'cursor', 'claude-desktop', 'gemini', 'windsurf', 'zed', 'continue'] as const;
export type AgentTool = (typeof AGENT_TOOLS)[number];

/** How each tool is called in messages. */
export const AGENT_TOOL_NAMES: Record<AgentTool, string> = {
  vscode: 'VS Code', 'claude-code': 'Claude Code', cursor: 'Cursor', 'claude-desktop': 'Claude Desktop', gemini: 'Gemini CLI',
  windsurf: 'Windsurf', zed: 'Zed', continue: 'Continue',
};

export type McpField = 'env' | 'headers' | 'args' | 'url';

export { MCP_CONFIG_PATHS } from '../rules/providers/agents';

/** The tool a configuration at `path` belongs to, by its name; `settings.json` is Zed's only where it says so (see readMcpConfig). */
export function mcpToolForPath(path: string): AgentTool | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (/(?:^|\/)\.vscode\/mcp\.json$/.test(path)) return 'vscode';
  if (/(?:^|\/)\.cursor\/mcp\.json$/.test(path)) return 'cursor';
  if (base === '.mcp.json') return 'claude-code';
  if (base === 'claude_desktop_config.json') return 'claude-desktop';
  if (/(?:^|\/)\.gemini\/settings\.json$/.test(path)) return 'gemini';
  if (base === 'mcp_config.json') return 'windsurf';
  if (/(?:^|\/)\.continue\/(?:config\.(?:json|ya?ml)|mcpServers\/[^/]+\.(?:json|ya?ml))$/.test(path)) return 'continue';
  if (/(?:^|\/)\.?zed\/settings\.json$/.test(path)) return 'zed';
  return undefined;
}

/** One string value of a server, with the offsets of its characters (quotes excluded). */
export interface McpValue {
  field: McpField;
  /** The env variable, header, flag or query parameter that names it. */
  key?: string;
  start: number;
  end: number;
}

export interface McpServer {
  /** The server's key (`github`), or for a list entry its `name`. */
  name: string;
  /** Offsets of the name (its characters; the whole entry when it has none). */
  nameStart: number;
  nameEnd: number;
  values: McpValue[];
}

export interface McpConfig {
  tool: AgentTool;
  format: 'json' | 'yaml';
  /** Where the servers sit when not at the top: VS Code settings' `mcp` block (`{"mcp": {"servers": {…}, "inputs": […]}}`). */
  block?: 'mcp';
  servers: McpServer[];
}

/** Text larger than this is not read as an agent configuration (the line rules still run). */
const MAX_CONFIG = 1 << 20;

/** The MCP servers a configuration at `path` declares; undefined when it is none (or does not parse to one). */
export function readMcpConfig(text: string, path: string): McpConfig | undefined {
  if (text.length > MAX_CONFIG) return undefined;
  let tool = mcpToolForPath(path);
  const base = path.slice(path.lastIndexOf('/') + 1);
  let block: 'mcp' | undefined;
  if (!tool && base === 'settings.json') {
    const vscodeDir = /(?:^|\/)\.vscode\//.test(path);
    // VS Code's settings (`.vscode/settings.json`, or the user's settings.json) hold servers in an `mcp` block.
    if (text.includes('"mcp"') && mcpBlock(text)) [tool, block] = ['vscode', 'mcp'];
    // A `settings.json` elsewhere (a copy of `~/.config/zed/settings.json`) is Zed's by its shape.
    else if (!vscodeDir && text.includes('"context_servers"')) tool = 'zed';
  }
  if (!tool) return undefined;
  const yaml = /\.ya?ml$/.test(path);
  const servers = yaml ? yamlServers(text) : jsonServers(text, block);
  return servers.length ? { tool, format: yaml ? 'yaml' : 'json', servers, ...(block ? { block } : {}) } : undefined;
}

/** VS Code settings' `mcp` object, when it has servers. */
function mcpBlock(text: string): JsonNode | undefined {
  const root = parseTree(text);
  const mcp = prop(root, 'mcp');
  return prop(mcp, 'servers')?.type === 'object' ? mcp : undefined;
}

// ---- JSON / JSONC ---------------------------------------------------------------------------------

function prop(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  const p = node.children?.find((c) => c.children?.[0]?.value === key);
  return p?.children?.[1];
}

/** The characters of a JSON string node, when they read as its value (no escapes). */
function jsonString(text: string, node: JsonNode | undefined): { start: number; end: number; value: string } | undefined {
  if (node?.type !== 'string' || typeof node.value !== 'string') return undefined;
  const start = node.offset + 1;
  const end = node.offset + node.length - 1;
  return text.slice(start, end) === node.value ? { start, end, value: node.value } : undefined;
}

function jsonServers(text: string, block?: 'mcp'): McpServer[] {
  const top = parseTree(text);
  const root = block ? prop(top, block) : top;
  if (root?.type !== 'object') return [];
  const out: McpServer[] = [];
  for (const key of ['servers', 'mcpServers', 'context_servers']) {
    const map = prop(root, key);
    if (map?.type !== 'object') continue;
    for (const p of map.children ?? []) {
      const [k, v] = p.children ?? [];
      if (!k || v?.type !== 'object' || typeof k.value !== 'string') continue;
      out.push({ name: k.value, nameStart: k.offset + 1, nameEnd: k.offset + k.length - 1, values: jsonValues(text, v) });
    }
  }
  // Continue's older config.json: `experimental.modelContextProtocolServers: [{ name?, transport: {...} }]`.
  const list = prop(prop(root, 'experimental'), 'modelContextProtocolServers');
  if (list?.type === 'array') {
    (list.children ?? []).forEach((v, i) => {
      if (v.type !== 'object') return;
      const name = jsonString(text, prop(v, 'name'));
      out.push({ name: name?.value ?? `server-${i + 1}`, nameStart: name?.start ?? v.offset, nameEnd: name?.end ?? v.offset + 1, values: jsonValues(text, v) });
    });
  }
  return out;
}

/** The places of one server (and of its `command`, `transport` and `requestOptions` objects) that can hold a value. */
function jsonValues(text: string, server: JsonNode): McpValue[] {
  const out: McpValue[] = [];
  const parts = [server, prop(server, 'command'), prop(server, 'transport'), prop(server, 'requestOptions')].filter((n): n is JsonNode => n?.type === 'object');
  for (const part of parts) {
    for (const field of ['env', 'headers'] as const) {
      for (const p of prop(part, field)?.children ?? []) {
        const key = p.children?.[0]?.value;
        const s = jsonString(text, p.children?.[1]);
        if (typeof key === 'string' && s) out.push(field === 'headers' ? headerValue(key, s.start, s.value) : { field, key, start: s.start, end: s.end });
      }
    }
    // The command line: a one-string `command` split into words, then `args` (Zed's `command` is an object: its own `args`).
    const args = prop(part, 'args');
    const command = commandWords(jsonString(text, prop(part, 'command')));
    const items = args?.type === 'array' ? (args.children ?? []).map((n) => plainWord(jsonString(text, n))) : [];
    if (command.length || items.length) out.push(...argValues([...command, ...items]));
    for (const key of ['url', 'serverUrl', 'httpUrl']) {
      const s = jsonString(text, prop(part, key));
      if (s) out.push(...urlValues(s));
    }
  }
  return out;
}

// ---- YAML (Continue) ------------------------------------------------------------------------------

function yamlString(text: string, node: unknown): { start: number; end: number; value: string } | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const s = node as Scalar;
  const quoted = s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE';
  if (!quoted && s.type !== 'PLAIN') return undefined;
  const start = node.range![0] + (quoted ? 1 : 0);
  const end = start + (node.value as string).length;
  return text.slice(start, end) === node.value ? { start, end, value: node.value as string } : undefined;
}

function yamlServers(text: string): McpServer[] {
  const doc = parseYamlDocument(text, { prettyErrors: false, uniqueKeys: false });
  if (!isMap(doc.contents)) return [];
  const servers = doc.contents.get('mcpServers', true);
  const out: McpServer[] = [];
  const add = (name: string, at: [number, number], v: YamlNode) => out.push({ name, nameStart: at[0], nameEnd: at[1], values: yamlValues(text, v) });
  if (isSeq(servers)) {
    servers.items.forEach((v, i) => {
      if (!isMap(v)) return;
      const name = yamlString(text, v.get('name', true));
      add(name?.value ?? `server-${i + 1}`, name ? [name.start, name.end] : [v.range?.[0] ?? 0, (v.range?.[0] ?? 0) + 1], v);
    });
  } else if (isMap(servers)) {
    for (const p of servers.items) {
      const k = yamlString(text, p.key);
      if (k && isMap(p.value)) add(k.value, [k.start, k.end], p.value);
    }
  }
  return out;
}

function yamlValues(text: string, server: YamlNode): McpValue[] {
  if (!isMap(server)) return [];
  const out: McpValue[] = [];
  const parts = [server, server.get('requestOptions', true), server.get('transport', true)].filter(isMap);
  for (const part of parts) {
    for (const field of ['env', 'headers'] as const) {
      const m = part.get(field, true);
      if (!isMap(m)) continue;
      for (const p of m.items) {
        if (!isPair(p) || !isScalar(p.key)) continue;
        const s = yamlString(text, p.value);
        if (s) out.push(field === 'headers' ? headerValue(String(p.key.value), s.start, s.value) : { field, key: String(p.key.value), start: s.start, end: s.end });
      }
    }
    const args = part.get('args', true);
    const command = commandWords(yamlString(text, part.get('command', true)));
    const items = isSeq(args) ? args.items.map((n) => plainWord(yamlString(text, n))) : [];
    if (command.length || items.length) out.push(...argValues([...command, ...items]));
    for (const key of ['url', 'serverUrl', 'httpUrl']) {
      const s = yamlString(text, part.get(key, true));
      if (s) out.push(...urlValues(s));
    }
  }
  return out;
}

// ---- Values inside strings ------------------------------------------------------------------------

type Str = { start: number; end: number; value: string } | undefined;

const AUTH_SCHEME = /^(?:Bearer|Basic|Token|Bot|ApiKey|Api-Key|Key)\s+/i;

/** A header's value: for `Authorization`, the credential after its scheme. */
function headerValue(key: string, start: number, value: string): McpValue {
  const scheme = /^(?:proxy-)?authorization$/i.test(key) ? AUTH_SCHEME.exec(value) : null;
  const from = start + (scheme ? scheme[0].length : 0);
  return { field: 'headers', key, start: from, end: start + value.length };
}

/** One command-line word: its value, and where a stretch of it sits in the text (undefined: not contiguous there). */
interface ArgWord {
  value: string;
  range: (from: number, to: number) => { start: number; end: number } | undefined;
}

/** A JSON or YAML string item of `args`: its characters are the text's. */
function plainWord(s: Str): ArgWord | undefined {
  return s && { value: s.value, range: (from, to) => ({ start: s.start + from, end: s.start + to }) };
}

/**
 * A one-string `command` (`"npx -y server --api-key=VALUE"`, `"docker run -e NAME=VALUE image"`),
 * split as a shell would split it (quotes removed), each word mapped back to the text.
 */
function commandWords(s: Str): ArgWord[] {
  if (!s || !/\s/.test(s.value)) return s ? [plainWord(s)!] : [];
  const words = splitShellWords(s.value, s.start);
  if (!words) return [plainWord(s)!];
  return words.map((w) => ({ value: w.value, range: (from, to) => sourceRange(w, from, to) }));
}

/**
 * Command-line arguments: `--api-key=VALUE`, `--api-key VALUE`, `-e NAME=VALUE` (docker), `NAME=VALUE`,
 * `--header "Authorization: Bearer VALUE"`; any other argument is a value with no name (only a
 * provider-shaped token in it counts). A value whose characters are not contiguous in the text (a
 * quote inside it, in a one-string command) has no place to report and is left out.
 */
function argValues(items: Array<ArgWord | undefined>): McpValue[] {
  const out: McpValue[] = [];
  const add = (a: ArgWord, from: number, v: Omit<McpValue, 'start' | 'end'>, to = a.value.length) => {
    const r = a.range(from, to);
    if (r) out.push({ ...v, ...r });
  };
  for (let i = 0; i < items.length; i++) {
    const a = items[i];
    if (!a || !a.value) continue;
    const prev = items[i - 1]?.value;
    const flagEq = /^--?([A-Za-z][\w.-]{0,60})=/.exec(a.value);
    const assign = /^([A-Za-z_][A-Za-z0-9_]{0,80})=/.exec(a.value);
    const header = /^([A-Za-z][\w-]{0,60}):\s*/.exec(a.value);
    if (flagEq) add(a, flagEq[0].length, { field: 'args', key: flagEq[1] });
    else if (assign) add(a, assign[0].length, { field: 'args', key: assign[1] });
    else if (header && prev !== undefined && /^(?:--header|-H)$/.test(prev)) {
      const h = headerValue(header[1], header[0].length, a.value.slice(header[0].length));
      add(a, h.start, { field: 'args', key: h.key });
    } else if (prev !== undefined && /^--?[A-Za-z][\w.-]{0,60}$/.test(prev) && !a.value.startsWith('-')) add(a, 0, { field: 'args', key: prev.replace(/^-+/, '') });
    else add(a, 0, { field: 'args' });
  }
  return out;
}

/** A URL's password (`https://user:VALUE@host`) and query parameters (`?api_key=VALUE`); the rest as a value with no name. */
function urlValues(s: { start: number; end: number; value: string }): McpValue[] {
  const out: McpValue[] = [];
  const auth = /^[a-z][a-z0-9+.-]{0,20}:\/\/([^/?#@:\s]{1,200}):([^/?#@\s]{1,400})@/i.exec(s.value);
  if (auth) {
    const at = auth[0].length - 1 - auth[2].length;
    out.push({ field: 'url', key: 'password', start: s.start + at, end: s.start + at + auth[2].length });
  }
  const q = s.value.indexOf('?');
  if (q >= 0) {
    const re = /[?&]([^=&#]{1,80})=([^&#]{1,400})/g;
    for (let m = re.exec(s.value); m; m = re.exec(s.value)) {
      const at = m.index + m[0].length - m[2].length;
      out.push({ field: 'url', key: m[1], start: s.start + at, end: s.start + at + m[2].length });
    }
  }
  out.push({ field: 'url', start: s.start, end: s.end });
  return out;
}

const KEYISH = /(?:^|[-_])(?:api[-_]?key|apikey|key|token|secret|auth|access[-_]?token|password|pat)$/i;

/** Whether the name of a value says it is a credential (env variable, header, flag or query parameter). */
export function namesCredential(value: McpValue): 'password' | 'secret' | undefined {
  if (!value.key) return undefined;
  if (/^(?:proxy-)?authorization$/i.test(value.key)) return 'secret';
  const kind = credentialName(value.key);
  if (kind) return kind;
  // `X-API-Key`, `api-key`, `?key=`, `--pat`: short names that mean a credential where only a credential goes.
  if ((value.field === 'headers' || value.field === 'url' || value.field === 'args') && KEYISH.test(value.key)) return 'secret';
  return undefined;
}
