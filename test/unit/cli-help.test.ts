// Every command and option the CLI had before it was split into one module per command (src/cli/commands)
// is still there, in the same order: read from the real bundle's --help, and from program() for the choices
// and defaults. Only names are compared, never the help text itself.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { Command } from 'commander';
import { program } from '../../src/cli/main';
import { CLI } from './support/workspace';

const DB = ['--db <file-or-url>', '--db-file <path>'];

/** Each command (as typed after credential-hygiene) with its options' flags and its subcommands, as --help lists them. */
const COMMANDS: Record<string, { options: string[]; commands?: string[] }> = {
  '': { options: ['-V, --version'], commands: ['scan', 'inventory', 'report', 'baseline', 'rules', 'registry', 'sync', 'retire', 'lsp'] },
  scan: {
    options: ['-f, --format <format>', '-o, --output <file>', '-b, --baseline <file>', '--staged', '--fail-on <severity>', '--min-confidence <level>', '-c, --config <file>',
      '--no-gitignore', '--max-file-size <bytes>', '--workers <n>', '--no-cache', '--show-suppressed', '--report-unused-suppressions', '--no-progress', '--no-ownership', '--now <date>',
      '--history', '--since <rev>', '--all-branches', '--show-authors'],
  },
  inventory: { options: ['-f, --format <format>', '-o, --output <file>', '-c, --config <file>', '--now <date>', '--no-gitignore', '--workers <n>', '--no-cache', '--no-progress'] },
  report: {
    options: ['-f, --format <format>', '-o, --output <file>', '-c, --config <file>', '--now <date>', '--history <file>', '-b, --baseline <file>', '--git-history', '--no-ownership',
      '--no-gitignore', '--workers <n>', '--no-cache', '--no-progress'],
  },
  baseline: { options: [], commands: ['create', 'migrate', 'prune'] },
  'baseline create': { options: ['-o, --output <file>', '-r, --reason <text>', '-c, --config <file>', '--no-gitignore', '--workers <n>', '--no-cache', '--no-progress'] },
  'baseline migrate': { options: ['-b, --baseline <file>', '-c, --config <file>', '--no-gitignore', '--workers <n>', '--no-cache', '--no-progress'] },
  'baseline prune': { options: ['-b, --baseline <file>', '-c, --config <file>', '--no-gitignore', '--workers <n>', '--no-cache', '--no-progress'] },
  rules: { options: ['-f, --format <format>'] },
  retire: { options: ['-c, --config <file>', '--now <date>'] },
  registry: { options: [], commands: ['serve', 'backup', 'token'] },
  'registry serve': { options: [...DB, '--port <n>', '--host <host>', '--max-body <bytes>', '--max-page <n>', '--max-connections <n>'] },
  'registry backup': { options: ['--db <file>', '--db-file <path>', '--out <file>', '--force'] },
  'registry token': { options: [], commands: ['create', 'list', 'revoke'] },
  'registry token create': { options: ['--name <name>', '--scope <scope>', '--owner <ref>', ...DB] },
  'registry token list': { options: DB },
  'registry token revoke': { options: ['--name <name>', ...DB] },
  sync: { options: ['--registry <url>', '--token-env <var>', '--push', '--dry-run', '--repository <name>', '--no-last-seen', '--take-registry <id>', '--keep-mine <id>', '-f, --format <format>'] },
  lsp: { options: ['--stdio', '--socket <port>', '--pipe <name>'] },
};

/** Choices and defaults (commander's, not the ones a description mentions), by command and flag; the rest have neither. */
const VALUES: Record<string, Record<string, { choices?: string[]; default?: unknown }>> = {
  scan: {
    '-f, --format <format>': { choices: ['text', 'json', 'sarif', 'markdown'], default: 'text' },
    '--fail-on <severity>': { choices: ['critical', 'high', 'medium', 'low', 'info'], default: 'low' },
    '--min-confidence <level>': { choices: ['high', 'medium', 'low'] },
    '--no-gitignore': { default: true },
    '--no-progress': { default: true },
    '--no-ownership': { default: true },
    '--no-cache': { default: true },
  },
  inventory: { '-f, --format <format>': { choices: ['text', 'json', 'csv', 'markdown', 'cyclonedx'], default: 'text' }, '--no-gitignore': { default: true }, '--no-cache': { default: true }, '--no-progress': { default: true } },
  report: {
    '-f, --format <format>': { choices: ['html', 'markdown', 'json', 'csv'], default: 'html' },
    '--no-ownership': { default: true }, '--no-gitignore': { default: true }, '--no-cache': { default: true }, '--no-progress': { default: true },
  },
  'baseline create': {
    '-o, --output <file>': { default: '.credential-hygiene-baseline.json' }, '-r, --reason <text>': { default: 'accepted when the baseline was created' },
    '--no-gitignore': { default: true }, '--no-cache': { default: true }, '--no-progress': { default: true },
  },
  'baseline migrate': { '--no-gitignore': { default: true }, '--no-cache': { default: true }, '--no-progress': { default: true } },
  'baseline prune': { '--no-gitignore': { default: true }, '--no-cache': { default: true }, '--no-progress': { default: true } },
  rules: { '-f, --format <format>': { choices: ['text', 'json'], default: 'text' } },
  'registry serve': { '--port <n>': { default: 8787 }, '--host <host>': { default: '127.0.0.1' }, '--max-body <bytes>': { default: 65536 }, '--max-page <n>': { default: 500 }, '--max-connections <n>': { default: 256 } },
  'registry token create': { '--scope <scope>': { choices: ['read', 'write', 'admin'] } },
  sync: {
    '--token-env <var>': { default: 'CREDENTIAL_HYGIENE_REGISTRY_TOKEN' }, '--take-registry <id>': { default: [] }, '--keep-mine <id>': { default: [] }, '--no-last-seen': { default: true },
    '-f, --format <format>': { choices: ['text', 'json'], default: 'text' },
  },
};

/** The flags of the Options section and the names in the Commands section of a --help text. */
function parseHelp(text: string): { options: string[]; commands: string[] } {
  const section = (title: string) => {
    const lines = text.split('\n');
    const start = lines.indexOf(title);
    if (start < 0) return [];
    const end = lines.findIndex((l, i) => i > start && !l.startsWith(' '));
    return lines.slice(start + 1, end < 0 ? undefined : end).filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim());
  };
  return {
    options: section('Options:').map((l) => /^((?:-\w, )?--[\w-]+(?: <[\w-]+>)?)/.exec(l)![1]).filter((f) => f !== '-h, --help'),
    commands: section('Commands:').map((l) => l.split(' ')[0]).filter((c) => c !== 'help'),
  };
}

function find(root: Command, name: string): Command {
  return name.split(' ').filter(Boolean).reduce((cmd, part) => cmd.commands.find((c) => c.name() === part)!, root);
}

describe('cli help: every command and option', () => {
  for (const [name, expected] of Object.entries(COMMANDS)) {
    it(`${name || 'credential-hygiene'} --help lists ${expected.options.length} option(s)${expected.commands ? ` and ${expected.commands.length} command(s)` : ''}`, () => {
      const r = spawnSync(process.execPath, [CLI, ...name.split(' ').filter(Boolean), '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      assert.equal(r.status, 0, r.stderr);
      const help = parseHelp(r.stdout);
      assert.deepEqual(help.options, expected.options);
      assert.deepEqual(help.commands, expected.commands ?? []);
    });
  }

  it('program() defines the same options with the same choices and defaults', async () => {
    const root = await program(new AbortController().signal, () => undefined);
    for (const [name, expected] of Object.entries(COMMANDS)) {
      const cmd = find(root, name);
      assert.ok(cmd, name);
      assert.deepEqual(cmd.options.map((o) => o.flags), expected.options, name);
      for (const o of cmd.options) {
        const want = VALUES[name]?.[o.flags] ?? {};
        assert.deepEqual(o.argChoices, want.choices, `${name} ${o.flags} choices`);
        // A --no-* option's default (true) is a value the command holds from the start.
        assert.deepEqual(o.negate ? cmd.getOptionValue(o.attributeName()) : o.defaultValue, want.default, `${name} ${o.flags} default`);
      }
    }
  });
});
