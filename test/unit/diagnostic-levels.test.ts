// The editor shows a finding by its confidence as well as its severity, and hides what is below
// credentialHygiene.minConfidence (src/extension/secrets/diagnostics/levels.ts).
import * as assert from 'node:assert/strict';
import { diagnosticLevel } from '../../src/extension/secrets/diagnostics/levels';
import type { DiagnosticLevel } from '../../src/extension/settings';
import type { Severity } from '../../src/core/rules/types';

const SEVERITY: Record<Severity, DiagnosticLevel> = { critical: 'error', high: 'error', medium: 'warning', low: 'information', info: 'hint' };

describe('editor diagnostic levels', () => {
  it('high confidence is an error, medium a warning; low is hidden by default', () => {
    const d = { severity: SEVERITY, minConfidence: 'medium' as const };
    assert.equal(diagnosticLevel({ severity: 'critical', confidence: 'high' }, d), 'error');
    assert.equal(diagnosticLevel({ severity: 'high', confidence: 'medium' }, d), 'warning');
    assert.equal(diagnosticLevel({ severity: 'high', confidence: 'low' }, d), 'none');
  });

  it('minConfidence low shows low-confidence findings as hints', () => {
    assert.equal(diagnosticLevel({ severity: 'high', confidence: 'low' }, { severity: SEVERITY, minConfidence: 'low' }), 'hint');
  });

  it('never shows a finding above what its severity maps to, and none stays none', () => {
    const d = { severity: { ...SEVERITY, high: 'none' as const }, minConfidence: 'low' as const };
    assert.equal(diagnosticLevel({ severity: 'low', confidence: 'high' }, d), 'information');
    assert.equal(diagnosticLevel({ severity: 'high', confidence: 'high' }, d), 'none');
    assert.equal(diagnosticLevel({ severity: 'critical', confidence: 'high' }, { severity: SEVERITY, minConfidence: 'high' }), 'error');
    assert.equal(diagnosticLevel({ severity: 'critical', confidence: 'medium' }, { severity: SEVERITY, minConfidence: 'high' }), 'none');
  });
});
