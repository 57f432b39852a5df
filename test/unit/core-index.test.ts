// src/core/index.ts is the engine's public API for the faces: the main entry points are there, and
// they are the very functions and classes of the modules that define them (re-exports, not copies).
import * as assert from 'node:assert/strict';
import * as core from '../../src/core';
import { Engine } from '../../src/core/scan/engine';
import { scan } from '../../src/core/run/scanner';
import { loadConfig } from '../../src/core/config/load';
import { RegistryClient } from '../../src/core/registry/client';
import { syncRegister } from '../../src/core/registry/sync';

describe('core index (the engine API the faces use)', () => {
  it('exports the main entry points', () => {
    const names = [
      'Engine', 'scan', 'listTasks', 'loadConfig', 'loadConfigAsync', 'buildScanReport', 'buildWorkspaceModel',
      'RegistryClient', 'RegistryError', 'syncRegister', 'redactText', 'redactDeep', 'mapStrings', 'analyze',
      'fingerprint', 'redact', 'UserError', 'ownershipEnabled', 'runOwnership', 'evaluateOwnership',
    ] as const;
    const missing = names.filter((n) => typeof (core as Record<string, unknown>)[n] !== 'function');
    assert.deepEqual(missing, []);
    for (const n of ['builtinRules', 'SEVERITIES', 'CONFIDENCES', 'CREDENTIAL_KINDS', 'REGISTER_FILE', 'CONFIG_FILE', 'INVENTORY_STATUSES'] as const) {
      assert.ok((core as Record<string, unknown>)[n] !== undefined, n);
    }
  });

  it('re-exports the defining modules’ own values', () => {
    assert.equal(core.Engine, Engine);
    assert.equal(core.scan, scan);
    assert.equal(core.loadConfig, loadConfig);
    assert.equal(core.RegistryClient, RegistryClient);
    assert.equal(core.syncRegister, syncRegister);
  });

  it('an Engine from the index scans', () => {
    assert.deepEqual(new core.Engine().scan('const greeting = "hello";', 'a.ts').findings, []);
  });
});
