// The language server through a real LSP client: Debian's Neovim (0.7.2) headless, started with a
// minimal init.lua that starts the server (`vim.lsp.start_client`), attaches it to buffers opened from a
// real folder, and writes what Neovim saw (vim.diagnostic.get, the code actions, the buffers after
// applying them) to a JSON file this test reads. Skipped, saying why, only when `nvim` is not installed.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { engineOptionsFrom, toEngineOptions } from '../../src/core/config/load';
import { ConfigSchema } from '../../src/core/config/schema';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { Engine } from '../../src/core/scan/engine';
import { CLI, makeWorkspace } from './support/workspace';

const NVIM = ['/usr/bin/nvim', ...(process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'nvim'))].find((p) => existsSync(p));

/** A Lua string literal (long brackets cannot be closed by a path). */
const lua = (s: string) => JSON.stringify(s);

function script(o: { root: string; files: string[]; out: string }): string {
  return `
vim.lsp.set_log_level('ERROR')
local results = { files = {} }
local function finish()
  vim.fn.writefile({ vim.fn.json_encode(results) }, ${lua(o.out)})
  vim.cmd('qa!')
end
local ok, err = pcall(function()
  local id = vim.lsp.start_client({
    name = 'credential-hygiene',
    cmd = { ${lua(process.execPath)}, ${lua(CLI)}, 'lsp', '--stdio' },
    root_dir = ${lua(o.root)},
    init_options = { credentialHygiene = { debounceMs = 0, scanOnStartup = false } },
  })
  results.client = id ~= nil
  for i, file in ipairs({ ${o.files.map(lua).join(', ')} }) do
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
    local bufnr = vim.api.nvim_get_current_buf()
    vim.lsp.buf_attach_client(bufnr, id)
    local r = {}
    results.files[i] = r
    r.seen = vim.wait(60000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
    r.diagnostics = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      local lsp = d.user_data and d.user_data.lsp or {}
      table.insert(r.diagnostics, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, code = d.code, source = d.source,
        severity = d.severity, href = lsp.codeDescription and lsp.codeDescription.href, data_id = lsp.data and lsp.data.id })
    end
    local client = vim.lsp.get_client_by_id(id)
    local d = vim.diagnostic.get(bufnr)[1]
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
      context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, d.lnum) },
    }
    local resp = client.request_sync('textDocument/codeAction', params, 30000, bufnr)
    r.actions = {}
    for _, a in ipairs(resp and resp.result or {}) do table.insert(r.actions, a.title) end
    -- The first file: suppress inline (a workspace edit); the second: move to .env (a command).
    local want = i == 1 and '^Suppress here' or '^Move to %.env'
    for _, a in ipairs(resp and resp.result or {}) do
      if a.title:find(want) then
        r.applied = a.title
        if a.edit then vim.lsp.util.apply_workspace_edit(a.edit, 'utf-16') end
        if a.command then client.request_sync('workspace/executeCommand', a.command, 30000, bufnr) end
        break
      end
    end
    r.cleared = vim.wait(60000, function() return #vim.diagnostic.get(bufnr) == 0 end, 50)
    -- Lines without the value: the first is the suppression comment or the import the move added.
    r.first_line = vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1]
    r.line_count = vim.api.nvim_buf_line_count(bufnr)
    vim.cmd('silent! write')
  end
end)
results.ok = ok
results.error = ok and nil or tostring(err)
finish()
`;
}

describe('language server in Neovim (real LSP client, headless)', function () {
  this.timeout(240_000);
  const g = new SampleGen(0x7e0);

  it('shows the diagnostic through vim.diagnostic.get() and applies code actions (suppress inline, move to .env)', function () {
    if (!NVIM) this.skip(); // nvim is not installed (`.ci/run` installs Debian's neovim)
    const tokenA = g.checksummedToken('ghp_');
    const tokenB = g.checksummedToken('ghp_');
    const ws = makeWorkspace({
      'src/app.js': `const x = 1;\nconst GITHUB_TOKEN = "${tokenA}";\n`,
      'settings.py': `API_TOKEN = "${tokenB}"\n`,
    });
    const home = path.join(ws.dir, '..', `${path.basename(ws.dir)}-nvim`);
    mkdirSync(home, { recursive: true });
    try {
      const out = path.join(home, 'results.json');
      const init = path.join(home, 'init.lua');
      writeFileSync(init, script({ root: ws.dir, files: [path.join(ws.dir, 'src/app.js'), path.join(ws.dir, 'settings.py')], out }));
      const xdg = Object.fromEntries(['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME'].map((k) => [k, path.join(home, k.toLowerCase())]));
      const r = spawnSync(NVIM, ['--headless', '-u', init, '--noplugin', '-i', 'NONE', '-n'], { cwd: ws.dir, encoding: 'utf8', timeout: 200_000, env: { ...process.env, ...xdg, HOME: home } });
      assert.ok(existsSync(out), `Neovim wrote its results (exit ${r.status}, signal ${r.signal}): ${r.stderr.slice(-500)}`);
      const results = JSON.parse(readFileSync(out, 'utf8')) as {
        ok: boolean; error?: string; client: boolean;
        files: Array<{ seen: boolean; cleared: boolean; applied?: string; actions: string[]; first_line: string; line_count: number;
          diagnostics: Array<{ lnum: number; col: number; end_lnum: number; end_col: number; code: string; source: string; href?: string; data_id?: string }> }>;
      };
      assert.equal(results.ok, true, results.error);
      assert.equal(results.client, true);
      const engine = new Engine(toEngineOptions(engineOptionsFrom(ConfigSchema.parse({}))));
      const check = (i: number, rel: string, secret: string) => {
        const original = i === 0 ? `const x = 1;\nconst GITHUB_TOKEN = "${tokenA}";\n` : `API_TOKEN = "${tokenB}"\n`;
        const f = engine.scanText(original, rel).find((x) => x.offset.start === original.indexOf(secret))!;
        const seen = results.files[i];
        assert.equal(seen.seen, true, `${rel}: a diagnostic appeared`);
        assert.equal(seen.diagnostics.length, 1);
        const d = seen.diagnostics[0];
        assert.deepEqual([d.lnum, d.col, d.end_lnum, d.end_col], [f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character]);
        assert.equal(d.code, f.ruleId);
        assert.equal(d.source, 'Credential Hygiene');
        assert.match(d.href ?? '', /README\.md#/);
        assert.equal(d.data_id, `${f.ruleId}@${f.offset.start}-${f.offset.end}`);
        assert.equal(seen.cleared, true, `${rel}: the diagnostic went after "${seen.applied}"`);
      };
      check(0, 'src/app.js', tokenA);
      assert.match(results.files[0].applied ?? '', /^Suppress here/);
      assert.match(results.files[0].first_line, /^const x = 1;$/);
      const app = readFileSync(path.join(ws.dir, 'src/app.js'), 'utf8');
      assert.match(app, /^const x = 1;\n\/\/ credential-hygiene:allow .*\nconst GITHUB_TOKEN = /);
      check(1, 'settings.py', tokenB);
      assert.match(results.files[1].applied ?? '', /^Move to \.env as API_TOKEN/);
      assert.equal(results.files[1].first_line, 'import os');
      assert.equal(readFileSync(path.join(ws.dir, 'settings.py'), 'utf8'), 'import os\nAPI_TOKEN = os.environ["API_TOKEN"]\n');
      assert.ok(readFileSync(path.join(ws.dir, '.env'), 'utf8').includes(`API_TOKEN=${tokenB}`), '.env holds the value');
      assert.ok(!JSON.stringify(results).includes(tokenA) && !JSON.stringify(results).includes(tokenB), 'no secret in what Neovim reported');
    } finally {
      ws.cleanup();
    }
  });
});
