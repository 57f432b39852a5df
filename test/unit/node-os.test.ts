// homeDir() answers as os.homedir() does without loading node:os (src/core/node-os.ts): with HOME set,
// set empty, and unset. Each case runs in a child process, whose environment can be whatever it needs.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const MODULE = path.join(__dirname, '..', '..', 'src', 'core', 'node-os.js');

describe('homeDir() is os.homedir() without loading node:os', () => {
  const ask = (home: string | undefined) => {
    const env: Record<string, string | undefined> = { ...process.env, HOME: home };
    if (home === undefined) delete env.HOME;
    const code = `const { homeDir } = require(${JSON.stringify(MODULE)}); const ours = homeDir();
      const loaded = process.moduleLoadList.includes('NativeModule os');
      process.stdout.write(JSON.stringify({ ours, loaded, os: require('node:os').homedir() }));`;
    const r = spawnSync(process.execPath, ['-e', code], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { ours: string; loaded: boolean; os: string };
  };

  it('HOME set (even empty) is the answer, and node:os is not loaded for it', function () {
    if (process.platform === 'win32') this.skip();
    for (const home of ['/tmp/some home', '']) {
      const r = ask(home);
      assert.equal(r.ours, home);
      assert.equal(r.ours, r.os);
      assert.equal(r.loaded, false);
    }
  });

  it('without HOME, node:os is asked (the password database)', function () {
    if (process.platform === 'win32') this.skip();
    const r = ask(undefined);
    assert.equal(r.ours, r.os);
    assert.ok(r.ours.length > 0);
  });
});
