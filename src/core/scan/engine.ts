// The detection pipeline for one text: a single keyword pass picks the rules worth running, each
// rule's regex runs only in bounded windows around its keywords (so a 1 MiB minified line costs
// linear time), then the secret group is checked (entropy, validator, not-a-secret filters).
import { fingerprint, fingerprintRule, legacyFingerprint, LEGACY_FINGERPRINT_SALT, redact, SEVERITY_RANK, warmFingerprint, type Finding } from '../findings';
import { builtinRules } from '../rules';
import { publicPrefixes } from '../rules/prefix';
import type { Confidence, Rule, Severity, ValidateContext } from '../rules/types';
import { machineSalt } from '../salt';
import { shannonEntropy } from '../text/entropy';
import { nameForCredential, specificEnvName } from '../text/credential-name';
import { LineIndex } from '../text/lines';
import { markKeywords, type Marks } from '../text/marks';
import { inlineSuppression } from '../suppress/inline';
import { csvCandidates, isCsvFile } from './csv-file';
import { envCandidates, isEnvFile } from './env-file';
import { escapedViews, originalRange } from './escaped-view';
import { notASecret } from './filters';
import { KeywordIndex } from './keyword-index';
import { matcherFor, type Matcher } from './matcher';
import { namesCredential, readMcpConfig, type McpConfig, type McpField, type McpValue } from './mcp-config';
import { credentialName, looksLikeWords } from '../rules/providers/generic';
import { DEBUG_KEYSTORE } from '../rules/providers/key-files';
import type { EngineOptions } from '../config/engine-options';
import { hasExtension, JAVA_KEYSTORE_EXTENSIONS, type FoundKey } from '../types/certificates';
import { contextTier, isComposeFile, isWellKnownDefault, mentionsExampleHost, mentionsLocalhost } from '../text/syntax';
import { rotationIssuer } from '../rules/issuer';
import { monotonicMs } from '../clock';

export type { EngineOptions } from '../config/engine-options';

/** What one text's scan found, and whether a custom rule ran out of time on it. */
export interface TextScan {
  findings: Finding[];
  /** The custom rule that exhausted the time budget; later custom rules did not run on this text. */
  timedOut?: { ruleId: string; budgetMs: number };
  /** Which of the strings later analyses search for the keyword pass met in this text (text/marks.ts). */
  marks?: Marks;
}

/** Default time budget for custom rules on one text. RE2 keeps them linear; this bounds the constant. */
export const USER_REGEX_BUDGET_MS = 1500;

interface CompiledRule {
  rule: Rule;
  matcher: Matcher;
  severity: Severity;
  before: number;
  after: number;
}

const CONFIDENCE_RANK = { high: 3, medium: 2, low: 1 } as const;
/** Characters of a secret's line, each side, that the not-a-secret filters see. */
const CONTEXT_CHARS = 256;

/** What the engine derives from a list of rules: the keyword automaton and the rules each keyword triggers. */
interface RuleIndex {
  keywords: KeywordIndex;
  keywordRules: number[][];
  /** Keyword id -> the bits of the marks (text/marks.ts) it is; 0 for a rule keyword that is none. */
  keywordMarks: Uint8Array;
  /** 1 for the rules with keywords and a path scope. */
  scoped: Uint8Array;
  pathOnly: number[];
  byId: Map<string, number>;
}

/**
 * One index per list of rules in the process: the built-in list (what the CLI's scan, the redaction of
 * every output and the registry's guard all use when no rule is added or turned off) is indexed once.
 */
const indexes = new WeakMap<readonly Rule[], RuleIndex>();

function ruleIndex(source: readonly Rule[]): RuleIndex {
  let index = indexes.get(source);
  if (index) return index;
  const pathOnly: number[] = [];
  const scoped = new Uint8Array(source.length);
  const byId = new Map<string, number>();
  const keywords = new Map<string, number[]>();
  source.forEach((rule, i) => {
    byId.set(rule.id, i);
    if (rule.keywords.length === 0) pathOnly.push(i);
    else if (rule.paths) scoped[i] = 1;
    for (const k of new Set(rule.keywords.map((kw) => kw.toLowerCase()))) {
      const list = keywords.get(k);
      if (list) list.push(i);
      else keywords.set(k, [i]);
    }
  });
  // The marks other analyses search for, met in the same pass (a mark that is a rule keyword shares its id).
  const marks = new Map<string, number>();
  for (const { keyword, bit } of markKeywords()) {
    const k = keyword.toLowerCase();
    marks.set(k, (marks.get(k) ?? 0) | bit);
    if (!keywords.has(k)) keywords.set(k, []);
  }
  const words = [...keywords.keys()];
  index = {
    keywords: new KeywordIndex(words), keywordRules: [...keywords.values()], keywordMarks: Uint8Array.from(words, (k) => marks.get(k) ?? 0),
    pathOnly, scoped, byId,
  };
  indexes.set(source, index);
  return index;
}

/** A rule's matcher and windows: the same in every engine, so made once per rule. */
const parts = new WeakMap<Rule, Omit<CompiledRule, 'rule' | 'severity'>>();

function compiledParts(rule: Rule): Omit<CompiledRule, 'rule' | 'severity'> {
  let p = parts.get(rule);
  if (!p) {
    p = {
      matcher: matcherFor(rule.regex, rule.anchorAtIdentifier),
      before: rule.window?.before ?? (rule.multiline ? 64 : 256),
      after: rule.window?.after ?? (rule.multiline ? 16384 : 512),
    };
    parts.set(rule, p);
  }
  return p;
}

/** Secret group -> the public prefixes a preview may show: read from the rule's regex when it first finds something. */
const previewPrefixes = new WeakMap<Rule, Map<number, readonly string[]>>();

function prefixesOf(rule: Rule): Map<number, readonly string[]> {
  let p = previewPrefixes.get(rule);
  if (!p) previewPrefixes.set(rule, (p = publicPrefixes(rule)));
  return p;
}

export class Engine {
  /** The rules in force; each is compiled (matcher, windows) the first time its keyword is seen. */
  private readonly source: readonly Rule[];
  private readonly compiled: Array<CompiledRule | undefined>;
  private readonly severityOverrides: EngineOptions['severityOverrides'];
  private readonly keywords: KeywordIndex;
  /** Keyword id -> indexes of the rules it triggers. */
  private readonly keywordRules: number[][];
  /** Keyword id -> its mark bits (RuleIndex.keywordMarks). */
  private readonly keywordMarks: Uint8Array;
  /** Rules with no keywords, scoped by path only. */
  private readonly pathOnly: number[];
  /** 1 for the rules with keywords and a path scope. */
  private readonly scoped: Uint8Array;
  private readonly byId: Map<string, number>;
  private readonly salt: string | undefined;
  private readonly legacy: boolean;
  private readonly userBudgetMs: number;

  constructor(options: EngineOptions = {}) {
    const disabled = new Set(options.disabledRules ?? []);
    const rules = options.rules ?? builtinRules;
    const source = rules.some((r) => disabled.has(r.id)) ? rules.filter((r) => !disabled.has(r.id)) : rules;
    this.salt = options.fingerprintSalt;
    this.legacy = options.legacyFingerprints ?? false;
    this.userBudgetMs = options.userRegexBudgetMs ?? USER_REGEX_BUDGET_MS;
    this.severityOverrides = options.severityOverrides;
    this.source = source;
    this.compiled = new Array(source.length);
    ({ keywords: this.keywords, keywordRules: this.keywordRules, keywordMarks: this.keywordMarks, pathOnly: this.pathOnly, scoped: this.scoped, byId: this.byId } = ruleIndex(source));
  }

  /** Rule `i`, compiled on first use: a pre-commit hook's few files touch a few of the ~300 rules. */
  private rule(i: number): CompiledRule {
    let c = this.compiled[i];
    if (!c) {
      const rule = this.source[i];
      const shared = compiledParts(rule);
      c = this.compiled[i] = { rule, ...shared, severity: this.severityOverrides?.[rule.id] ?? rule.severity };
    }
    return c;
  }

  private ruleById(id: string): CompiledRule | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.rule(i);
  }

  /**
   * Scans one text. `path` is workspace-relative POSIX; it scopes path rules and is copied into
   * findings. Findings an inline comment allows come back with `suppressed` set.
   */
  scanText(text: string, path: string): Finding[] {
    return this.scan(text, path).findings;
  }

  /** As scanText, and says when a custom rule ran out of its time budget on this text. */
  scan(text: string, path: string): TextScan {
    const scanned = this.candidatesOf(text, path);
    const { candidates, marks } = scanned;
    let { timedOut } = scanned;
    // Code or config inside another format's escaping (notebook cells, entity-escaped attributes,
    // URL-encoded strings): scan the decoded view too, and map what it finds back to this text.
    for (const view of escapedViews(text, path)) {
      // Custom rules that ran out of time on the file do not get another budget on its views.
      const found = this.candidatesOf(view.text, view.path, !timedOut);
      timedOut ??= found.timedOut;
      for (const cand of found.candidates) candidates.push({ ...cand, ...originalRange(view, cand.start, cand.end) });
    }
    if (candidates.length === 0) return timedOut ? { findings: [], timedOut, marks } : { findings: [], marks };
    const lines = scanned.lines ?? new LineIndex(text);
    const suppression = new Map<number, string | undefined>(); // per line: many findings may share one
    const findings = resolveOverlaps(candidates).map((cand, i) => {
      const f = this.toFinding(cand, path, lines, i < NAMED_PER_FILE);
      const line = f.range.start.line;
      if (!suppression.has(line)) suppression.set(line, inlineSuppression(lines, line));
      const reason = suppression.get(line);
      if (reason) f.suppressed = { by: 'inline', reason };
      return f;
    });
    return timedOut ? { findings, timedOut, marks } : { findings, marks };
  }

  /** Every rule's candidates in one text, before overlaps are resolved, and the marks the text holds. */
  private candidatesOf(text: string, path: string, userRules = true): { candidates: Candidate[]; marks: number; timedOut?: TextScan['timedOut']; lines?: LineIndex } {
    // Keyword start positions per rule index; `touched` lists the rules that got any.
    const hits: Array<number[] | undefined> = new Array(this.source.length);
    const touched: number[] = [];
    let unordered = false;
    // Rules scoped to other files never see their keywords' hits here (a `.pgpass` rule on a bundle).
    // A scope is tested only when one of its rule's keywords is met, once per text: most files meet
    // no scoped rule's keyword, and their path is tested against none (nor are the patterns compiled).
    const scope = new Int8Array(this.source.length); // 1 in scope, -1 out, 0 not asked yet
    const { scoped, source, keywordMarks } = this;
    let marks = 0;
    const found = this.keywords.search(text);
    for (let k = 0; k < found.count; k++) {
      const id = found.ids[k];
      const start = found.starts[k];
      marks |= keywordMarks[id];
      for (const i of this.keywordRules[id]) {
        if (scoped[i] && (scope[i] || (scope[i] = source[i].paths!.test(path) ? 1 : -1)) < 0) continue;
        const list = hits[i];
        if (!list) {
          hits[i] = [start];
          touched.push(i);
        } else if (list[list.length - 1] < start) list.push(start);
        else if (list[list.length - 1] > start) {
          list.push(start); // a longer keyword that ends here started earlier
          unordered = true;
        }
      }
    }
    for (const i of this.pathOnly) {
      if (!this.source[i].paths?.test(path)) continue;
      hits[i] = [-1];
      touched.push(i);
    }
    const env = isEnvFile(path);
    const csv = isCsvFile(path);
    if (touched.length === 0 && !env && !csv) return { candidates: [], marks };

    const lines = new LineIndex(text);
    const candidates: Candidate[] = [];
    // User patterns share one deadline per text, checked between windows and between matches.
    let deadline = -1;
    let timedOut: TextScan['timedOut'];
    for (const i of touched) {
      const positions = hits[i]!;
      if (unordered) positions.sort((a, b) => a - b);
      const c = this.rule(i);
      if (c.matcher.user) {
        if (timedOut || !userRules) continue;
        if (deadline === -1) deadline = monotonicMs() + this.userBudgetMs;
        if (!this.runUserRule(c, text, path, positions, lines, candidates, deadline)) timedOut = { ruleId: c.rule.id, budgetMs: this.userBudgetMs };
        continue;
      }
      if (c.rule.structured) continue; // read below, once the line rules have had their say
      if (c.matcher.matchAt) this.runAnchored(c, c.matcher.matchAt, text, path, positions, lines, candidates);
      else {
        const w = windows(positions, c, lines);
        for (let k = 0; k < w.length; k += 2) this.runRule(c, text, path, w[k], w[k + 1], lines, candidates);
      }
    }
    if (env || csv) {
      // Structured files whose names and values the line rules cannot pair: read them as the application would.
      const password = this.ruleById('generic-password');
      const secret = this.ruleById('generic-secret');
      const generic = { password: password?.rule, secret: secret?.rule };
      for (const e of env ? envCandidates(text, generic) : csvCandidates(text, path, generic)) {
        const c = e.rule === password?.rule ? password : secret;
        if (c) candidates.push({ c, start: e.start, end: e.end, secret: e.secret, confidence: c.rule.confidenceOf?.(e.secret, undefined) ?? c.rule.confidence });
      }
    }
    let resolved = candidates;
    if (touched.some((i) => this.source[i].structured === 'mcp')) {
      const config = readMcpConfig(text, path);
      if (config) resolved = this.agentCandidates(config, text, lines, candidates);
    }
    return timedOut ? { candidates: resolved, marks, timedOut, lines } : { candidates: resolved, marks, lines };
  }

  /**
   * The values of an agent configuration's MCP servers: a credential-named literal, or a token a
   * provider rule recognised, becomes one `mcp-*` candidate (carrying that rule, so the finding names
   * its provider) in place of whatever line rules matched inside the value: one value, one finding.
   * Candidates outside server values, and inside values that are neither, stay as they are.
   */
  private agentCandidates(config: McpConfig, text: string, lines: LineIndex, cands: Candidate[]): Candidate[] {
    const consumed = new Set<Candidate>();
    const wrapped: Candidate[] = [];
    for (const server of config.servers) {
      for (const v of server.values) {
        const c = this.ruleById(AGENT_RULES[v.field]);
        if (!c) continue;
        const inside = cands.filter((k) => !consumed.has(k) && k.start < v.end && k.end > v.start);
        const known = inside.filter((k) => k.c.rule.provider !== 'Generic').sort((a, b) => CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence] || (b.end - b.start) - (a.end - a.start))[0];
        const named = namesCredential(v);
        let inner: Candidate | undefined = known;
        let cand: Candidate | undefined;
        // A line rule that matched exactly this value reported it before the `mcp-*` rules did: the
        // finding keeps its kind and fingerprint (a baseline entry of it still matches).
        if (!inner && named) inner = inside.find((k) => k.start === v.start && k.end === v.end);
        if (!inner && named) {
          const secret = text.slice(v.start, v.end);
          if (literalCredential(secret, named, c.rule, lines, v.start)) cand = { c, start: v.start, end: v.end, secret, confidence: c.rule.confidenceOf?.(secret, undefined) ?? c.rule.confidence };
          else inner = inside[0]; // a generic rule saw more than this check does: it stays one finding, under this rule
        }
        if (inner) cand = { c, start: inner.start, end: inner.end, secret: inner.secret, group: inner.group, confidence: inner.confidence, inner: inner.c };
        if (!cand) continue;
        for (const k of inside) consumed.add(k);
        cand.agent = { tool: config.tool, server: server.name, field: v.field, ...(v.key ? { key: v.key } : {}), ...(cand.inner ? { providerRule: cand.inner.rule.id } : {}) };
        cand.envName = agentEnvName(server.name, v, cand.inner?.rule, named === 'password');
        wrapped.push(cand);
      }
    }
    return [...cands.filter((k) => !consumed.has(k)), ...wrapped];
  }

  /** A custom rule's windows, until `deadline`; false when it ran out of time. */
  private runUserRule(c: CompiledRule, text: string, path: string, positions: number[], lines: LineIndex, out: Candidate[], deadline: number): boolean {
    if (monotonicMs() >= deadline) return false;
    if (c.rule.paths && !c.rule.paths.test(path)) return true;
    let inTime = true;
    const w = windows(positions, c, lines);
    for (let k = 0; k < w.length; k += 2) {
      const ws = w[k];
      const window = { path };
      c.matcher.scan(text, ws, w[k + 1], (m) => {
        this.accept(c, m, ws, lines, out, window);
        if (monotonicMs() >= deadline) inTime = false;
        return inTime;
      });
      if (!inTime || monotonicMs() >= deadline) return false;
    }
    return true;
  }

  /** One sticky attempt at the start of the identifier around each keyword hit. */
  private runAnchored(c: CompiledRule, matchAt: NonNullable<Matcher['matchAt']>, text: string, path: string, positions: number[], lines: LineIndex, out: Candidate[]): void {
    let lastStart = -1;
    const whole = { path }; // every attempt's input is the whole text
    for (const p of positions) {
      // A keyword may start with punctuation (`"password"`): find the identifier it belongs to.
      let q = p;
      while (q < p + 8 && q < text.length && !isIdentifierChar(text.charCodeAt(q))) q++;
      let s = q;
      while (s > 0 && q - s < 64 && isIdentifierChar(text.charCodeAt(s - 1))) s--;
      while (s < q && !isIdentifierStart(text.charCodeAt(s))) s++; // `--password`: the name starts after the dashes
      if (s === lastStart) continue;
      lastStart = s;
      const m = matchAt(text, s);
      if (m) this.accept(c, m, 0, lines, out, whole);
    }
  }

  private runRule(c: CompiledRule, text: string, path: string, ws: number, we: number, lines: LineIndex, out: Candidate[]): void {
    const window = { path };
    c.matcher.scan(text, ws, we, (m) => this.accept(c, m, ws, lines, out, window));
  }

  /** The secret group of a match, if it passes entropy, the validator and the not-a-secret filters. */
  private accept(c: CompiledRule, m: RegExpExecArray, base: number, lines: LineIndex, out: Candidate[], window: ValidateContext): void {
    const sg = c.rule.secretGroup ?? 1;
    const group = typeof sg === 'number' ? sg : (sg.find((i) => m[i] !== undefined) ?? sg[0]);
    const span = m.indices?.[group];
    const secret = m[group];
    if (!span || !secret) return;
    if (c.rule.entropy !== undefined && shannonEntropy(secret) < c.rule.entropy) return;
    if (c.rule.validate && !c.rule.validate(secret, m, window)) return;
    const start = base + span[0];
    // The filters read the secret's surroundings: a bounded stretch of its line, so a 1 MiB line
    // full of candidates costs linear time, not quadratic.
    const line = lines.lineOf(start);
    const from = Math.max(lines.lineStart(line), start - CONTEXT_CHARS);
    const to = Math.min(lines.lineEnd(line), start + secret.length + CONTEXT_CHARS);
    if (notASecret(secret, lines.text.slice(from, to), c.rule, start - from)) return;
    out.push({ c, start, end: base + span[1], secret, group, confidence: c.rule.confidenceOf?.(secret, m) ?? c.rule.confidence });
  }

  /**
   * Starts computing the fingerprint of `f` (whose value is `secret`) off the main thread, so its first
   * read costs nothing (see warmFingerprint): for callers that scan much more after finding it.
   */
  warmFingerprint(f: Finding, secret: string): Promise<void> {
    return warmFingerprint(fingerprintRule(f), secret, this.salt ?? machineSalt(), f.kind);
  }

  /**
   * A binary key file's finding, from the private keys its structure holds (certs/discover.ts): one per
   * file, under the rule for what holds them — a Java keystore (or a PKCS#12 store under a Java name), a
   * PKCS#12 store, else an unencrypted DER key, else an encrypted one; when a default password opens
   * them, `private-key-default-password` first (the container's rule if that one is off). The secret is
   * the whole file (the fingerprint is over its bytes); a finding of the whole file has no place within
   * it, so its range is the file's start. Android's debug keystore is low.
   */
  binaryFindings(bytes: Uint8Array, path: string, keys: readonly FoundKey[]): Finding[] {
    const held = keys.filter((k) => !k.public && !k.error && !k.unseen);
    if (!held.length) return [];
    const javaName = hasExtension(path, JAVA_KEYSTORE_EXTENSIONS);
    const container = held.some((k) => k.format === 'JKS' || k.format === 'JCEKS') || (javaName && held.some((k) => k.format === 'PKCS#12')) ? 'private-key-java-keystore'
      : held.some((k) => k.format === 'PKCS#12') ? 'private-key-pkcs12' : held.some((k) => !k.encrypted) ? 'private-key-der' : 'private-key-der-encrypted';
    // Under a default password, a "protected" key is as good as clear: that rule first, else the container's.
    const ids = held.some((k) => k.defaultPassword) ? ['private-key-default-password', container] : [container];
    const c = ids.map((id) => this.ruleById(id)).find((r) => r?.rule.paths?.test(path));
    if (!c) return [];
    const secret = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    const confidence = DEBUG_KEYSTORE.test(path) ? 'low' : c.rule.confidence;
    return [this.toFinding({ c, start: 0, end: 0, secret, confidence }, path, NO_TEXT, false)];
  }

  /** `named`: take the credential's name from the code around it (else the rule's name). */
  private toFinding(cand: Candidate, path: string, lines: LineIndex, named: boolean): Finding {
    const { rule } = cand.c;
    const { secret, inner } = cand;
    // An `mcp-*` finding whose value a provider rule recognised is that provider's credential.
    const known = inner && inner.rule.provider !== 'Generic' ? inner : undefined;
    const kind = inner?.rule.kind ?? rule.kind;
    const severity = known && SEVERITY_RANK[known.severity] > SEVERITY_RANK[cand.c.severity] ? known.severity : cand.c.severity;
    const prefixes = cand.group === undefined ? [] : (prefixesOf((inner ?? cand.c).rule).get(cand.group) ?? []);
    const f: Finding = {
      ruleId: rule.id,
      description: known ? `${known.rule.description} ${AGENT_PLACE[cand.agent!.field]}` : rule.description,
      provider: known?.rule.provider ?? rule.provider,
      kind,
      severity,
      confidence: contextConfidence(cand, path, lines),
      path,
      range: { start: lines.position(cand.start), end: lines.position(cand.end) },
      offset: { start: cand.start, end: cand.end },
      preview: redact(secret, prefixes),
      fingerprint: '',
      fix: cand.envName
        ? { envName: cand.envName, provider: known?.rule.provider ?? rule.provider, kind }
        : { envName: named ? nameForCredential(lines.text, cand.start, rule.envName) : rule.envName, provider: rule.provider, kind: rule.kind },
    };
    if (cand.agent) f.agent = cand.agent;
    // Computed on first read (a report, a baseline lookup, a worker handing it over): a low-entropy
    // secret costs ~35 ms of scrypt, which callers that only ask "is there a secret?" (the registry's
    // body guard, value redaction) never pay.
    // The closure lets go of the secret once the fingerprint exists.
    const salt = this.salt;
    const under = fingerprintRule(f);
    let value: string | undefined;
    let pending: string | undefined = secret;
    Object.defineProperty(f, 'fingerprint', {
      enumerable: true,
      configurable: true,
      get: () => {
        if (value === undefined) {
          value = fingerprint(under, pending!, salt ?? machineSalt(), kind);
          pending = undefined;
        }
        return value;
      },
      set: (v: string) => {
        value = v;
        pending = undefined;
      },
    });
    if (this.legacy) {
      f.legacyFingerprints = [legacyFingerprint(under, secret, LEGACY_FINGERPRINT_SALT)];
      if (salt && salt !== LEGACY_FINGERPRINT_SALT) f.legacyFingerprints.push(legacyFingerprint(under, secret, salt));
    }
    return f;
  }
}

/**
 * Findings per file whose name is read from the code around them; past this (a generated file full of
 * secrets) the rule's name is used, which keeps hostile files linear.
 */
const NAMED_PER_FILE = 500;

/** The text of a binary file's findings: none. */
const NO_TEXT = new LineIndex('');

export interface Candidate {
  c: CompiledRule;
  start: number;
  end: number;
  secret: string;
  /** The capture group the secret came from (none for .env/CSV values). */
  group?: number;
  /** How sure the rule is of this match, before the file's context is weighed. */
  confidence: Confidence;
  /** For an `mcp-*` candidate: the rule that matched inside the value (its provider names the finding). */
  inner?: CompiledRule;
  /** For an `mcp-*` candidate: where in the agent configuration. */
  agent?: NonNullable<Finding['agent']>;
  /** The name the credential goes by, when it is decided before the finding is made. */
  envName?: string;
}

const AGENT_RULES: Record<McpField, string> = {
  env: 'mcp-env-credential', headers: 'mcp-header-credential', args: 'mcp-arg-credential', url: 'mcp-url-credential',
};
const AGENT_PLACE: Record<McpField, string> = {
  env: "in an MCP server's env", headers: "in an MCP server's HTTP headers", args: "in an MCP server's command-line arguments", url: "in an MCP server's URL",
};

/** A credential-named value is a literal credential: not a placeholder or lookup, and random enough. */
function literalCredential(secret: string, named: 'password' | 'secret', rule: Rule, lines: LineIndex, start: number): boolean {
  if (!secret || secret.length > 4096 || /\s/.test(secret)) return false;
  const enough = named === 'password' ? secret.length >= 6 && shannonEntropy(secret) >= 2.5 : secret.length >= 10 && shannonEntropy(secret) >= 3;
  if (!enough) return false;
  const line = lines.lineOf(start);
  if (notASecret(secret, lines.text.slice(lines.lineStart(line), Math.min(lines.lineEnd(line), start + secret.length + CONTEXT_CHARS)), rule)) return false;
  return !(named === 'password' ? /[.:]/.test(secret) && looksLikeWords(secret) : looksLikeWords(secret));
}

/**
 * The name a credential of an MCP server goes by: the env variable it is given to when that says
 * something; else the provider's name for it; else the server's name with what the flag, header or
 * parameter calls it (`brave-search` + `--api-key` -> BRAVE_SEARCH_API_KEY).
 */
function agentEnvName(server: string, v: McpValue, inner: Rule | undefined, password: boolean): string {
  const own = v.key && v.field !== 'headers' && credentialName(v.key) ? specificEnvName(v.key) : undefined;
  if (own) return own;
  // A provider's token keeps the provider's name; a shape any service issues (an opaque bearer token) does not name it.
  if (inner && rotationIssuer(inner.provider)) return inner.envName;
  const what = v.key && v.field !== 'headers' && /^[A-Za-z][\w-]*$/.test(v.key) ? v.key.toUpperCase().replace(/[^A-Z0-9]+/g, '_') : password ? 'PASSWORD' : v.field === 'headers' ? 'TOKEN' : 'API_KEY';
  const prefix = server.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '').replace(/^(\d)/, '_$1').slice(0, 40);
  return prefix ? `${prefix}_${what}` : `MCP_${what}`;
}

/**
 * A finding's confidence: the rule's (or the match's, for generic rules), lowered where the file says
 * it is an example. In test fixtures and documentation a heuristic (generic) finding is low, and a
 * provider-shaped one at most medium: a real token pasted into a test still warns. A well-known
 * default password (`postgres`, `minioadmin`) in a compose file or next to `localhost` is low, and so
 * is any password next to `localhost` in a test or the documentation.
 */
export function contextConfidence(cand: Candidate, path: string, lines: LineIndex): Confidence {
  const { rule } = cand.c;
  if (introducedAsExample(cand, lines)) return 'low';
  const tier = contextTier(path);
  const password = rule.kind === 'password' || rule.kind === 'database_credential';
  if (password && (isWellKnownDefault(cand.secret) || tier)) {
    const line = lines.lineOf(cand.start);
    const around = lines.text.slice(Math.max(lines.lineStart(line), cand.start - CONTEXT_CHARS), Math.min(lines.lineEnd(line), cand.end + CONTEXT_CHARS));
    // A default password in a compose file or aimed at this machine; any password aimed at this
    // machine from a test or the documentation (`mysql://root:…@localhost/test_db`).
    if ((isWellKnownDefault(cand.secret) && isComposeFile(path)) || mentionsLocalhost(around)) return 'low';
    // In a test or the documentation, one aimed at a documentation host (`db.example.com`, `myhost`).
    if (tier && mentionsExampleHost(around)) return 'low';
  }
  if (!tier) return cand.confidence;
  if (rule.confidence === 'low') return 'low';
  return cand.confidence === 'high' ? 'medium' : cand.confidence;
}

/** Prose that introduces what follows as an example, right before it on its line (`e.g.) shpat_…`, `for example: AKIA…`). */
const EXAMPLE_LEAD = /(?:\be\.\s?g\.|\bi\.\s?e\.|\bfor (?:example|instance)|\bexamples?|\bsuch as|\blooks? like)[\s:)\]>*\x60\x27\x22-]{0,6}$/i;

/** A sentence that ends by introducing what follows as an example: `For example:`, `e.g.:`, `Such as:`. */
const EXAMPLE_INTRO = /(?:\be\.\s?g\.|\bfor (?:example|instance)|\bexamples?|\bsuch as)[\s)*]{0,3}:[\s*]{0,3}$/i;
/** A line that holds nothing: blank, a comment's bare marker, a code fence (```http). */
const EMPTY_LINE = /^[ \t]*(?:#|\/\/|\*|--|;|\x60{3}[\w-]{0,20})?[ \t]*\r?$/;

/**
 * The candidate is written as an example in prose: `e.g.`, `for example`, `such as`, `looks like` just
 * before it; or its line is the first one after a sentence that ends in `For example:` (a docstring's,
 * a comment's or a Markdown paragraph's), blank lines, bare comment markers and a code fence between.
 */
function introducedAsExample(cand: Candidate, lines: LineIndex): boolean {
  let line = lines.lineOf(cand.start);
  const from = Math.max(lines.lineStart(line), cand.start - 40);
  if (EXAMPLE_LEAD.test(lines.text.slice(from, cand.start))) return true;
  for (let seen = 0; line > 0 && seen < 4; seen++) {
    line--;
    // Bounded: only a line's last 120 characters are read.
    const end = lines.lineEnd(line);
    const text = lines.text.slice(Math.max(lines.lineStart(line), end - 120), end);
    if (!EMPTY_LINE.test(text)) return EXAMPLE_INTRO.test(text);
  }
  return false;
}

function isIdentifierStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isIdentifierChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 46 || code === 45;
}

/** The text before `end` (a line's end) is an assignment's or a fallback's operator: `=`, `:`, `:=`, `=>`, `||`, `??`, then spaces. */
function endsAtOperator(text: string, end: number): boolean {
  let i = end - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  const code = text.charCodeAt(i);
  const before = text.charCodeAt(i - 1);
  return code === 61 || code === 58 || (code === 62 && before === 61) || ((code === 124 || code === 63) && before === code);
}

/**
 * The line before `end` ends at an element's opening tag with nothing after it (`<apiToken>`, `<ns:secret>`):
 * pretty-printed XML, whose value stands on the next line. Not a closing (`</a>`) or empty (`<a/>`) tag.
 */
function endsAtOpeningTag(text: string, start: number, end: number): boolean {
  let i = end - 1;
  while (i >= start && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  if (i < start || text.charCodeAt(i) !== 62) return false;
  // Bounded: an element's name is at most 80 characters.
  for (let j = i - 1, stop = Math.max(start, i - 81); j >= stop; j--) {
    const code = text.charCodeAt(j);
    if (code === 60) return j < i - 1 && isIdentifierStart(text.charCodeAt(j + 1));
    if (!isIdentifierChar(code) && code !== 58) return false;
  }
  return false;
}

/**
 * Merged search windows around keyword hits, flat (start, end, start, end, …: one array per rule and
 * text, not one per window); single-line rules stay within the hit's line (and the next, after an operator).
 */
function windows(positions: number[], c: CompiledRule, lines: LineIndex): number[] {
  const text = lines.text;
  if (positions[0] === -1) return [0, text.length];
  const out: number[] = [];
  for (const p of positions) {
    let ws = Math.max(0, p - c.before);
    let we = Math.min(text.length, p + c.after);
    if (!c.rule.multiline) {
      const line = lines.lineOf(p);
      ws = Math.max(ws, lines.lineStart(line));
      // A line that ends at an assignment's operator goes on with its value (a formatter broke it), and
      // one that ends at an element's opening tag with the element's value (pretty-printed XML).
      const end = lines.lineEnd(line);
      const goesOn = line + 1 < lines.starts.length && (endsAtOperator(text, end) || endsAtOpeningTag(text, lines.lineStart(line), end));
      we = Math.min(we, goesOn ? lines.lineEnd(line + 1) : end);
    }
    const n = out.length;
    if (n && ws <= out[n - 1]) out[n - 1] = Math.max(out[n - 1], we);
    else out.push(ws, we);
  }
  return out;
}

/** One finding per secret: where ranges overlap, a rule over a fallback one, then the more confident (more specific) rule, wins. */
function resolveOverlaps(cands: Candidate[]): Candidate[] {
  cands.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Candidate[] = [];
  for (const cand of cands) {
    // Kept ranges are sorted and disjoint, so only the last one can overlap a later-starting candidate.
    const k = kept[kept.length - 1];
    if (!k || cand.start >= k.end) {
      kept.push(cand);
      continue;
    }
    const better = Number(!cand.c.rule.fallback) - Number(!k.c.rule.fallback) ||
      CONFIDENCE_RANK[cand.c.rule.confidence] - CONFIDENCE_RANK[k.c.rule.confidence] ||
      (cand.end - cand.start) - (k.end - k.start);
    if (better > 0) kept[kept.length - 1] = cand;
  }
  return kept;
}
