// What a preview may show: the rule's public prefix (a literal of its regex) and the length, or a
// length bucket; never another character of the secret.
import * as assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/findings';
import { builtinRules } from '../../../src/core/rules';
import { publicPrefixes } from '../../../src/core/rules/prefix';

const SHAPE = /^(.*?)\*{8} \((\d+|\d+-\d+|\d+\+) chars\)$/s;

export function assertRedacted(f: Finding, secret: string, where: string): void {
  const m = SHAPE.exec(f.preview);
  assert.ok(m, `${where}: preview of ${f.ruleId} has an unexpected shape`);
  const [, head, length] = m;
  if (!head) {
    assert.match(length, /^(?:\d+-\d+|\d+\+)$/, `${where}: ${f.ruleId} shows the exact length of a secret without a public prefix`);
    return;
  }
  // An `mcp-*` finding shows the prefix of the provider rule that recognised its value.
  const rule = builtinRules.find((r) => r.id === (f.agent?.providerRule ?? f.ruleId));
  assert.ok(rule, `${where}: unknown rule ${f.ruleId}`);
  const literals = [...publicPrefixes(rule).values()].flat().map((p) => p.toLowerCase());
  assert.ok(secret.startsWith(head) && literals.includes(head.toLowerCase()),
    `${where}: ${f.ruleId} shows ${head.length} character(s) that are not its public prefix (${literals.join(', ') || 'none'})`);
  assert.ok(secret.length - head.length >= 8, `${where}: ${f.ruleId} shows nearly all of the secret`);
  assert.equal(length, String(secret.length));
}
