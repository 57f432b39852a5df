// A rule is data: what it looks for, how sure a match is, and its own samples that the tests run.
import type { LinearRegex } from '../text/linear-regex';
import type { SampleGen } from './sample-gen';

export { SEVERITIES, CONFIDENCES, CREDENTIAL_KINDS } from '../types/kinds';
export type { Severity, Confidence, CredentialKind } from '../types/kinds';
import type { Confidence, CredentialKind, Severity } from '../types/kinds';

/**
 * A sample is a snippet of text, or a snippet with the file path it lives in (for rules scoped to files),
 * or a binary file's bytes with its path (for the rules that read binary files' structure).
 */
export type Sample = string | { path: string; text: string } | { path: string; bytes: Uint8Array };

/** What a validator is told besides the match: the file's path; one object per searched window. */
export interface ValidateContext {
  readonly path: string;
}

export interface RuleSamples {
  /**
   * A bare secret this rule must find. The test harness embeds it in many syntaxes (JS, Python, YAML,
   * JSON, .env, Go, Java, ...), assigned to the rule's `envName`, and expects the rule to report exactly it.
   * Omit for rules whose secrets only make sense in a whole file (PEM blocks, .netrc, ...).
   */
  secret?: (g: SampleGen) => string;
  /** Snippets in which this rule must report at least one finding. */
  truePositives?: (g: SampleGen) => Sample[];
  /** Snippets in which this rule must report nothing (after the engine's filters). */
  falsePositives: (g: SampleGen) => Sample[];
}

export interface Rule {
  /** Stable, kebab-case, unique: `github-pat-classic`. Used in baselines, SARIF and suppressions. */
  id: string;
  description: string;
  /** Display name of the provider: `GitHub`, `AWS`, `Generic`. */
  provider: string;
  kind: CredentialKind;
  severity: Severity;
  /** How sure a match is before filters: high for prefixed/checksummed tokens, low for generic heuristics. */
  confidence: Confidence;
  /**
   * Lower-case literals, one of which must occur (case-insensitively) near a match; the prefilter runs
   * only rules whose keyword it saw. May be empty only when `paths` is set (then the rule runs on every
   * file whose path matches).
   */
  keywords: readonly string[];
  /**
   * The pattern, without the `g` flag (the engine adds `g` and `d`). Capture group `secretGroup`
   * (default 1) is the secret. It must run in linear time: no nested quantifiers over overlapping
   * classes; bound every repetition (`{20,200}`, not `+`) so a 1 MiB line cannot make it backtrack.
   * Custom rules from config get a LinearRegex (RE2): user patterns never run on V8's backtracker.
   */
  regex: RegExp | LinearRegex;
  /**
   * The public prefix every secret of this rule starts with (`sk_live_`), which previews may show.
   * Normally read from the regex (the literal its secret group starts with, see rules/prefix.ts); set
   * it only where the regex cannot say (an alternation) — it must be part of the token format, never
   * of the random part.
   */
  prefix?: string;
  /** The capture group holding the secret; with several (alternative forms), the first that matched. */
  secretGroup?: number | readonly number[];
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  /**
   * Offline check of the secret's own structure (a checksum), or of the match around it (the name a
   * generic value is assigned to); false means "not a real one". Groups in `match` are relative to it.
   * `context` is one object for every match with the same `input` (the window searched), so a validator
   * that reads the whole window can keep what it found there by it (a WeakMap: nothing outlives the scan).
   */
  validate?: (secret: string, match: RegExpExecArray, context?: ValidateContext) => boolean;
  /**
   * How sure this match is, when it depends on the value (generic rules: a random-looking value is
   * likelier a secret than a short word). Default: `confidence`. The engine may lower it further by
   * where the file sits (test fixtures, documentation, local-development defaults).
   */
  confidenceOf?: (secret: string, match: RegExpExecArray | undefined) => Confidence;
  /** Only files whose workspace-relative POSIX path matches (credential files such as `.netrc`). */
  paths?: RegExp | LinearRegex;
  /** The regex may span lines (PEM blocks, JSON key files): the engine gives it a window across lines. */
  multiline?: boolean;
  /** Characters searched before/after each keyword hit; defaults 256 / 512 (multiline: 64 / 16384). */
  window?: { before?: number; after?: number };
  /**
   * The match starts at the identifier that contains the keyword (`DB_PASSWORD = ...`): the engine
   * tries the regex once, anchored there, instead of at every position of a window. For rules
   * without a literal prefix this keeps the cost proportional to keyword hits.
   */
  anchorAtIdentifier?: boolean;
  /** Suggested environment-variable name when a fix moves the secret out of code: `STRIPE_SECRET_KEY`. */
  envName: string;
  /**
   * Found by reading the file's structure rather than by `regex` (which then never matches), for rules
   * scoped by `paths`: `mcp`, the servers of an AI-agent tool's configuration (scan/mcp-config.ts);
   * `binary`, the private keys a binary key file or store holds (certs/discover.ts, Engine.binaryFindings).
   */
  structured?: 'mcp' | 'binary';
  /** Skip the engine's generic not-a-secret filters (for rules whose own pattern already proves it). */
  skipFilters?: boolean;
  /**
   * A tool's own credential file (`.pgpass`, `.netrc`, `settings.xml`): whatever value stands there is
   * the password, however weak (`admin`, `password`, `123456` are leaked credentials too). Only values
   * that ask to be filled in (`<password>`, `changeme`, `****`, `\${VAR}`) are dropped.
   */
  anyStrength?: boolean;
  /**
   * Reports what no more specific rule claims (a credential-named HTTP header's value): where another
   * rule finds the same text, that rule's finding is kept, whatever the confidences.
   */
  fallback?: boolean;
  samples: RuleSamples;
}
