// Custom rules and the engine's options from a config: what a scan worker needs to build its engine,
// without the config schema and its validator (a worker thread starts faster without them).
import { UserError } from '../errors';
import { builtinRules } from '../rules';
import type { Rule, Severity } from '../rules/types';
import type { EngineOptions } from './engine-options';
import { CONFIG_FILE } from './files';
import { LinearRegex, UnsupportedRegexError } from '../text/linear-regex';
import type { Config, CustomRuleConfig } from './schema';

/**
 * A custom rule from config becomes a Rule whose patterns run on RE2 (linear time). A pattern that
 * does not compile, or uses what RE2 cannot do, is a config error that names the rule and the
 * problem, never the pattern text: a user may have pasted a real secret into it.
 */
export function compileCustomRule(r: CustomRuleConfig, label = CONFIG_FILE): Rule {
  const compile = (field: 'regex' | 'paths', source: string, flags: string): LinearRegex => {
    try {
      return new LinearRegex(source, flags);
    } catch (e) {
      if (!(e instanceof UnsupportedRegexError)) throw e;
      throw new UserError(`${label}: custom rule "${r.id}": "${field}": ${e.message}`);
    }
  };
  const regex = compile('regex', r.regex, r.flags);
  const paths = r.paths ? compile('paths', r.paths, '') : undefined;
  if (r.secretGroup > regex.groupCount) throw new UserError(`${label}: custom rule "${r.id}": secretGroup ${r.secretGroup} but the regex has ${regex.groupCount} group(s)`);
  return {
    id: r.id, description: r.description, provider: r.provider, kind: r.kind, severity: r.severity, confidence: r.confidence,
    keywords: r.keywords.map((k) => k.toLowerCase()), regex, secretGroup: r.secretGroup, entropy: r.entropy, paths,
    envName: r.envName, samples: { falsePositives: () => [] },
  };
}

/** What the engine needs from a config; plain data, so it can cross to worker threads. */
export function engineOptionsFrom(config: Config): SerializableEngineOptions {
  const disabledRules = Object.entries(config.rules).filter(([, v]) => v === false).map(([id]) => id);
  const severityOverrides = Object.fromEntries(
    Object.entries(config.rules).filter(([, v]) => typeof v === 'string') as Array<[string, Severity]>,
  );
  return { disabledRules, severityOverrides, customRules: config.customRules, fingerprintSalt: config.fingerprintSalt };
}

export interface SerializableEngineOptions {
  disabledRules: string[];
  severityOverrides: Record<string, Severity>;
  customRules: CustomRuleConfig[];
  fingerprintSalt?: string;
  legacyFingerprints?: boolean;
}

export function toEngineOptions(o: SerializableEngineOptions): EngineOptions {
  return {
    // The built-in list itself when nothing is added: engines over it share one index (scan/engine.ts).
    rules: o.customRules.length ? [...builtinRules, ...o.customRules.map((r) => compileCustomRule(r))] : builtinRules,
    disabledRules: o.disabledRules,
    severityOverrides: o.severityOverrides,
    fingerprintSalt: o.fingerprintSalt,
    legacyFingerprints: o.legacyFingerprints,
  };
}
