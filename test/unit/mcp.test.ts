// AI-agent configuration: every listed tool's MCP config shape, with generated secrets planted in a
// server's env, headers, args and URL: one finding per value (`mcp-*`, naming the provider when a
// provider rule knows the token), none for placeholders, and one `agent` reference per server.
import * as assert from 'node:assert/strict';
import { analyze } from '../../src/core/analysis/analyze';
import type { Finding } from '../../src/core/findings';
import { discoverReferences } from '../../src/core/ownership/discovery';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { Engine } from '../../src/core/scan/engine';
import { readMcpConfig } from '../../src/core/scan/mcp-config';
import { agentRefEdit, agentRefStyle, freeInputId } from '../../src/core/fix/agent-ref';
import { parse as parseJsonc } from 'jsonc-parser';
import { assertRedacted } from './support/preview';

const engine = new Engine();
const json = (o: unknown) => JSON.stringify(o, null, 2);

/** [tool, path, text] of one server `github` in each tool's own shape. */
function shapes(server: Record<string, unknown>): Array<[string, string, string]> {
  const mcpServers = json({ mcpServers: { github: server } });
  const { env, args, url, headers, ...rest } = server;
  return [
    ['vscode', '.vscode/mcp.json', json({ inputs: [], servers: { github: { type: url ? 'http' : 'stdio', ...server } } })],
    ['claude-code', '.mcp.json', mcpServers],
    ['cursor', '.cursor/mcp.json', mcpServers],
    ['claude-desktop', 'claude_desktop_config.json', mcpServers],
    ['gemini', '.gemini/settings.json', json({ theme: 'GitHub', mcpServers: { github: url ? { httpUrl: url, headers } : server } })],
    ['windsurf', '.codeium/windsurf/mcp_config.json', json({ mcpServers: { github: url ? { serverUrl: url, headers } : server } })],
    ['zed', '.zed/settings.json', `// Zed project settings\n{\n  "context_servers": {\n    "github": ${json(url ? server : { source: 'custom', command: { path: rest.command, args: args ?? [], env: env ?? {} } }).replace(/\n/g, '\n    ')},\n  },\n}\n`],
    ['continue', '.continue/mcpServers/github.yaml', continueYaml(server)],
  ];
}

function continueYaml(server: Record<string, unknown>): string {
  const lines = ['name: GitHub MCP', 'version: 0.0.1', 'schema: v1', 'mcpServers:', '  - name: github'];
  if (server.command) lines.push(`    command: ${String(server.command)}`);
  if (server.url) lines.push('    type: streamable-http', `    url: "${String(server.url)}"`);
  if (Array.isArray(server.args)) {
    lines.push('    args:');
    for (const a of server.args) lines.push(`      - "${String(a)}"`);
  }
  if (server.env) {
    lines.push('    env:');
    for (const [k, v] of Object.entries(server.env)) lines.push(`      ${k}: "${String(v)}"`);
  }
  if (server.headers) {
    lines.push('    requestOptions:', '      headers:');
    for (const [k, v] of Object.entries(server.headers)) lines.push(`        ${k}: "${String(v)}"`);
  }
  return lines.join('\n') + '\n';
}

function scan(path: string, text: string): Finding[] {
  return engine.scanText(text, path).filter((f) => !f.suppressed);
}

/** The one finding, checked: exactly the planted value, redacted preview. */
function one(path: string, text: string, value: string): Finding {
  const found = scan(path, text);
  assert.equal(found.length, 1, `${path}: expected one finding, got ${found.map((f) => f.ruleId).join(', ') || 'none'}`);
  const [f] = found;
  assert.equal(text.slice(f.offset.start, f.offset.end), value, `${path}: the range is not the value`);
  assertRedacted(f, value, path);
  return f;
}

describe('agent and MCP configuration', () => {
  const g = new SampleGen(0x3c9);

  describe('a provider token in a server\'s env: one mcp-* finding naming the provider', () => {
    const token = g.checksummedToken('ghp_');
    for (const [tool, path, text] of shapes({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: token } })) {
      it(`${tool} (${path})`, () => {
        assert.equal(readMcpConfig(text, path)?.tool, tool);
        const f = one(path, text, token);
        assert.equal(f.ruleId, 'mcp-env-credential');
        assert.equal(f.provider, 'GitHub');
        assert.deepEqual(f.agent, { tool, server: 'github', field: 'env', key: 'GITHUB_PERSONAL_ACCESS_TOKEN', providerRule: 'github-pat-classic' });
        assert.equal(f.fix.envName, 'GITHUB_PERSONAL_ACCESS_TOKEN');
        assert.ok(f.preview.startsWith('ghp_'));
      });
    }
    it('outside an agent configuration the provider rule reports it as before', () => {
      const text = json({ mcpServers: { github: { env: { GITHUB_PERSONAL_ACCESS_TOKEN: token } } } });
      const f = one('notes/servers.json', text, token);
      assert.equal(f.ruleId, 'github-pat-classic');
      assert.equal(f.agent, undefined);
    });
    it('with the mcp-* rules disabled the provider rule reports it', () => {
      const [, path, text] = shapes({ command: 'npx', env: { GITHUB_PERSONAL_ACCESS_TOKEN: token } })[1];
      const off = new Engine({ disabledRules: ['mcp-env-credential'] }).scanText(text, path);
      assert.deepEqual(off.map((f) => f.ruleId), ['github-pat-classic']);
    });
  });

  describe('credential-named literals in env, headers, args and URL', () => {
    const cases: Array<[string, Record<string, unknown>, 'env' | 'headers' | 'args' | 'url', string, string]> = [];
    const envKey = g.alnum(32);
    cases.push(['env', { command: 'npx', env: { WEATHER_API_KEY: envKey, LOG_LEVEL: 'debug' } }, 'env', envKey, 'WEATHER_API_KEY']);
    const bearer = g.alnum(40);
    cases.push(['Authorization header', { url: 'https://mcp.example.net/mcp', headers: { Authorization: `Bearer ${bearer}`, Accept: 'text/event-stream' } }, 'headers', bearer, 'GITHUB_TOKEN']);
    const apiKey = g.alnum(32);
    cases.push(['--api-key=', { command: 'npx', args: ['-y', 'search-mcp', `--api-key=${apiKey}`] }, 'args', apiKey, 'GITHUB_API_KEY']);
    const split = g.alnum(32);
    cases.push(['--token VALUE', { command: 'npx', args: ['-y', 'search-mcp', '--token', split] }, 'args', split, 'GITHUB_TOKEN']);
    const docker = g.alnum(32);
    cases.push(['docker -e NAME=VALUE', { command: 'docker', args: ['run', '-i', '--rm', '-e', `SEARCH_API_KEY=${docker}`, 'ghcr.io/example/search'] }, 'args', docker, 'SEARCH_API_KEY']);
    const query = g.alnum(32);
    cases.push(['URL query', { url: `https://mcp.example.net/sse?api_key=${query}` }, 'url', query, 'GITHUB_API_KEY']);
    for (const [what, server, field, value, name] of cases) {
      for (const [tool, path, text] of shapes(server)) {
        if (!text.includes(value)) continue; // a shape without that place (Zed's command form has no URL)
        it(`${what}: ${tool}`, () => {
          const f = one(path, text, value);
          assert.equal(f.ruleId, `mcp-${field === 'headers' ? 'header' : field === 'args' ? 'arg' : field}-credential`);
          assert.equal(f.agent?.field, field);
          assert.equal(f.agent?.server, 'github');
          assert.equal(f.fix.envName, name);
        });
      }
    }
  });

  describe('placeholders and lookups are no findings', () => {
    for (const stand of ['${input:github-token}', '${env:GITHUB_TOKEN}', '${GITHUB_TOKEN}', '${GITHUB_TOKEN:-}', '<your-key>', 'YOUR_API_KEY_HERE']) {
      const server = { command: 'npx', args: ['-y', 'server', `--api-key=${stand}`], env: { GITHUB_PERSONAL_ACCESS_TOKEN: stand }, headers: { Authorization: `Bearer ${stand}` } };
      for (const [tool, path, text] of shapes(server)) {
        it(`${stand} in ${tool}`, () => assert.deepEqual(scan(path, text).map((f) => f.ruleId), []));
      }
    }
    it('values that are no credential (a port, a path, a log level, a UUID request id)', () => {
      for (const [, path, text] of shapes({ command: 'npx', args: ['--port', '8080', '--root', '/srv/data'], env: { LOG_LEVEL: 'debug', REQUEST_ID: g.uuid() } })) {
        assert.deepEqual(scan(path, text).map((f) => f.ruleId), [], path);
      }
    });
  });

  it('a VS Code settings.json is not Zed\'s; a settings.json with context_servers is', () => {
    const key = g.alnum(32);
    const text = json({ context_servers: { weather: { command: 'npx', env: { WEATHER_API_KEY: key } } } });
    assert.equal(readMcpConfig(text, 'dotfiles/settings.json')?.tool, 'zed');
    assert.equal(scan('dotfiles/settings.json', text)[0]?.ruleId, 'mcp-env-credential');
    assert.equal(readMcpConfig(text, '.vscode/settings.json'), undefined);
    assert.notEqual(scan('.vscode/settings.json', text)[0]?.ruleId, 'mcp-env-credential');
  });

  it('Continue config.yaml (a list of servers) and config.json (experimental transports)', () => {
    const a = g.alnum(32);
    const yaml = `name: assistant\nmcpServers:\n  - name: weather\n    command: npx\n    env:\n      WEATHER_API_KEY: ${a}\n`;
    assert.equal(one('.continue/config.yaml', yaml, a).agent?.server, 'weather');
    const b = g.alnum(32);
    const cfg = json({ experimental: { modelContextProtocolServers: [{ transport: { type: 'stdio', command: 'npx', env: { WEATHER_API_KEY: b } } }] } });
    assert.equal(one('.continue/config.json', cfg, b).agent?.server, 'server-1');
  });

  it('a provider token in an unnamed argument or a URL path is found once, under mcp-*', () => {
    const token = g.checksummedToken('ghp_');
    const text = json({ mcpServers: { gh: { command: 'gh-mcp', args: ['serve', token] } } });
    const f = one('.mcp.json', text, token);
    assert.equal(f.ruleId, 'mcp-arg-credential');
    assert.equal(f.provider, 'GitHub');
  });

  it('malformed, empty and huge configurations do not throw and lose nothing else', () => {
    const token = g.checksummedToken('ghp_');
    for (const text of ['', '{', '{"mcpServers": [1, 2]}', `{"mcpServers": {"x": {"env": {"GITHUB_TOKEN": "${token}"`, 'mcpServers: [', '\u0000\u0001']) {
      for (const path of ['.mcp.json', '.continue/config.yaml']) {
        const found = scan(path, text);
        if (text.includes(token)) assert.equal(found.length, 1);
      }
    }
    const big = `{"mcpServers": {}, "pad": "${'a'.repeat(1 << 20)}"}`;
    assert.deepEqual(scan('.mcp.json', big), []);
  });

  describe('agent references', () => {
    it('one `agent` reference per configured server, named by its key, on the key', () => {
      const text = json({ servers: { github: { type: 'http', url: 'https://api.githubcopilot.com/mcp/' }, 'brave-search': { command: 'npx', env: { BRAVE_API_KEY: '${input:brave}' } } } });
      const refs = discoverReferences(text, '.vscode/mcp.json').filter((r) => r.kind === 'agent');
      assert.deepEqual(refs.map((r) => r.name), ['agent:github', 'agent:brave-search']);
      for (const r of refs) assert.equal(`agent:${text.slice(r.offset.start, r.offset.end)}`, r.name);
    });
    it('for every listed tool, through the one analysis per file', () => {
      for (const [tool, path, text] of shapes({ command: 'npx', env: { LOG_LEVEL: 'debug' } })) {
        const a = analyze(text, path, { engine, options: { references: true } });
        assert.deepEqual(a.references?.filter((r) => r.kind === 'agent').map((r) => r.name), ['agent:github'], tool);
      }
    });
  });

  describe('quick-fix text in each file\'s own syntax', () => {
    const apply = (text: string, e: { start: number; end: number; newText: string }) => text.slice(0, e.start) + e.newText + text.slice(e.end);
    const cases: Array<[string, string, string]> = [
      ['claude-code', '.mcp.json', '${WEATHER_API_KEY}'],
      ['gemini', '.gemini/settings.json', '${WEATHER_API_KEY}'],
      ['cursor', '.cursor/mcp.json', '${env:WEATHER_API_KEY}'],
      ['windsurf', 'mcp_config.json', '${env:WEATHER_API_KEY}'],
    ];
    for (const [tool, path, ref] of cases) {
      it(`${tool}: ${ref}`, () => {
        const key = g.alnum(32);
        const text = json({ mcpServers: { weather: { command: 'npx', env: { WEATHER_API_KEY: key } } } });
        const [f] = scan(path, text);
        const style = agentRefStyle(f.agent!.tool)!;
        const after = apply(text, agentRefEdit(text, f.offset.start, f.offset.end, style, f.fix.envName, ''));
        assert.equal(after, text.replace(key, ref));
        assert.deepEqual(scan(path, after), []);
      });
    }
    it('vscode: a password input and ${input:id} in one edit, comments kept, ids never reused', () => {
      const token = g.checksummedToken('ghp_');
      const text = `{\n  // servers of this repository\n  "inputs": [\n    { "type": "promptString", "id": "github-personal-access-token", "description": "old" }\n  ],\n  "servers": {\n    "github": {\n      "command": "npx",\n      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${token}" }\n    }\n  }\n}\n`;
      const [f] = scan('.vscode/mcp.json', text);
      const id = freeInputId(text, f.fix.envName);
      assert.equal(id, 'github-personal-access-token-2');
      const after = apply(text, agentRefEdit(text, f.offset.start, f.offset.end, 'vscode-input', id, 'GitHub credential for github'));
      assert.ok(!after.includes(token) && after.includes('// servers of this repository'));
      const doc = parseJsonc(after);
      assert.equal(doc.servers.github.env.GITHUB_PERSONAL_ACCESS_TOKEN, '${input:github-personal-access-token-2}');
      assert.deepEqual(doc.inputs[1], { type: 'promptString', id, description: 'GitHub credential for github', password: true });
      assert.deepEqual(scan('.vscode/mcp.json', after), []);
    });
    it('tools that cannot reference a value kept elsewhere get no such fix', () => {
      for (const tool of ['claude-desktop', 'zed', 'continue']) assert.equal(agentRefStyle(tool), undefined);
    });
  });
});
