// AI-agent tool configuration: a literal credential given to an MCP server, in its `env`, `headers`,
// `args` or URL. These rules have no pattern: the engine reads the configuration's servers
// (scan/mcp-config.ts) and reports credential-named literals under them, and a provider-shaped token
// anywhere in a server under them too, carrying the provider rule's provider and kind: one value,
// one finding.
import { shannonEntropy } from '../../text/entropy';
import type { SampleGen } from '../sample-gen';
import type { Confidence, Rule, Sample } from '../types';

/** Where AI-agent tools keep MCP configuration (`settings.json` counts only where it holds Zed's `context_servers`). */
export const MCP_CONFIG_PATHS =
  /(?:^|\/)(?:\.vscode\/mcp\.json|\.cursor\/mcp\.json|\.mcp\.json|claude_desktop_config\.json|\.gemini\/settings\.json|mcp_config\.json|settings\.json|\.continue\/(?:config\.(?:json|ya?ml)|mcpServers\/[^/]{1,200}\.(?:json|ya?ml)))$/;

const NEVER = /(?!)/;

function confidenceOf(secret: string): Confidence {
  return secret.length >= 20 && shannonEntropy(secret) >= 3.5 ? 'high' : 'medium';
}

const json = (o: unknown) => JSON.stringify(o, null, 2);

/** Each tool's shape, with `server` as its one server. */
function configs(server: Record<string, unknown>, name = 'api'): Sample[] {
  const mcpServers = json({ mcpServers: { [name]: server } });
  return [
    { path: '.vscode/mcp.json', text: json({ servers: { [name]: { type: 'stdio', ...server } } }) },
    { path: '.mcp.json', text: mcpServers },
    { path: '.cursor/mcp.json', text: mcpServers },
    { path: 'claude_desktop_config.json', text: mcpServers },
    { path: '.gemini/settings.json', text: json({ theme: 'Default', mcpServers: { [name]: server } }) },
    { path: 'config/windsurf/mcp_config.json', text: mcpServers },
    { path: '.zed/settings.json', text: `// Zed settings\n${json({ context_servers: { [name]: { source: 'custom', ...server } } })}` },
    { path: '.continue/mcpServers/api.json', text: mcpServers },
  ];
}

function placeholders(g: SampleGen, key: string): Sample[] {
  return [
    ...configs({ command: 'npx', env: { [key]: '${input:api-key}' } }),
    ...configs({ command: 'npx', env: { [key]: '${env:API_KEY}' } }),
    ...configs({ command: 'npx', env: { [key]: '${API_KEY}' } }),
    ...configs({ command: 'npx', env: { [key]: '<your-key>' } }),
    // Not a credential's name; and the same text outside an agent configuration is not this rule's.
    ...configs({ command: 'npx', env: { LOG_LEVEL: 'debug', REGION: g.lowerAlnum(12) } }),
    { path: 'src/servers.json', text: json({ mcpServers: { api: { env: { [key]: g.alnum(32) } } } }) },
  ];
}

/** The shape every `mcp-*` rule shares: found by reading the agent's configuration (structured), not by a pattern. */
function mcpRule(r: Pick<Rule, 'id' | 'description' | 'kind' | 'envName' | 'samples'>): Rule {
  return {
    ...r, provider: 'Generic', severity: 'high', confidence: 'medium', confidenceOf, keywords: [],
    paths: MCP_CONFIG_PATHS, structured: 'mcp', regex: NEVER,
  };
}

export const rules: Rule[] = [
  mcpRule({
    id: 'mcp-env-credential',
    description: "Credential in an MCP server's env",
    kind: 'api_key',
    envName: 'MCP_API_KEY',
    samples: {
      truePositives: (g) => [
        ...configs({ command: 'npx', args: ['-y', 'weather-mcp'], env: { WEATHER_API_KEY: g.alnum(32) } }),
        ...configs({ command: 'uvx', env: { DB_PASSWORD: g.password(16) } }),
        { path: '.continue/config.yaml', text: `name: assistant\nmcpServers:\n  - name: weather\n    command: npx\n    env:\n      WEATHER_API_KEY: ${g.alnum(32)}\n` },
        { path: '.continue/mcpServers/weather.yaml', text: `mcpServers:\n  - name: weather\n    command: npx\n    env:\n      WEATHER_API_KEY: "${g.alnum(32)}"\n` },
        { path: '.continue/config.json', text: json({ experimental: { modelContextProtocolServers: [{ transport: { type: 'stdio', command: 'npx', env: { WEATHER_API_KEY: g.alnum(32) } } }] } }) },
        { path: 'zed/settings.json', text: json({ context_servers: { weather: { command: { path: 'npx', args: [], env: { WEATHER_API_KEY: g.alnum(32) } } } } }) },
        // VS Code settings' `mcp` block (workspace or user settings).
        { path: '.vscode/settings.json', text: json({ 'editor.tabSize': 2, mcp: { inputs: [], servers: { weather: { command: 'npx', env: { WEATHER_API_KEY: g.alnum(32) } } } } }) },
        { path: 'Code/User/settings.json', text: json({ mcp: { servers: { weather: { command: 'npx', env: { WEATHER_API_KEY: g.alnum(32) } } } } }) },
      ],
      falsePositives: (g) => [
        ...placeholders(g, 'WEATHER_API_KEY'),
        { path: '.continue/config.yaml', text: 'mcpServers:\n  - name: weather\n    command: npx\n    env:\n      WEATHER_API_KEY: ${{ secrets.WEATHER_API_KEY }}\n' },
      ],
    },
  }),
  mcpRule({
    id: 'mcp-header-credential',
    description: "Credential in an MCP server's HTTP headers",
    kind: 'token',
    envName: 'MCP_TOKEN',
    samples: {
      truePositives: (g) => [
        ...configs({ type: 'http', url: 'https://mcp.example.net/mcp', headers: { Authorization: `Bearer ${g.alnum(40)}` } }),
        ...configs({ type: 'http', url: 'https://mcp.example.net/mcp', headers: { 'X-API-Key': g.alnum(32) } }),
        { path: '.continue/config.yaml', text: `mcpServers:\n  - name: remote\n    type: streamable-http\n    url: https://mcp.example.net/mcp\n    requestOptions:\n      headers:\n        Authorization: Bearer ${g.alnum(40)}\n` },
      ],
      falsePositives: (g) => [
        ...configs({ type: 'http', url: 'https://mcp.example.net/mcp', headers: { Authorization: 'Bearer ${input:token}' } }),
        ...configs({ type: 'http', url: 'https://mcp.example.net/mcp', headers: { Authorization: 'Bearer ${env:MCP_TOKEN}', Accept: 'application/json' } }),
        ...configs({ type: 'http', url: 'https://mcp.example.net/mcp', headers: { 'X-Request-Id': g.uuid() } }),
      ],
    },
  }),
  mcpRule({
    id: 'mcp-arg-credential',
    description: "Credential in an MCP server's command-line arguments",
    kind: 'api_key',
    envName: 'MCP_API_KEY',
    samples: {
      truePositives: (g) => [
        ...configs({ command: 'npx', args: ['-y', 'search-mcp', `--api-key=${g.alnum(32)}`] }),
        ...configs({ command: 'npx', args: ['-y', 'search-mcp', '--api-key', g.alnum(32)] }),
        ...configs({ command: 'docker', args: ['run', '-i', '--rm', '-e', `SEARCH_API_KEY=${g.alnum(32)}`, 'search-mcp'] }),
        ...configs({ command: 'npx', args: ['mcp-remote', 'https://mcp.example.net/sse', '--header', `Authorization: Bearer ${g.alnum(40)}`] }),
        // A one-string command, split as a shell would.
        ...configs({ command: `npx -y search-mcp --api-key=${g.alnum(32)}` }),
        ...configs({ command: `docker run -i --rm -e SEARCH_API_KEY='${g.alnum(32)}' search-mcp` }),
      ],
      falsePositives: (g) => [
        ...configs({ command: 'npx', args: ['-y', 'search-mcp', '--api-key=${input:search-key}'] }),
        ...configs({ command: 'docker', args: ['run', '-i', '--rm', '-e', 'SEARCH_API_KEY', 'search-mcp'] }),
        ...configs({ command: 'npx', args: ['-y', 'search-mcp', '--port', '8080', '--root', `/srv/${g.lower(12)}`] }),
        ...configs({ command: 'npx -y search-mcp --api-key=${input:search-key} --port 8080' }),
        ...configs({ command: 'docker run -i --rm -e SEARCH_API_KEY search-mcp' }),
      ],
    },
  }),
  mcpRule({
    id: 'mcp-url-credential',
    description: "Credential in an MCP server's URL",
    kind: 'api_key',
    envName: 'MCP_API_KEY',
    samples: {
      truePositives: (g) => [
        ...configs({ type: 'sse', url: `https://mcp.example.net/sse?api_key=${g.alnum(32)}` }),
        ...configs({ serverUrl: `https://agent:${g.password(18)}@mcp.example.net/mcp` }),
      ],
      falsePositives: (g) => [
        ...configs({ type: 'sse', url: 'https://mcp.example.net/sse?api_key=${input:key}' }),
        ...configs({ type: 'sse', url: `https://mcp.example.net/sse?session=${g.lowerAlnum(8)}&region=eu` }),
      ],
    },
  }),
];
