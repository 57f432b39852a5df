// "Register an owner for NAME…": add NAME to an existing identity's `match`, or create an identity
// with a numbered wizard that asks for everything `owner/incomplete` will require (the config's
// `ownership.required`; by default both owners, purpose, environment, and expiry or rotation, with the
// date a rotation counts from) and writes only what it asked. It works from zero: with no register,
// credentials.yaml is created, and ownership is evaluated over the whole workspace at once.
import * as vscode from 'vscode';
import { addIdentityEdit, addMatchEdit, DEFAULT_REQUIRED, missingFields, parseDate, RegisterEditError, type IdentityInput, type RequirableField } from '../../core/ownership';
import { isoDay } from '../../core/ownership/dates';
import { CREDENTIAL_KINDS } from '../../core/rules/types';
import { log } from '../logger';
import { relativePath } from '../project';
import { currentPrompter, notify, type PickItem } from '../ui';
import { readOpenOrFile } from '../workspace-read';
import type { OwnershipManager } from './ownership-manager';

export interface RegisterRequest {
  /** Document the reference is in. */
  uri: string;
  /** The reference's name: `STRIPE_SECRET_KEY`, `k8s:Secret/payments-db`, … */
  name: string;
  environment?: string;
}

const ENVIRONMENTS = ['production', 'staging', 'test', 'development'];
const rotations = (): PickItem[] => [
  { label: vscode.l10n.t('Rotate every 30 days'), value: 'P30D' },
  { label: vscode.l10n.t('Rotate every 90 days'), value: 'P90D', description: vscode.l10n.t('a common policy') },
  { label: vscode.l10n.t('Rotate every 180 days'), value: 'P180D' },
  { label: vscode.l10n.t('Rotate every year'), value: 'P1Y' },
];
const EXPIRES = '\u0000expires';
const NEITHER = '\u0000neither';
const OTHER = '\u0000other';
const DEFAULT_OWNER = '\u0000default';
const NEW = '\u0000new';
const TODAY = '\u0000today';

/** What a new register starts with: comments that say what it is, and an empty list. */
export const REGISTER_TEMPLATE = `# Credential register: every machine credential this workspace uses, who owns it, why it exists,
# where, and when it expires or must be rotated. Add one with Ctrl+. on a hard-coded secret or a
# credential reference ("Register an owner for NAME…"), or by hand (the schema gives completion).
identities: []
`;

function slug(name: string): string {
  return name.replace(/^[a-z0-9]+:/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'credential';
}

const ENTITY = /^(user|group):[\w.-]+(\/[\w.-]+)?$/;

/** The numbered steps of the new-identity wizard; the total is known once the lifetime is chosen. */
class Steps {
  n = 0;
  constructor(readonly name: string, public total: number) {}
  title(what: string): string {
    this.n++;
    return vscode.l10n.t('Register {0} · Step {1} of {2}: {3}', this.name, this.n, Math.max(this.total, this.n), what);
  }
}

async function pickOwner(title: string, offered: PickItem[]): Promise<string | undefined> {
  const picked = await currentPrompter().pick(title, [...offered, { label: vscode.l10n.t('Someone else…'), description: vscode.l10n.t('type an entity ref such as group:payments or user:jdoe'), value: OTHER }]);
  if (picked !== OTHER) return picked;
  return currentPrompter().input(title, {
    prompt: vscode.l10n.t('An entity ref: group:<team>, user:<name>, or group:<namespace>/<team>'),
    validate: (v) => (ENTITY.test(v.trim()) ? undefined : vscode.l10n.t('Use group:<team> or user:<name>')),
  });
}

async function pickDate(title: string, today: string, prompt: string, allowToday: boolean): Promise<string | undefined> {
  if (allowToday) {
    const choice = await currentPrompter().pick(title, [
      { label: vscode.l10n.t('Today, {0}', today), value: TODAY, description: vscode.l10n.t('it is issued or rotated now') },
      { label: vscode.l10n.t('Another date…'), value: OTHER },
    ]);
    if (choice === TODAY) return today;
    if (choice !== OTHER) return undefined;
  }
  return currentPrompter().input(title, { prompt, value: allowToday ? today : undefined, validate: (v) => (parseDate(v.trim()) && /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? undefined : vscode.l10n.t('A date as YYYY-MM-DD')) });
}

/** Folder state, reading the workspace first if ownership has not loaded yet. */
async function folderState(manager: OwnershipManager, uri: vscode.Uri) {
  if (!manager.stateFor(uri)) await manager.load();
  return manager.stateFor(uri);
}

export async function registerOwner(manager: OwnershipManager, req: RegisterRequest): Promise<boolean> {
  const docUri = vscode.Uri.parse(req.uri);
  const fs = await folderState(manager, docUri);
  if (!fs) {
    void notify('warning', vscode.l10n.t('Credential Hygiene: {0} is not in a workspace folder on disk, so it has no register.', vscode.workspace.asRelativePath(docUri)));
    return false;
  }
  const registerUri = vscode.Uri.joinPath(fs.folder.uri, fs.state.registerPath);
  const register = fs.state.currentRegister;
  const text = await readOrEmpty(registerUri);
  if (text === undefined) return false;

  // With identities to add to, the first question is which; otherwise straight to a new one.
  const choice = register.identities.length
    ? await currentPrompter().pick(vscode.l10n.t('Register an owner for {0}', req.name), [
        { label: `$(add) ${vscode.l10n.t('New identity for {0}', req.name)}`, description: vscode.l10n.t('in {0}', fs.state.registerPath), value: NEW },
        ...register.identities.map((i) => ({
          label: vscode.l10n.t('Add to {0}', i.id), value: i.id,
          description: [i.owners.technical, i.owners.business].filter(Boolean).join(', '),
          detail: i.purpose,
        })),
      ])
    : NEW;
  if (!choice) return false;

  let edit;
  let identity: IdentityInput | undefined;
  try {
    if (choice !== NEW) {
      edit = addMatchEdit(text, choice, req.name);
      if (!edit) {
        void notify('info', vscode.l10n.t('{0} is already listed under {1} in {2}.', req.name, choice, fs.state.registerPath));
        return true;
      }
    } else {
      identity = await askIdentity(manager, fs, docUri, req);
      if (!identity) return false;
      edit = addIdentityEdit(text, identity);
    }
  } catch (e) {
    if (!(e instanceof RegisterEditError)) throw e;
    void notify('error', vscode.l10n.t('Credential Hygiene: {0} was not changed: {1}.', fs.state.registerPath, e.message));
    return false;
  }

  const created = !text;
  const we = new vscode.WorkspaceEdit();
  if (created) we.createFile(registerUri, { ignoreIfExists: true });
  const doc = created ? undefined : await vscode.workspace.openTextDocument(registerUri);
  if (doc) we.replace(registerUri, new vscode.Range(doc.positionAt(edit.start), doc.positionAt(edit.end)), edit.newText);
  else we.insert(registerUri, new vscode.Position(0, 0), edit.newText);
  if (!(await vscode.workspace.applyEdit(we))) {
    void notify('error', vscode.l10n.t('Credential Hygiene: the editor refused to change {0}; nothing was registered.', fs.state.registerPath));
    return false;
  }
  const saved = await vscode.workspace.openTextDocument(registerUri);
  await saved.save();
  await manager.registerWritten(registerUri, saved.getText());

  const path = fs.state.registerPath;
  if (choice !== NEW) {
    void notify('info', vscode.l10n.t('Added {0} to {1} in {2}.', req.name, choice, path));
    return true;
  }
  // Say what is still missing, judged by the same evaluation as the diagnostics.
  const now = manager.stateFor(docUri) ?? fs;
  const written = now.result?.identities.find((i) => i.id === identity!.id);
  const missing = written ? missingFields(written, requiredOf(now.state.options.required)) : [];
  // One whole sentence per case (created or not, complete or lacking one or more fields).
  const id = identity!.id;
  const lacks = missing.join(', ');
  const said = created
    ? !missing.length ? vscode.l10n.t('Created {0} and registered {1} in it as {2}, complete: its owners, purpose, environment and lifetime are recorded.', path, req.name, id)
      : missing.length === 1 ? vscode.l10n.t('Created {0} and registered {1} in it as {2}; it still lacks {3} (owner/incomplete until you add it).', path, req.name, id, lacks)
        : vscode.l10n.t('Created {0} and registered {1} in it as {2}; it still lacks {3} (owner/incomplete until you add them).', path, req.name, id, lacks)
    : !missing.length ? vscode.l10n.t('Registered {0} in {1} as {2}, complete: its owners, purpose, environment and lifetime are recorded.', req.name, path, id)
      : missing.length === 1 ? vscode.l10n.t('Registered {0} in {1} as {2}; it still lacks {3} (owner/incomplete until you add it).', req.name, path, id, lacks)
        : vscode.l10n.t('Registered {0} in {1} as {2}; it still lacks {3} (owner/incomplete until you add them).', req.name, path, id, lacks);
  void notify(missing.length ? 'warning' : 'info', said);
  return true;
}

function requiredOf(r: readonly RequirableField[] | undefined): readonly RequirableField[] {
  return r ?? DEFAULT_REQUIRED;
}

/** The wizard: asks each field `required` needs (and the usual ones), returns only what was answered. */
async function askIdentity(manager: OwnershipManager, fs: NonNullable<ReturnType<OwnershipManager['stateFor']>>, docUri: vscode.Uri, req: RegisterRequest): Promise<IdentityInput | undefined> {
  const p = currentPrompter();
  const register = fs.state.currentRegister;
  const required = new Set(requiredOf(fs.state.options.required));
  const needs = (f: RequirableField) => required.has(f);
  // An MCP server (`agent:NAME`) is an agent's access: its kind is known, and its purpose is the intent behind it.
  const agent = req.name.startsWith('agent:');
  const extras = (['kind', 'provider', 'system', 'ref'] as const).filter((f) => needs(f) && !(agent && f === 'kind'));
  const today = isoDay(manager.now());
  // id, business, technical, purpose, environment, extras, lifetime, and its date(s).
  const steps = new Steps(req.name, 6 + extras.length + 1 + (needs('rotation') && needs('expires') ? 1 : 0));

  const id = await p.input(steps.title(vscode.l10n.t('Identity id')), {
    value: agent ? `${slug(req.name)}-agent` : slug(req.name), prompt: vscode.l10n.t('How {0} is known in {1}', req.name, fs.state.registerPath),
    validate: (v) => (/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(v)
      ? (register.identities.some((i) => i.id === v) ? vscode.l10n.t('That id is taken') : undefined)
      : vscode.l10n.t('Lower-case letters, digits, ".", "_" and "-"')),
  });
  if (!id) return undefined;

  // Owners already in the register first, then Backstage's and CODEOWNERS' suggestions.
  const suggestions: PickItem[] = fs.state.suggestions(relativePath(docUri)).map((s) => ({ label: s.ref, description: s.source, detail: s.detail, value: s.ref }));
  const withDefault = (which: 'business' | 'technical'): PickItem[] => {
    const d = register.defaults.owners?.[which];
    return d ? [{ label: vscode.l10n.t("Keep the register's default: {0}", d), description: `defaults.owners.${which}`, value: DEFAULT_OWNER }] : [];
  };
  const business = await pickOwner(steps.title(vscode.l10n.t('Business owner (accountable for why it exists)')), [...withDefault('business'), ...suggestions]);
  if (!business) return undefined;
  const justEntered = business !== DEFAULT_OWNER && !suggestions.some((s) => s.value === business)
    ? [{ label: business, description: vscode.l10n.t('the business owner you just entered'), value: business }] : [];
  const technical = await pickOwner(steps.title(vscode.l10n.t('Technical owner (rotates and revokes it)')), [...withDefault('technical'), ...justEntered, ...suggestions]);
  if (!technical) return undefined;

  const purpose = await p.input(steps.title(vscode.l10n.t('Purpose')), {
    prompt: agent
      ? vscode.l10n.t('What this agent may do with the server, and for whom, e.g. "reads issues for the triage assistant"')
      : vscode.l10n.t('What it is for, e.g. "charges cards for the checkout service"'),
    validate: (v) => (needs('purpose') && !v.trim() ? vscode.l10n.t('Required by ownership.required') : undefined),
  });
  if (purpose === undefined || (needs('purpose') && !purpose)) return undefined;

  const here = vscode.l10n.t('where this reference is');
  const envItems = ENVIRONMENTS.map((e) => ({ label: e, value: e, description: e === req.environment ? here : undefined }));
  if (req.environment && !ENVIRONMENTS.includes(req.environment)) envItems.unshift({ label: req.environment, value: req.environment, description: here });
  const environment = await p.pick(steps.title(vscode.l10n.t('Environment')), req.environment ? [...envItems.filter((e) => e.value === req.environment), ...envItems.filter((e) => e.value !== req.environment)] : envItems);
  if (!environment) return undefined;

  const more: Partial<IdentityInput> = agent ? { kind: 'agent' } : {};
  for (const f of extras) {
    if (f === 'kind') {
      const kind = await p.pick(steps.title(vscode.l10n.t('Kind')), CREDENTIAL_KINDS.map((k) => ({ label: k, value: k })));
      if (!kind) return undefined;
      more.kind = kind as IdentityInput['kind'];
    } else {
      const titles = { provider: vscode.l10n.t('Provider'), system: vscode.l10n.t('System'), ref: vscode.l10n.t('Ref') };
      const prompts = {
        provider: vscode.l10n.t('Who issues it: Stripe, AWS, GitHub…'),
        system: vscode.l10n.t('The system it belongs to (a Backstage System)'),
        ref: vscode.l10n.t('Where it lives: ref+vault://…, op://…, an ARN…'),
      };
      const v = await p.input(steps.title(titles[f]), { prompt: prompts[f], validate: (s) => (s.trim() ? undefined : vscode.l10n.t('Required by ownership.required')) });
      if (!v) return undefined;
      more[f] = v;
    }
  }

  // Lifetime: a rotation period (counted from a date), or an expiry date.
  const lifetimeItems = rotations();
  if (!needs('rotation')) lifetimeItems.push({ label: vscode.l10n.t('No rotation policy: it expires on a date…'), value: EXPIRES });
  if (!needs('rotation') && !needs('expires') && !needs('expiresOrRotation')) lifetimeItems.push({ label: vscode.l10n.t('Neither, for now'), value: NEITHER });
  const lifetime = await p.pick(steps.title(vscode.l10n.t('Rotation or expiry')), lifetimeItems);
  if (!lifetime) return undefined;
  const rotation = lifetime !== EXPIRES && lifetime !== NEITHER ? lifetime : undefined;
  const askLast = Boolean(rotation) || needs('lastRotated');
  const askExpires = lifetime === EXPIRES || needs('expires');
  steps.total = steps.n + (askLast ? 1 : 0) + (askExpires ? 1 : 0);
  let lastRotated: string | undefined;
  if (askLast) {
    lastRotated = await pickDate(
      steps.title(vscode.l10n.t('Last rotated (or issued) — the rotation is counted from it')), today,
      vscode.l10n.t('When the current value was issued or last rotated (YYYY-MM-DD)'), true,
    );
    if (!lastRotated) return undefined;
  }
  let expires: string | undefined;
  if (askExpires) {
    expires = await pickDate(steps.title(vscode.l10n.t('Expires on')), today, vscode.l10n.t('The date it stops working (YYYY-MM-DD)'), false);
    if (!expires) return undefined;
  }
  const owners = {
    ...(business !== DEFAULT_OWNER ? { business } : {}),
    ...(technical !== DEFAULT_OWNER ? { technical } : {}),
  };
  return {
    id,
    ...more,
    ...(Object.keys(owners).length ? { owners } : {}),
    ...(purpose ? { purpose } : {}),
    environment,
    ...(rotation ? { rotation } : {}),
    ...(lastRotated ? { lastRotated } : {}),
    ...(expires ? { expires } : {}),
    // Registered with its owners just now: that is its first review.
    lastReviewed: today,
    match: [req.name],
  };
}

/**
 * "Create the ownership register": writes credentials.yaml (comments and an empty list) where the
 * config says, turns the ownership checks on over the whole workspace, and opens it.
 */
export async function createRegister(manager: OwnershipManager): Promise<boolean> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (!folders.length) {
    void notify('info', vscode.l10n.t('Credential Hygiene: open a folder first; the register lives at its root.'));
    return false;
  }
  const picked = folders.length === 1 ? folders[0].uri.toString()
    : await currentPrompter().pick(vscode.l10n.t('Create the register in which folder?'), folders.map((x) => ({ label: x.name, value: x.uri.toString() })));
  const folder = folders.find((f) => f.uri.toString() === picked);
  if (!folder) return false;
  const fs = await folderState(manager, folder.uri);
  if (!fs) return false;
  const uri = vscode.Uri.joinPath(folder.uri, fs.state.registerPath);
  const text = await readOrEmpty(uri);
  if (text === undefined) return false;
  if (!text) {
    const we = new vscode.WorkspaceEdit();
    we.createFile(uri, { ignoreIfExists: true });
    we.insert(uri, new vscode.Position(0, 0), REGISTER_TEMPLATE);
    if (!(await vscode.workspace.applyEdit(we))) {
      void notify('error', vscode.l10n.t('Credential Hygiene: the editor refused to create {0}.', fs.state.registerPath));
      return false;
    }
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.isDirty) await doc.save();
  await manager.registerWritten(uri, doc.getText());
  await vscode.window.showTextDocument(doc, { preview: false });
  if (text) {
    void notify('info', vscode.l10n.t('{0} already exists; it is open.', fs.state.registerPath));
    return true;
  }
  const unowned = new Set((manager.stateFor(folder.uri)?.result?.findings ?? []).filter((f) => f.ruleId === 'owner/missing').map((f) => f.reference));
  log().info(`ownership: created ${fs.state.registerPath} (${unowned.size} credential(s) without an owner)`);
  const where = fs.state.registerPath;
  void notify('info', !unowned.size
    ? vscode.l10n.t('Created {0}. No credential references were found yet.', where)
    : unowned.size === 1
      ? vscode.l10n.t('Created {0}. 1 credential has no owner yet: they are in the Problems panel and the Credentials view; Ctrl+. on each offers "Register an owner for NAME…".', where)
      : vscode.l10n.t('Created {0}. {1} credentials have no owner yet: they are in the Problems panel and the Credentials view; Ctrl+. on each offers "Register an owner for NAME…".', where, unowned.size));
  return true;
}

/** The register's text ('' when it does not exist yet); undefined when it is there but cannot be read. */
async function readOrEmpty(uri: vscode.Uri): Promise<string | undefined> {
  const r = await readOpenOrFile(uri);
  if ('refused' in r) {
    void notify('error', vscode.l10n.t('Credential Hygiene: {0} cannot be read ({1}); it was not changed.', vscode.workspace.asRelativePath(uri), r.refused));
    return undefined;
  }
  return 'text' in r ? r.text : '';
}
