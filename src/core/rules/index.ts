// The built-in rule set: every provider family's rules, in one list with unique ids.
//
// Each rule is written in its provider's module (./providers/*.ts). Running those modules builds the
// 370 rules with interpreted code (helpers, templates, spreads): about 6 ms of every start-up, the
// largest single cost of a pre-commit hook. So the list is made from a table of the rules' data
// instead (./table.generated.ts, which scripts/gen-rule-table.mjs writes from the providers' rules as
// the project builds, and a test holds equal to them), parsed natively as JSON: each rule is its row's
// data (id, keywords, severity, windows...), and what is not data is read when first asked for: its
// regular expressions are made from their source and flags, its code (a validator, a confidence
// function, the samples) is taken from the provider's module, which then runs once. A run that asks
// for no such code (most do not: a validator runs on a match) never runs saas.ts or cloud.ts.
// Once read, a field is the rule's own, as a provider's rule has it; until then it is read through the
// list's accessors (so a spread of a rule, which copies own fields only, would leave it out: nothing
// copies a rule of the list).
import type { Rule } from './types';
import { PROVIDERS, TABLE } from './table.generated';

type Provider = { rules: readonly Rule[] };

/* eslint-disable @typescript-eslint/no-require-imports -- run when a rule's code is first read (see above) */
const MODULES: Record<(typeof PROVIDERS)[number], () => Provider> = {
  github: () => require('./providers/github'),
  cloud: () => require('./providers/cloud'),
  saas: () => require('./providers/saas'),
  'credential-hygiene': () => require('./providers/credential-hygiene'),
  files: () => require('./providers/files'),
  'key-files': () => require('./providers/key-files'),
  'tool-files': () => require('./providers/tool-files'),
  wallets: () => require('./providers/wallets'),
  iac: () => require('./providers/iac'),
  agents: () => require('./providers/agents'),
  calls: () => require('./providers/calls'),
  generic: () => require('./providers/generic'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

type Source = [source: string, flags: string];
/** [provider, index in its rules, data, regex, paths or 0, code fields (1 validate, 2 confidenceOf)]: see scripts/gen-rule-table.mjs. */
type Row = [provider: number, index: number, data: object, regex: Source, paths: Source | 0, code: number];

/** The code fields' bits in a row (scripts/gen-rule-table.mjs, CODE_FIELDS). */
const VALIDATE = 1;
const CONFIDENCE_OF = 2;
/** What a row holds for its data once its rule has taken it. */
const EMPTY = {};

/** `value` as the rule's own field `key` (what a provider's rule has), returned. */
function own<T>(rule: object, key: string, value: T): T {
  Object.defineProperty(rule, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

/** The provider's own rule of `row` (its module runs now if it has not). */
function providerRule([provider, index]: Row): Rule {
  return MODULES[PROVIDERS[provider]]().rules[index];
}

/** A rule of the table: its row's data as its own fields, and accessors for the rest (read once). */
class TableRule {
  /** Its row (a private field: no spread, key list or JSON sees it). */
  readonly #row: Row;

  constructor(row: Row) {
    Object.assign(this, row[2]);
    // The data is the rule's own now: the row keeps only what is read later (scans of large trees
    // hold three copies of the list, one per thread).
    row[2] = EMPTY;
    this.#row = row;
  }

  get regex(): RegExp {
    const [source, flags] = this.#row[3];
    return own(this, 'regex', new RegExp(source, flags));
  }

  set regex(value: RegExp) {
    own(this, 'regex', value);
  }

  // A field the provider's rule does not have stays unset (read as undefined), as on that rule.
  get paths(): RegExp | undefined {
    const p = this.#row[4];
    return p ? own(this, 'paths', new RegExp(p[0], p[1])) : undefined;
  }

  set paths(value: RegExp | undefined) {
    own(this, 'paths', value);
  }

  get validate(): Rule['validate'] {
    return this.#row[5] & VALIDATE ? own(this, 'validate', providerRule(this.#row).validate) : undefined;
  }

  set validate(value: Rule['validate']) {
    own(this, 'validate', value);
  }

  get confidenceOf(): Rule['confidenceOf'] {
    return this.#row[5] & CONFIDENCE_OF ? own(this, 'confidenceOf', providerRule(this.#row).confidenceOf) : undefined;
  }

  set confidenceOf(value: Rule['confidenceOf']) {
    own(this, 'confidenceOf', value);
  }

  get samples(): Rule['samples'] {
    return own(this, 'samples', providerRule(this.#row).samples);
  }

  set samples(value: Rule['samples']) {
    own(this, 'samples', value);
  }
}

export const builtinRules: readonly Rule[] = (JSON.parse(TABLE) as Row[]).map((row) => new TableRule(row) as unknown as Rule);

export type { Rule } from './types';
