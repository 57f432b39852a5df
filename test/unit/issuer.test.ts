// Whom to rotate a credential with: the issuer a provider rule names, never the shape, protocol or
// client tool a rule recognises (every face words its "rotate it at …" from rotationIssuer).
import * as assert from 'node:assert/strict';
import { builtinRules } from '../../src/core/rules';
import { rotationIssuer } from '../../src/core/rules/issuer';

describe('rotation issuer', () => {
  it('names provider issuers and not shapes, protocols or client tools', () => {
    for (const p of ['Stripe', 'AWS', 'GitHub', 'Slack']) assert.equal(rotationIssuer(p), p);
    for (const p of ['Generic', 'HTTP', 'FileZilla', 'WinSCP', 'netrc', 'Private key', 'URL', ' generic ']) assert.equal(rotationIssuer(p), undefined, p);
  });

  it('the credential-file rules of client tools name no issuer', () => {
    const tools = builtinRules.filter((r) => /filezilla|winscp|remmina|mremoteng|dbeaver|netrc|git-credentials/i.test(r.id));
    assert.ok(tools.length >= 4, tools.map((r) => r.id).join(', '));
    for (const r of tools) assert.equal(rotationIssuer(r.provider), undefined, `${r.id} (${r.provider})`);
  });
});
