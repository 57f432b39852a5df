// MCP configurations of every listed agent tool, in the real editor: the `mcp-*` diagnostic, the
// quick-fix in the file's own syntax (VS Code's password input, also inside a settings.json `mcp`
// block; `${NAME}` / `${env:NAME}` / Continue's `${{ secrets.NAME }}` with the value in .env; a value
// inside a one-string `command`) applied through the code-action provider, the diagnostic gone, one
// undo restoring the file; and for the tools that cannot reference a value kept elsewhere, no such
// fix: the hover says why.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'dotenv';
import { parse as parseJsonc } from 'jsonc-parser';
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { answering, api, apply, closeAll, codeActions, open, read, root, waitFor, write } from '../helpers';

const g = new SampleGen(0x3c9d);
const json = (o: unknown) => `${JSON.stringify(o, null, 2)}\n`;

/** The `mcp-*` diagnostics of a file, once there are `count`. */
function mcpDiagnostics(uri: vscode.Uri, count: number): Promise<vscode.Diagnostic[]> {
  return waitFor(`${count} mcp diagnostic(s) on ${uri.path}`, () => {
    const d = vscode.languages.getDiagnostics(uri).filter((x) => String(x.code).startsWith('mcp-'));
    return d.length === count ? d : undefined;
  });
}

interface Case {
  tool: string;
  path: string;
  before: (s: string) => string;
  after: string;
  /** The .env name the value moves to (none for VS Code's input). */
  name?: string;
  title: string;
  rule: string;
  /** A provider token (GitHub) instead of an opaque value. */
  token?: boolean;
}

const CASES: Case[] = [
  {
    tool: 'Claude Code', path: '.mcp.json', rule: 'mcp-header-credential', name: 'LINEAR_TOKEN',
    before: (s) => json({ mcpServers: { linear: { type: 'http', url: 'https://mcp.linear.app/mcp', headers: { Authorization: `Bearer ${s}` } } } }),
    after: json({ mcpServers: { linear: { type: 'http', url: 'https://mcp.linear.app/mcp', headers: { Authorization: 'Bearer ${LINEAR_TOKEN}' } } } }),
    title: 'Move to .env as LINEAR_TOKEN and reference it as ${LINEAR_TOKEN}',
  },
  {
    tool: 'Cursor', path: '.cursor/mcp.json', rule: 'mcp-arg-credential', name: 'BRAVE_SEARCH_API_KEY',
    before: (s) => json({ mcpServers: { 'brave-search': { command: 'npx', args: ['-y', 'brave-search-mcp', `--api-key=${s}`] } } }),
    after: json({ mcpServers: { 'brave-search': { command: 'npx', args: ['-y', 'brave-search-mcp', '--api-key=${env:BRAVE_SEARCH_API_KEY}'] } } }),
    title: 'Move to .env as BRAVE_SEARCH_API_KEY and reference it as ${env:BRAVE_SEARCH_API_KEY}',
  },
  {
    tool: 'Gemini CLI', path: '.gemini/settings.json', rule: 'mcp-env-credential', name: 'WEATHER_API_KEY',
    before: (s) => json({ theme: 'GitHub', mcpServers: { weather: { command: 'uvx', args: ['weather-mcp'], env: { WEATHER_API_KEY: s } } } }),
    after: json({ theme: 'GitHub', mcpServers: { weather: { command: 'uvx', args: ['weather-mcp'], env: { WEATHER_API_KEY: '${WEATHER_API_KEY}' } } } }),
    title: 'Move to .env as WEATHER_API_KEY and reference it as ${WEATHER_API_KEY}',
  },
  {
    tool: 'Windsurf', path: 'windsurf/mcp_config.json', rule: 'mcp-env-credential', name: 'SENTRY_AUTH_TOKEN',
    before: (s) => json({ mcpServers: { sentry: { command: 'npx', args: ['@sentry/mcp-server'], env: { SENTRY_AUTH_TOKEN: s } } } }),
    after: json({ mcpServers: { sentry: { command: 'npx', args: ['@sentry/mcp-server'], env: { SENTRY_AUTH_TOKEN: '${env:SENTRY_AUTH_TOKEN}' } } } }),
    title: 'Move to .env as SENTRY_AUTH_TOKEN and reference it as ${env:SENTRY_AUTH_TOKEN}',
  },
  {
    tool: 'Claude Code, a one-string command', path: 'services/search/.mcp.json', rule: 'mcp-arg-credential', name: 'BRAVE_SEARCH_API_KEY',
    before: (s) => json({ mcpServers: { 'brave-search': { command: `npx -y brave-search-mcp --api-key=${s} --verbose` } } }),
    after: json({ mcpServers: { 'brave-search': { command: 'npx -y brave-search-mcp --api-key=${BRAVE_SEARCH_API_KEY} --verbose' } } }),
    title: 'Move to .env as BRAVE_SEARCH_API_KEY and reference it as ${BRAVE_SEARCH_API_KEY}',
  },
  {
    tool: 'Continue', path: '.continue/mcpServers/notion.yaml', rule: 'mcp-env-credential', name: 'NOTION_API_TOKEN',
    before: (s) => `name: Notion\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: notion\n    command: npx\n    args: ["-y", "@notionhq/notion-mcp-server"]\n    env:\n      NOTION_API_TOKEN: "${s}"\n`,
    after: 'name: Notion\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: notion\n    command: npx\n    args: ["-y", "@notionhq/notion-mcp-server"]\n    env:\n      NOTION_API_TOKEN: "${{ secrets.NOTION_API_TOKEN }}"\n',
    title: 'Move to .env as NOTION_API_TOKEN and reference it as ${{ secrets.NOTION_API_TOKEN }}',
  },
  {
    // A copy of the user's settings (VS Code itself moves a workspace's `mcp` block to mcp.json).
    tool: 'VS Code settings, mcp block', path: 'dotfiles/vscode/settings.json', rule: 'mcp-env-credential', token: true,
    before: (s) => json({ 'editor.tabSize': 2, mcp: { inputs: [], servers: { github: { type: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: s } } } } }),
    after: json({
      'editor.tabSize': 2,
      mcp: {
        inputs: [{ type: 'promptString', id: 'github-personal-access-token', description: 'GitHub credential for the MCP server "github" (GITHUB_PERSONAL_ACCESS_TOKEN)', password: true }],
        servers: { github: { type: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: '${input:github-personal-access-token}' } } },
      },
    }),
    title: 'Ask for it with a password input (${input:github-personal-access-token}); VS Code keeps it in its secret storage',
  },
  {
    tool: 'VS Code', path: '.vscode/mcp.json', rule: 'mcp-env-credential', token: true,
    before: (s) => json({ inputs: [], servers: { github: { type: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: s } } } }),
    after: json({
      inputs: [{ type: 'promptString', id: 'github-personal-access-token', description: 'GitHub credential for the MCP server "github" (GITHUB_PERSONAL_ACCESS_TOKEN)', password: true }],
      servers: { github: { type: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: '${input:github-personal-access-token}' } } },
    }),
    title: 'Ask for it with a password input (${input:github-personal-access-token}); VS Code keeps it in its secret storage',
  },
];

describe('MCP configurations: quick-fixes in each tool\'s syntax', () => {
  // The configurations written go again: later suites see the workspace as it was.
  const written: string[] = [];
  afterEach(async () => {
    (await api()).setPrompter(undefined);
    await closeAll();
    for (const rel of written.splice(0)) rmSync(path.join(root(), rel), { force: true });
  });

  for (const c of CASES) {
    it(`${c.tool}: ${c.path}`, async () => {
      const ext = await api();
      const secret = c.token ? g.checksummedToken('ghp_') : g.alnum(36);
      const original = c.before(secret);
      write(c.path, original);
      written.push(c.path);
      const editor = await open(c.path);
      const [diag] = await mcpDiagnostics(editor.document.uri, 1);
      assert.equal(diag.code, c.rule);
      const actions = await codeActions(editor.document.uri, diag.range);
      const fix = actions.find((a) => a.command?.command === 'credentialHygiene.fixAgentConfig');
      assert.ok(fix, `no MCP fix among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(fix.title, c.title);
      assert.equal(fix.isPreferred, true);
      assert.ok(!actions.some((a) => a.title.includes(secret)), 'an action title shows the secret');
      assert.equal(await apply(fix), true);

      assert.equal(editor.document.getText(), c.after);
      assert.ok(c.path.endsWith('.yaml') ? parseYaml(editor.document.getText()) : parseJsonc(editor.document.getText()), 'the result does not parse');
      if (c.name) {
        assert.equal(parse(read('.env'))[c.name], secret, `.env lacks ${c.name}`);
        assert.match(read('.env.example'), new RegExp(`^${c.name}=$`, 'm'));
        assert.match(read('.gitignore'), /^\.env$/m);
      }
      await mcpDiagnostics(editor.document.uri, 0);

      // One undo restores the file; the offer to take the value back out of .env is accepted.
      const asked: string[] = [];
      ext.setPrompter(answering({ confirm: async (q) => (asked.push(q), true) }));
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), original, 'one undo did not restore the file');
      if (c.name) {
        await waitFor('the offer', () => asked.length === 1);
        await ext.moveUndo.lastOffer;
        assert.ok(!asked[0].includes(secret));
        assert.equal(parse(read('.env'))[c.name], undefined, `${c.name} is still in .env`);
      }
    });
  }

  // [tool, path, text, a provider token?, what the hover says instead of a fix]
  const NO_REFERENCE: Array<[string, string, (s: string) => string, boolean, string]> = [
    ['Claude Desktop', 'claude_desktop_config.json', (s) => json({ mcpServers: { github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: s } } } }), true,
      'Claude Desktop does not expand variables in claude_desktop_config.json, so there is no reference fix: use a vault reference, or rotate it and accept it in the baseline.'],
    ['Zed', '.zed/settings.json', (s) => `// Zed\n{\n  "context_servers": {\n    "notion": {\n      "source": "custom",\n      "command": "npx",\n      "args": ["-y", "@notionhq/notion-mcp-server"],\n      "env": { "NOTION_API_TOKEN": "${s}" },\n    },\n  },\n}\n`, false,
      'Zed does not expand variables in context_servers, so there is no reference fix: use a vault reference, or rotate it and accept it in the baseline.'],
    ['Continue (config.json)', '.continue/config.json', (s) => json({ experimental: { modelContextProtocolServers: [{ transport: { type: 'stdio', command: 'npx', args: ['-y', '@notionhq/notion-mcp-server'], env: { NOTION_API_TOKEN: s } } }] } }), false,
      'Continue expands secrets only in its YAML configs, not in config.json, so there is no reference fix here: move the server to .continue/mcpServers/*.yaml.'],
  ];
  // Accepting in the baseline writes the baseline and the project's salt: both go back as they were.
  const restore = (): (() => void) => {
    const kept = ['.credential-hygiene-baseline.json', '.credential-hygiene.json'].map((f) => {
      const file = path.join(root(), f);
      return [file, existsSync(file) ? readFileSync(file, 'utf8') : undefined] as const;
    });
    return () => {
      for (const [file, text] of kept) {
        if (text === undefined) rmSync(file, { force: true });
        else writeFileSync(file, text);
      }
    };
  };
  for (const [tool, rel, before, token, says] of NO_REFERENCE) {
    it(`${tool}: ${rel}: the finding, no reference fix (the hover says why), and accepting it in the baseline clears it`, async () => {
      const ext = await api();
      const secret = token ? g.checksummedToken('ghp_') : g.alnum(36);
      write(rel, before(secret));
      written.push(rel);
      const editor = await open(rel);
      const [diag] = await mcpDiagnostics(editor.document.uri, 1);
      assert.equal(diag.code, 'mcp-env-credential');
      const actions = await codeActions(editor.document.uri, diag.range);
      assert.ok(!actions.some((a) => a.command?.command === 'credentialHygiene.fixAgentConfig'), `${tool} cannot reference a value kept elsewhere`);
      assert.ok(diag.message.endsWith(` ${says}`), `the hover does not say why: ${diag.message}`);
      assert.ok(!diag.message.includes(secret));
      assert.ok(actions.some((a) => a.command?.command === 'credentialHygiene.replaceWithVaultReference'));
      const baseline = actions.find((a) => a.command?.command === 'credentialHygiene.addToBaseline');
      assert.ok(baseline);
      ext.setPrompter(answering({ askReason: async () => 'test credential of a sandbox workspace' }));
      const putBack = restore();
      try {
        assert.equal(await apply(baseline), true);
        await mcpDiagnostics(editor.document.uri, 0);
      } finally {
        putBack();
      }
    });
  }
});
