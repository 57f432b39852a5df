// Agent configuration, the gaps of the first pass: a one-string MCP `command` split as a shell would
// split it (values inside found like in `args`, offsets in the original text); VS Code's `mcp` block in
// settings.json read like `.vscode/mcp.json` (findings, agent references, the input written inside the
// block); one fingerprint per value whichever rule reports it (a baseline of the provider rule still
// suppresses the `mcp-*` finding, and back); Continue's YAML fix `${{ secrets.NAME }}`.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';
import { analyze } from '../../src/core/analysis/analyze';
import { agentRefEdit, agentRefStyle, freeInputId } from '../../src/core/fix/agent-ref';
import type { Finding } from '../../src/core/findings';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { Engine } from '../../src/core/scan/engine';
import { readMcpConfig } from '../../src/core/scan/mcp-config';
import { BaselineMatcher, baselineFrom, migrateBaseline } from '../../src/core/suppress/baseline';
import { sourceRange, splitShellWords } from '../../src/core/text/shell-words';
import { assertRedacted } from './support/preview';
import { CLI, makeWorkspace } from './support/workspace';

const SALT = 'mcp-command-settings-test-salt';
const engine = new Engine({ fingerprintSalt: SALT });
const json = (o: unknown) => JSON.stringify(o, null, 2);
const cli = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const apply = (text: string, e: { start: number; end: number; newText: string }) => text.slice(0, e.start) + e.newText + text.slice(e.end);

function scan(path: string, text: string, e = engine): Finding[] {
  return e.scanText(text, path).filter((f) => !f.suppressed);
}

/** The one finding: exactly `value`, redacted. */
function one(path: string, text: string, value: string): Finding {
  const found = scan(path, text);
  assert.equal(found.length, 1, `${path}: expected one finding, got ${found.map((f) => f.ruleId).join(', ') || 'none'}`);
  assert.equal(text.slice(found[0].offset.start, found[0].offset.end), value, `${path}: the range is not the value`);
  assertRedacted(found[0], value, path);
  return found[0];
}

describe('shell word splitting (one-string commands)', () => {
  const words = (s: string) => splitShellWords(s)?.map((w) => w.value);
  it('blanks, quotes and backslashes as a POSIX shell reads them, nothing expanded', () => {
    assert.deepEqual(words('npx  -y\tserver --api-key=abc'), ['npx', '-y', 'server', '--api-key=abc']);
    assert.deepEqual(words(`run --name 'a b' "c \\"d\\" $HOME" e\\ f ''`), ['run', '--name', 'a b', 'c "d" $HOME', 'e f', '']);
    assert.deepEqual(words(`'it''s' "x"y`), ['its', 'xy']);
    assert.deepEqual(words(''), []);
    assert.deepEqual(words('   '), []);
  });
  it('an open quote is no command line', () => {
    assert.equal(splitShellWords('npx "server --token abc'), undefined);
    assert.equal(splitShellWords("npx 'x"), undefined);
  });
  it('every character maps back to its source; a stretch with a quote inside has no range', () => {
    const line = `npx --api-key="abc" -e 'K=v'w`;
    const ws = splitShellWords(line, 100)!;
    for (const w of ws) for (let i = 0; i < w.value.length; i++) assert.equal(line[w.at[i] - 100], w.value[i]);
    const key = ws[1];
    assert.deepEqual(sourceRange(key, '--api-key='.length, key.value.length), { start: 100 + line.indexOf('abc'), end: 100 + line.indexOf('abc') + 3 });
    assert.equal(sourceRange(ws[3], 0, ws[3].value.length), undefined); // K=v'w: the quote splits it
    assert.equal(sourceRange(ws[3], 2, 2), undefined);
  });
  it('a long line is split in one pass', () => {
    const long = 'a '.repeat(200_000) + '"' + 'b'.repeat(100_000) + '"';
    const ws = splitShellWords(long)!;
    assert.equal(ws.length, 200_001);
    assert.equal(ws[200_000].value.length, 100_000);
  });
});

describe('a one-string MCP command', () => {
  const g = new SampleGen(0x5e11);
  const tools: Array<[string, string, (server: Record<string, unknown>) => string]> = [
    ['vscode', '.vscode/mcp.json', (s) => json({ servers: { search: { type: 'stdio', ...s } } })],
    ['claude-code', '.mcp.json', (s) => json({ mcpServers: { search: s } })],
    ['cursor', '.cursor/mcp.json', (s) => json({ mcpServers: { search: s } })],
    ['claude-desktop', 'claude_desktop_config.json', (s) => json({ mcpServers: { search: s } })],
    ['zed', '.zed/settings.json', (s) => json({ context_servers: { search: { source: 'custom', ...s } } })],
  ];
  const cases: Array<[string, (v: string) => string, string]> = [
    ['--api-key=VALUE', (v) => `npx -y search-mcp --api-key=${v}`, 'SEARCH_API_KEY'],
    ['--token VALUE', (v) => `npx -y search-mcp --token ${v}`, 'SEARCH_TOKEN'],
    ['docker -e NAME=VALUE', (v) => `docker run -i --rm -e SEARCH_API_KEY=${v} ghcr.io/example/search`, 'SEARCH_API_KEY'],
    ['a quoted --api-key "VALUE"', (v) => `npx search-mcp --api-key '${v}' --verbose`, 'SEARCH_API_KEY'],
    ['NAME=VALUE before the program', (v) => `SEARCH_API_KEY=${v} npx search-mcp`, 'SEARCH_API_KEY'],
  ];
  for (const [what, command, name] of cases) {
    for (const [tool, path, shape] of tools) {
      it(`${what}: ${tool}`, () => {
        const value = g.alnum(32);
        const text = shape({ command: command(value) });
        const f = one(path, text, value);
        assert.equal(f.ruleId, 'mcp-arg-credential');
        assert.equal(f.agent?.tool, tool);
        assert.equal(f.agent?.field, 'args');
        assert.equal(f.fix.envName, name);
      });
    }
  }
  it('the command and `args` read as one command line (`--token` in the command, its value in args)', () => {
    const value = g.alnum(32);
    const f = one('.mcp.json', json({ mcpServers: { search: { command: 'npx -y search-mcp --token', args: [value] } } }), value);
    assert.equal(f.agent?.key, 'token');
  });
  it('a provider token inside the command names its provider', () => {
    const token = g.checksummedToken('ghp_');
    const f = one('.mcp.json', json({ mcpServers: { github: { command: `npx -y github-mcp --token=${token}` } } }), token);
    assert.equal(f.ruleId, 'mcp-arg-credential');
    assert.equal(f.provider, 'GitHub');
    assert.equal(f.agent?.providerRule, 'github-pat-classic');
  });
  it('Continue YAML: a one-string command', () => {
    const value = g.alnum(32);
    const text = `name: Search\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: search\n    command: npx -y search-mcp --api-key=${value}\n`;
    assert.equal(one('.continue/mcpServers/search.yaml', text, value).ruleId, 'mcp-arg-credential');
  });
  it('placeholders, plain flags and a single-word command are no findings', () => {
    for (const command of ['npx -y search-mcp --api-key=${input:search-key}', 'npx -y search-mcp --api-key ${SEARCH_API_KEY}', 'docker run -i --rm -e SEARCH_API_KEY search', 'npx -y search-mcp --port 8080 --root /srv/data', 'npx', 'uvx "search mcp']) {
      assert.deepEqual(scan('.mcp.json', json({ mcpServers: { search: { command } } })).map((f) => f.ruleId), [], command);
    }
  });
});

describe("VS Code settings.json's mcp block", () => {
  const g = new SampleGen(0x5e77);
  const settings = (env: Record<string, string>, inputs: unknown[] = []) =>
    `{\n  // workspace settings\n  "editor.tabSize": 2,\n  "mcp": {\n    "inputs": ${json(inputs).replace(/\n/g, '\n    ')},\n    "servers": {\n      "github": {\n        "command": "npx",\n        "args": ["-y", "@modelcontextprotocol/server-github"],\n        "env": ${json(env).replace(/\n/g, '\n        ')}\n      }\n    }\n  }\n}\n`;
  for (const path of ['.vscode/settings.json', 'Code/User/settings.json', 'settings.json']) {
    it(`${path}: the finding, as VS Code's, and the server's agent reference`, () => {
      const token = g.checksummedToken('ghp_');
      const text = settings({ GITHUB_PERSONAL_ACCESS_TOKEN: token });
      assert.equal(readMcpConfig(text, path)?.tool, 'vscode');
      const f = one(path, text, token);
      assert.equal(f.ruleId, 'mcp-env-credential');
      assert.deepEqual(f.agent, { tool: 'vscode', server: 'github', field: 'env', key: 'GITHUB_PERSONAL_ACCESS_TOKEN', providerRule: 'github-pat-classic' });
      const refs = analyze(text, path, { engine, options: { references: true } }).references?.filter((r) => r.kind === 'agent');
      assert.deepEqual(refs?.map((r) => r.name), ['agent:github']);
    });
  }
  it('settings.json without an mcp block (or with no servers in it) is no agent configuration', () => {
    assert.equal(readMcpConfig(json({ 'editor.tabSize': 2 }), '.vscode/settings.json'), undefined);
    assert.equal(readMcpConfig(json({ mcp: { inputs: [] } }), '.vscode/settings.json'), undefined);
    assert.equal(readMcpConfig(json({ 'mcp.enabled': true, note: '"mcp"' }), 'Code/User/settings.json'), undefined);
  });
  it('the fix writes a password input into mcp.inputs, ids never reused, comments kept', () => {
    const token = g.checksummedToken('ghp_');
    const text = settings({ GITHUB_PERSONAL_ACCESS_TOKEN: token }, [{ type: 'promptString', id: 'github-personal-access-token', description: 'old' }]);
    const [f] = scan('.vscode/settings.json', text);
    assert.equal(agentRefStyle(f.agent!.tool, f.path), 'vscode-input');
    const id = freeInputId(text, f.fix.envName);
    assert.equal(id, 'github-personal-access-token-2');
    const after = apply(text, agentRefEdit(text, f.offset.start, f.offset.end, 'vscode-input', id, 'GitHub credential for github'));
    assert.ok(!after.includes(token) && after.includes('// workspace settings'));
    const doc = parseJsonc(after);
    assert.equal(doc.inputs, undefined, 'an inputs list at the top of settings.json');
    assert.equal(doc.mcp.servers.github.env.GITHUB_PERSONAL_ACCESS_TOKEN, `\${input:${id}}`);
    assert.deepEqual(doc.mcp.inputs[1], { type: 'promptString', id, description: 'GitHub credential for github', password: true });
    assert.equal(doc['editor.tabSize'], 2);
    assert.deepEqual(scan('.vscode/settings.json', after), []);
  });
  it('with no inputs list yet, the fix adds one inside the block', () => {
    const value = g.alnum(32);
    const text = json({ mcp: { servers: { weather: { command: 'npx', env: { WEATHER_API_KEY: value } } } } });
    const [f] = scan('.vscode/settings.json', text);
    const after = apply(text, agentRefEdit(text, f.offset.start, f.offset.end, 'vscode-input', 'weather-api-key', 'Credential for weather'));
    const doc = parseJsonc(after);
    assert.deepEqual(doc.mcp.inputs.map((i: { id: string }) => i.id), ['weather-api-key']);
    assert.equal(doc.inputs, undefined);
  });
});

describe('one fingerprint per value in an agent configuration', () => {
  const g = new SampleGen(0xf1e9);
  const withoutMcp = new Engine({ fingerprintSalt: SALT, disabledRules: ['mcp-env-credential', 'mcp-header-credential', 'mcp-arg-credential', 'mcp-url-credential'] });
  const config = (token: string) => json({ mcpServers: { github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: token } } } });

  it('the mcp-* finding and the provider rule\'s finding of one value have one fingerprint (v2, salted)', () => {
    const token = g.checksummedToken('ghp_');
    const [mcp] = scan('.mcp.json', config(token));
    const [provider] = scan('.mcp.json', config(token), withoutMcp);
    assert.equal(mcp.ruleId, 'mcp-env-credential');
    assert.equal(provider.ruleId, 'github-pat-classic');
    assert.match(mcp.fingerprint, /^v2:[0-9a-f]{32}$/);
    assert.equal(mcp.fingerprint, provider.fingerprint);
    assert.notEqual(mcp.fingerprint, scan('.mcp.json', config(token), new Engine({ fingerprintSalt: `${SALT}-other`, disabledRules: [] }))[0].fingerprint, 'the salt counts');
  });

  it('a baseline created by the older rule id (the provider rule) still suppresses the mcp-* finding', () => {
    const token = g.checksummedToken('ghp_');
    const baseline = baselineFrom(scan('.mcp.json', config(token), withoutMcp), 'sandbox token, rotated weekly');
    assert.equal(baseline.entries[0].ruleId, 'github-pat-classic');
    const [f] = scan('.mcp.json', config(token));
    assert.equal(f.ruleId, 'mcp-env-credential');
    const matcher = new BaselineMatcher(baseline);
    assert.equal(matcher.match(f)?.reason, 'sandbox token, rotated weekly');
    assert.deepEqual(matcher.unmatched(), []);
  });

  it('a credential-named literal a generic rule reported before keeps that rule\'s fingerprint (and kind)', () => {
    const value = g.alnum(32);
    const text = json({ mcpServers: { weather: { command: 'npx', env: { WEATHER_API_KEY: value } } } });
    const before = scan('.mcp.json', text, withoutMcp);
    assert.equal(before.length, 1);
    assert.match(before[0].ruleId, /^generic-/);
    const [f] = scan('.mcp.json', text);
    assert.equal(f.ruleId, 'mcp-env-credential');
    assert.equal(f.agent?.providerRule, before[0].ruleId);
    assert.equal(f.kind, before[0].kind);
    assert.equal(f.fingerprint, before[0].fingerprint);
    assert.equal(new BaselineMatcher(baselineFrom(before, 'old generic entry')).match(f)?.reason, 'old generic entry');
  });

  it('the CLI: a baseline created with the mcp-* rules off (as before them) keeps the value accepted once they report it', () => {
    const token = g.checksummedToken('ghp_');
    const off = { fingerprintSalt: SALT, rules: { 'mcp-env-credential': false, 'mcp-arg-credential': false, 'mcp-header-credential': false, 'mcp-url-credential': false } };
    const ws = makeWorkspace({ '.mcp.json': config(token), '.credential-hygiene.json': json(off) });
    try {
      const created = cli(['baseline', 'create', '.', '--output', 'baseline.json', '--reason', 'sandbox token'], ws.dir);
      assert.equal(created.code, 0, created.stderr);
      const baseline = JSON.parse(readFileSync(path.join(ws.dir, 'baseline.json'), 'utf8'));
      assert.deepEqual(baseline.entries.map((e: { ruleId: string }) => e.ruleId), ['github-pat-classic']);
      writeFileSync(path.join(ws.dir, '.credential-hygiene.json'), json({ fingerprintSalt: SALT }));
      const unaccepted = cli(['scan', '.', '--format', 'json'], ws.dir);
      assert.equal(unaccepted.code, 1, 'the mcp-* rule does not report it');
      assert.ok(!unaccepted.stdout.includes(token) && !unaccepted.stderr.includes(token));
      assert.deepEqual(JSON.parse(unaccepted.stdout).findings.map((f: { ruleId: string }) => f.ruleId), ['mcp-env-credential']);
      const again = cli(['scan', '.', '--baseline', 'baseline.json'], ws.dir);
      assert.equal(again.code, 0, again.stdout);
      assert.match(again.stdout, /1 suppressed/);
      assert.ok(!again.stdout.includes(token));
    } finally {
      ws.cleanup();
    }
  });

  it('an mcp-* entry suppresses the provider rule\'s finding of that value there (mcp-* rules disabled), not elsewhere', () => {
    const token = g.checksummedToken('ghp_');
    const baseline = baselineFrom(scan('.mcp.json', config(token)), 'accepted');
    assert.equal(baseline.entries[0].ruleId, 'mcp-env-credential');
    const matcher = new BaselineMatcher(baseline);
    const [provider] = scan('.mcp.json', config(token), withoutMcp);
    assert.equal(matcher.match(provider)?.reason, 'accepted');
    const [elsewhere] = scan('src/github.ts', `export const token = "${token}";\n`);
    assert.equal(elsewhere.ruleId, 'github-pat-classic');
    assert.equal(elsewhere.fingerprint, provider.fingerprint);
    assert.equal(matcher.match(elsewhere), undefined, 'an entry of an agent configuration accepted the same token in source');
  });

  it('another value, or another provider rule\'s entry, does not match', () => {
    const a = g.checksummedToken('ghp_');
    const b = g.checksummedToken('ghp_');
    const matcher = new BaselineMatcher(baselineFrom(scan('.mcp.json', config(a), withoutMcp), 'a only'));
    assert.equal(matcher.match(scan('.mcp.json', config(b))[0]), undefined);
    const forged = { version: 1 as const, entries: [{ ...baselineFrom(scan('.mcp.json', config(a), withoutMcp), 'x').entries[0], ruleId: 'slack-bot-token' }] };
    assert.equal(new BaselineMatcher(forged).match(scan('.mcp.json', config(a))[0]), undefined);
  });

  it('a v1 entry of the provider rule matches the mcp-* finding and migrates', () => {
    const token = g.checksummedToken('ghp_');
    const legacyEngine = new Engine({ fingerprintSalt: SALT, legacyFingerprints: true });
    const [f] = legacyEngine.scanText(config(token), '.mcp.json');
    const old = f.legacyFingerprints![0];
    const baseline = { version: 1 as const, entries: [{ fingerprint: old, ruleId: 'github-pat-classic', reason: 'old entry' }] };
    const matcher = new BaselineMatcher(baseline);
    assert.equal(matcher.match(f)?.reason, 'old entry');
    const { baseline: migrated, migrated: n } = migrateBaseline(baseline, matcher.legacyMatches);
    assert.equal(n, 1);
    assert.equal(migrated.entries[0].fingerprint, f.fingerprint);
  });
});

describe("Continue's YAML: ${{ secrets.NAME }}", () => {
  const g = new SampleGen(0xc0a7);
  const fix = (path: string, text: string) => {
    const [f] = scan(path, text);
    const style = agentRefStyle(f.agent!.tool, f.path);
    assert.equal(style, 'continue-secret');
    return apply(text, agentRefEdit(text, f.offset.start, f.offset.end, style!, f.fix.envName, ''));
  };
  it('a quoted value: the reference in its place', () => {
    const value = g.alnum(32);
    const text = `name: Weather\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: weather\n    command: npx\n    env:\n      WEATHER_API_KEY: "${value}"\n`;
    const after = fix('.continue/mcpServers/weather.yaml', text);
    assert.equal(after, text.replace(value, '${{ secrets.WEATHER_API_KEY }}'));
    assert.equal(parseYaml(after).mcpServers[0].env.WEATHER_API_KEY, '${{ secrets.WEATHER_API_KEY }}');
    assert.deepEqual(scan('.continue/mcpServers/weather.yaml', after), []);
  });
  it('a plain value (and a bearer header in a flow mapping): written double-quoted, the rest kept', () => {
    const value = g.alnum(32);
    const text = `mcpServers:\n  - name: weather\n    command: npx\n    env:\n      WEATHER_API_KEY: ${value}\n      LOG_LEVEL: debug\n`;
    const after = fix('.continue/config.yaml', text);
    assert.equal(parseYaml(after).mcpServers[0].env.WEATHER_API_KEY, '${{ secrets.WEATHER_API_KEY }}');
    assert.equal(parseYaml(after).mcpServers[0].env.LOG_LEVEL, 'debug');
    const bearer = g.alnum(40);
    const flow = `mcpServers:\n  - name: remote\n    type: streamable-http\n    url: https://mcp.example.net/mcp\n    requestOptions: { headers: { Authorization: Bearer ${bearer} } }\n`;
    const done = fix('.continue/config.yaml', flow);
    assert.equal(parseYaml(done).mcpServers[0].requestOptions.headers.Authorization, 'Bearer ${{ secrets.REMOTE_TOKEN }}');
    assert.deepEqual(scan('.continue/config.yaml', done), []);
  });
  it('Continue config.json, Claude Desktop and Zed get no reference style', () => {
    assert.equal(agentRefStyle('continue', '.continue/config.json'), undefined);
    assert.equal(agentRefStyle('claude-desktop', 'claude_desktop_config.json'), undefined);
    assert.equal(agentRefStyle('zed', '.zed/settings.json'), undefined);
  });
});
