// The name a finding gets from its line (`stripeKey = "…"` -> STRIPE_KEY) is read in linear time;
// it must read exactly what the single regex it replaced read. That regex is the reference here,
// run on seeded lines made of the characters that matter (names, quotes, `=`, `:`, `=>`, `:=`).
import * as assert from 'node:assert/strict';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { assignedIdentifier } from '../../src/core/text/credential-name';

const REFERENCE = /([A-Za-z_][\w.-]{0,60})["'\]]{0,2}\s*(?::=|=>|=|:)\s*[@$bfru]?["'`]?[^"'`=:]*$/;
const reference = (line: string) => REFERENCE.exec(line)?.[1].split('.').pop();

const PIECES = ['a', 'Z', '_', '.', '-', '1', 'key', 'db_password', ' ', '  ', '\t', '=', ':', '=>', ':=', '>', '"', "'", '`', ']', '@', '$', 'f', 'r', ',', '(', 'é',
  // Long names and long blank runs: the reading looks only at the tail before the operator.
  'n'.repeat(29), 'veryLongIdentifierPartNumber_', ' '.repeat(40), '\t'.repeat(9)];

describe('the name a secret is assigned to', () => {
  it('is what the one-regex reading found, on 100,000 seeded lines', () => {
    const g = new SampleGen(0x11a3e);
    let named = 0;
    for (let i = 0; i < 100_000; i++) {
      const length = 1 + g.int(g.next() < 0.05 ? 120 : 14);
      let line = '';
      for (let j = 0; j < length; j++) line += g.pick(PIECES);
      const want = reference(line);
      assert.equal(assignedIdentifier(line), want, JSON.stringify(line));
      if (want !== undefined) named++;
    }
    assert.ok(named > 10_000, `only ${named} lines had a name: the generator no longer exercises the reading`);
  });

  it('reads the usual assignments', () => {
    const cases: Array<[string, string | undefined]> = [
      ['const stripeKey = "', 'stripeKey'], ['  password: "', 'password'], ['token := "', 'token'], ['apiKey => "', 'apiKey'],
      ['self.api_key = f"', 'api_key'], ['config["dbPassword"] = \'', 'dbPassword'], ['DB_PASSWORD=', 'DB_PASSWORD'],
      ['x = a ? "b" : "', 'b'], ['a :=> "', undefined], ['no assignment here "', undefined],
    ];
    for (const [line, name] of cases) {
      assert.equal(reference(line), name, `reference: ${line}`);
      assert.equal(assignedIdentifier(line), name, line);
    }
  });
});
