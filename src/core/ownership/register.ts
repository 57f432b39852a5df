// Reads `credentials.yaml` into identities, never throwing: YAML errors, schema errors, unknown keys
// and duplicate ids come back as issues with exact ranges, and every identity that can be salvaged
// is still used, so one typo does not turn the whole workspace's references into "no owner".
import { type Document, type Node } from 'yaml';
import { parseYamlDocument } from '../text/structured';
import type * as z from 'zod';
import type { Range } from '../types/range';
import { LineIndex } from '../text/lines';
import type { RegisterScope } from '../vocabulary';
import { REGISTER_FILE } from '../vocabulary';
import type { IdentityFields, Owners } from './schema';
import type * as SchemaModule from './schema';
import { matchPatternProblem } from './match';
import { closest, findPath, nodeRange, offsetRange, yamlErrorMessage } from './yaml-util';

export type OwnerSource = 'register' | 'defaults' | 'catalog';

export interface Identity extends Omit<IdentityFields, 'owners'> {
  /** Effective owners: the identity's own, else `defaults.owners`, else a Backstage Resource of the same name. */
  owners: Owners;
  /** Where each effective owner came from. */
  ownerSources: { business?: OwnerSource; technical?: OwnerSource };
  /** `register` (credentials.yaml) or `catalog` (a Backstage Resource in catalog-info.yaml). */
  source: 'register' | 'catalog';
  /** File the identity is declared in, and the range of its id there (where its findings go). */
  path: string;
  range: Range;
}

/** `unreadable`: the file is there but was not read (a FIFO, a device, too large, a link out of the workspace). */
export type RegisterIssueCode = 'yaml' | 'schema' | 'unknown-key' | 'duplicate-id' | 'unreadable';

export interface RegisterIssue {
  code: RegisterIssueCode;
  message: string;
  path: string;
  range: Range;
}

export interface Register {
  /** Workspace-relative path of the register. */
  path: string;
  /** False when there is no register file (then it has no identities and no issues). */
  exists: boolean;
  defaults: { owners?: Owners };
  /** `organization`: shared across repositories (identities need not be referenced here). Default `repository`. */
  scope?: RegisterScope;
  identities: Identity[];
  issues: RegisterIssue[];
}

export function emptyRegister(path = REGISTER_FILE): Register {
  return { path, exists: false, defaults: {}, identities: [], issues: [] };
}

/** The validator, built when a register is first read: a workspace without one never evaluates zod. */
let schemas: ReturnType<typeof loadSchemas> | undefined;
function loadSchemas() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (the bundler keeps it lazy)
  const { IdentitySchema, OwnersSchema, RegisterSchema } = require('./schema') as typeof SchemaModule;
  return {
    IdentitySchema, OwnersSchema,
    IDENTITY_KEYS: Object.keys(IdentitySchema.shape),
    TOP_KEYS: Object.keys(RegisterSchema.shape),
    TopSchema: RegisterSchema.omit({ identities: true }),
  };
}
function schema() {
  return (schemas ??= loadSchemas());
}

/** Parses the register text; `path` is workspace-relative and is copied into identities and issues. */
export function parseRegister(text: string, path = REGISTER_FILE): Register {
  const { IdentitySchema, OwnersSchema, IDENTITY_KEYS, TOP_KEYS, TopSchema } = schema();
  const lines = new LineIndex(text);
  const reg: Register = { path, exists: true, defaults: {}, identities: [], issues: [] };
  const doc = parseYamlDocument(text, { uniqueKeys: true, prettyErrors: false });
  const issue = (code: RegisterIssueCode, message: string, range: Range) => reg.issues.push({ code, message, path, range });
  for (const e of doc.errors) issue('yaml', yamlErrorMessage(e), offsetRange(lines, e.pos[0], e.pos[1]));

  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    issue('yaml', (e as Error).message.split('\n')[0], offsetRange(lines, 0, 0));
    return reg;
  }
  if (js === null || js === undefined) return reg; // an empty file is an empty register
  if (typeof js !== 'object' || Array.isArray(js)) {
    issue('schema', 'expected a map with an `identities` list', nodeRange(lines, doc.contents as Node));
    return reg;
  }
  const { identities, ...top } = js as Record<string, unknown>;
  const topParsed = TopSchema.safeParse(top);
  if (topParsed.success) {
    reg.defaults = topParsed.data.defaults ?? {};
    if (topParsed.data.scope) reg.scope = topParsed.data.scope;
  } else {
    reportZod(doc, lines, topParsed.error, [], TOP_KEYS, issue);
    const owners = OwnersSchema.safeParse((top.defaults as { owners?: unknown } | undefined)?.owners);
    if (owners.success && owners.data) reg.defaults = { owners: owners.data };
  }
  if (identities === undefined || identities === null) return reg;
  if (!Array.isArray(identities)) {
    issue('schema', '`identities` must be a list of identities', nodeRange(lines, findPath(doc, ['identities']).node));
    return reg;
  }

  const seen = new Map<string, number>();
  identities.forEach((item, i) => {
    const at = ['identities', i];
    const parsed = IdentitySchema.safeParse(item);
    let fields: Partial<IdentityFields> | undefined;
    if (parsed.success) fields = parsed.data;
    else {
      reportZod(doc, lines, parsed.error, at, IDENTITY_KEYS, issue, labelOf(item, i));
      fields = salvage(item);
    }
    if (!fields?.id) return;
    const idNode = findPath(doc, [...at, 'id']).node;
    const range = nodeRange(lines, idNode ?? findPath(doc, at).node);
    const first = seen.get(fields.id);
    if (first !== undefined) {
      issue('duplicate-id', `duplicate id "${fields.id}" (first declared on line ${first + 1}); this entry is ignored`, range);
      return;
    }
    seen.set(fields.id, range.start.line);
    for (const pattern of fields.match ?? []) {
      const why = matchPatternProblem(pattern);
      if (why) issue('schema', `identity "${fields.id}": "match": ${why}; it matches nothing`, range);
    }
    reg.identities.push(withOwners({ ...fields, id: fields.id }, reg.defaults.owners, path, range));
  });
  return reg;
}

function withOwners(fields: Partial<IdentityFields> & { id: string }, defaults: Owners | undefined, path: string, range: Range): Identity {
  const own = fields.owners ?? {};
  const ownerSources: Identity['ownerSources'] = {};
  const owners: Owners = {};
  for (const role of ['business', 'technical'] as const) {
    if (own[role]) {
      owners[role] = own[role];
      ownerSources[role] = 'register';
    } else if (defaults?.[role]) {
      owners[role] = defaults[role];
      ownerSources[role] = 'defaults';
    }
  }
  return { ...fields, owners, ownerSources, source: 'register', path, range };
}

/** The fields of an invalid identity that are valid on their own (an id with a bad date still owns its references). */
function salvage(item: unknown): Partial<IdentityFields> | undefined {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const out: Record<string, unknown> = {};
  const { IdentitySchema, OwnersSchema } = schema();
  const shape = IdentitySchema.shape as Record<string, z.ZodType>;
  for (const [key, value] of Object.entries(item)) {
    if (!(key in shape)) continue;
    if (key === 'owners' && value && typeof value === 'object') {
      const owners: Record<string, unknown> = {};
      for (const role of ['business', 'technical'] as const) {
        const r = OwnersSchema.shape[role].safeParse((value as Record<string, unknown>)[role]);
        if (r.success && r.data) owners[role] = r.data;
      }
      out.owners = owners;
      continue;
    }
    const r = shape[key].safeParse(value);
    if (r.success) out[key] = r.data;
  }
  return out as Partial<IdentityFields>;
}

/** Messages name an identity by its id only when the id is valid: whatever else sits there could be a pasted secret. */
function labelOf(item: unknown, i: number): string {
  const id = (item as { id?: unknown } | null)?.id;
  return schema().IdentitySchema.shape.id.safeParse(id).success ? `identity "${id as string}"` : `identities[${i}]`;
}

/** An unknown key is quoted only when it reads like a key, for the same reason. */
function keyLabel(key: string): string {
  return /^[A-Za-z_$][\w$.-]{0,39}$/.test(key) ? `"${key}"` : `(${key.length} characters)`;
}

type Report = (code: RegisterIssueCode, message: string, range: Range) => void;

/** Zod issues, placed on the node they are about (the key itself for unknown keys). */
function reportZod(doc: Document, lines: LineIndex, error: z.ZodError, base: PropertyKey[], knownKeys: readonly string[], report: Report, label?: string): void {
  const whereOf = (segments: PropertyKey[]) => {
    const rel = segments.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    return [label, rel].filter(Boolean).join(': ');
  };
  for (const iss of error.issues) {
    const path = [...base, ...iss.path];
    const where = whereOf(iss.path);
    if (iss.code === 'unrecognized_keys') {
      for (const key of iss.keys) {
        const hit = findPath(doc, [...path, key]);
        const known = iss.path.length ? knownKeysAt(iss.path) : knownKeys;
        const guess = closest(key, known);
        report('unknown-key', `${where ? `${where}: ` : ''}unknown key ${keyLabel(key)}${guess ? ` (did you mean "${guess}"?)` : ''}`, nodeRange(lines, hit.key ?? hit.node));
      }
      continue;
    }
    const hit = findPath(doc, path);
    if (!hit.complete) {
      const parent = whereOf(iss.path.slice(0, -1));
      report('schema', `${parent ? `${parent}: ` : ''}"${String(iss.path[iss.path.length - 1])}" is required`, nodeRange(lines, hit.key ?? hit.node));
      continue;
    }
    report('schema', `${where ? `${where}: ` : ''}${iss.message}`, nodeRange(lines, hit.node));
  }
}

/** Keys allowed in the nested objects (`owners`, `defaults`), for "did you mean". */
function knownKeysAt(path: PropertyKey[]): readonly string[] {
  const last = String(path[path.length - 1]);
  if (last === 'owners') return ['business', 'technical'];
  if (last === 'defaults') return ['owners'];
  return [];
}
