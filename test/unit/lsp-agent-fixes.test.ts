// The language server's fixes for a credential in an AI agent's MCP configuration, as the VS Code
// extension offers them (core/fix/agent-ref.ts), with a real LSP client over stdio: VS Code's
// `.vscode/mcp.json` gets a password input (an edit, no value in it), Claude Code's `.mcp.json` a
// `${NAME}` with the value moved to `.env` by the server, Continue's YAML `${{ secrets.NAME }}`; Claude
// Desktop expands nothing: no move is offered there (a compose-style `${NAME}` would be wrong).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { LspClient } from './support/lsp-client';
import { makeWorkspace } from './support/workspace';

const g = new SampleGen(0x5a17);
type Action = { title: string; isPreferred?: boolean; command?: { command: string; arguments: unknown[] }; edit?: { changes?: Record<string, Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>>; documentChanges?: Array<{ edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }> }> } };

describe('language server: fixes in an MCP configuration\'s own syntax', function () {
  this.timeout(120_000);
  let ws: ReturnType<typeof makeWorkspace>;
  let client: LspClient;

  before(async () => {
    ws = makeWorkspace({ 'README.md': '# agents\n' });
    client = new LspClient(ws.dir);
    await client.initialize(ws.dir, { credentialHygiene: { debounceMs: 0, scanOnStartup: false } });
  });
  after(async () => {
    if (client) assert.equal(await client.close(), 0);
    ws?.cleanup();
  });

  const actionsFor = async (rel: string, text: string, languageId: string) => {
    const doc = client.open(path.join(ws.dir, rel), text, languageId);
    const pub = await client.nextDiagnostics(doc.uri, (p) => p.diagnostics.some((d) => String(d.code).startsWith('mcp-')), 1);
    const d = pub.diagnostics.find((x) => String(x.code).startsWith('mcp-'))!;
    const actions = await client.connection.sendRequest<Action[]>('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: d.range, context: { diagnostics: [d] } });
    return { doc, actions };
  };

  it('.vscode/mcp.json: a password input, as an edit that holds no value', async () => {
    const secret = g.checksummedToken('ghp_');
    const text = JSON.stringify({ servers: { github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: secret } } } }, null, 2) + '\n';
    const { doc, actions } = await actionsFor('.vscode/mcp.json', text, 'jsonc');
    const input = actions.find((a) => a.title.startsWith('Ask for it with a password input'));
    assert.ok(input?.edit, actions.map((a) => a.title).join(' | '));
    assert.equal(input.isPreferred, true);
    assert.ok(!actions.some((a) => a.title.includes('read it from the environment')), 'no code lookup in a JSON file');
    const edits = input.edit.documentChanges?.[0].edits ?? input.edit.changes![doc.uri];
    assert.ok(!JSON.stringify(edits).includes(secret), 'the edit holds no value');
    const after = JSON.parse(TextDocument.applyEdits(TextDocument.create(doc.uri, 'jsonc', 1, text), edits)) as { inputs: Array<{ id: string; password: boolean }>; servers: { github: { env: Record<string, string> } } };
    assert.equal(after.inputs[0].password, true);
    assert.equal(after.servers.github.env.GITHUB_PERSONAL_ACCESS_TOKEN, `\${input:${after.inputs[0].id}}`);
  });

  it('.mcp.json: moved to .env by the server, ${NAME} in its place', async () => {
    const secret = g.alnum(36);
    const text = JSON.stringify({ mcpServers: { 'brave-search': { command: 'npx', args: ['-y', 'brave-search-mcp'], env: { BRAVE_API_KEY: secret } } } }, null, 2) + '\n';
    const { doc, actions } = await actionsFor('.mcp.json', text, 'json');
    const move = actions.find((a) => a.title.startsWith('Move to .env as'));
    assert.ok(move?.command, actions.map((a) => a.title).join(' | '));
    const name = /Move to \.env as (\w+) and reference it as \$\{\1\}/.exec(move.title)?.[1];
    assert.ok(name, move.title);
    assert.equal(await client.connection.sendRequest('workspace/executeCommand', { command: move.command.command, arguments: move.command.arguments }), true);
    const after = JSON.parse(client.docs.get(doc.uri)!.getText()) as { mcpServers: Record<string, { env: Record<string, string> }> };
    assert.equal(after.mcpServers['brave-search'].env.BRAVE_API_KEY, `\${${name}}`);
    assert.ok(readFileSync(path.join(ws.dir, '.env'), 'utf8').includes(`${name}=${secret}`));
  });

  it('Continue YAML: ${{ secrets.NAME }}; Claude Desktop, which expands nothing: no move at all', async () => {
    const secret = g.alnum(36);
    const yaml = `name: Notion\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: notion\n    command: npx\n    env:\n      NOTION_API_TOKEN: "${secret}"\n`;
    const { doc, actions } = await actionsFor('.continue/mcpServers/notion.yaml', yaml, 'yaml');
    const move = actions.find((a) => a.title.startsWith('Move to .env as'))!;
    assert.match(move.title, /reference it as \$\{\{ secrets\.\w+ \}\}$/);
    assert.ok(!actions.some((a) => a.title.includes('read it from the environment')), 'not the compose-style lookup');
    assert.equal(await client.connection.sendRequest('workspace/executeCommand', { command: move.command!.command, arguments: move.command!.arguments }), true);
    assert.match(client.docs.get(doc.uri)!.getText(), /NOTION_API_TOKEN: "\$\{\{ secrets\.\w+ \}\}"/);
    const desktop = JSON.stringify({ mcpServers: { notion: { command: 'npx', env: { NOTION_API_TOKEN: g.alnum(36) } } } }, null, 2) + '\n';
    const { actions: none } = await actionsFor('claude_desktop_config.json', desktop, 'json');
    assert.ok(!none.some((a) => a.title.startsWith('Move to .env') || a.title.startsWith('Ask for it')), none.map((a) => a.title).join(' | '));
    assert.ok(none.some((a) => a.title.startsWith('Accept in the baseline')));
  });
});
