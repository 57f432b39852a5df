// What the engine is built with: the config loader makes these from .credential-hygiene.json (see
// load.ts), the engine (scan/engine.ts) takes them. Here, below both, so the loader need not know the engine.
import type { Rule } from '../rules/types';
import type { Severity } from '../types/kinds';

export interface EngineOptions {
  /** Rules to use instead of the built-in set (custom rules are appended by the config loader). */
  rules?: readonly Rule[];
  /** Rule ids to leave out. */
  disabledRules?: readonly string[];
  /** Rule id -> severity. */
  severityOverrides?: Readonly<Record<string, Severity>>;
  /** The project's salt; without one, this machine's (see core/salt.ts). */
  fingerprintSalt?: string;
  /** Also set `legacyFingerprints` on findings (for a baseline that still has v1 entries). */
  legacyFingerprints?: boolean;
  /**
   * Milliseconds that user-supplied (custom rule) patterns may spend on one text, all together;
   * past it they stop and the scan says which rule ran out. Default USER_REGEX_BUDGET_MS.
   */
  userRegexBudgetMs?: number;
}
