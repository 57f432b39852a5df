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
const ROTATIONS: PickItem[] = [
  { label: 'Rotate every 30 days', value: 'P30D' },
  { label: 'Rotate every 90 days', value: 'P90D', description: 'a common policy' },
  { label: 'Rotate every 180 days', value: 'P180D' },
  { label: 'Rotate every year', value: 'P1Y' },
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
    return `Register ${this.name} · Step ${this.n} of ${Math.max(this.total, this.n)}: ${what}`;
  }
}

async function pickOwner(title: string, offered: PickItem[]): Promise<string | undefined> {
  const picked = await currentPrompter().pick(title, [...offered, { label: 'Someone else…', description: 'type an entity ref such as group:payments or user:jdoe', value: OTHER }]);
  if (picked !== OTHER) return picked;
  return currentPrompter().input(title, { prompt: 'An entity ref: group:<team>, user:<name>, or group:<namespace>/<team>', validate: (v) => (ENTITY.test(v.trim()) ? undefined : 'Use group:<team> or user:<name>') });
}

async function pickDate(title: string, today: string, prompt: string, allowToday: boolean): Promise<string | undefined> {
  if (allowToday) {
    const choice = await currentPrompter().pick(title, [
      { label: `Today, ${today}`, value: TODAY, description: 'it is issued or rotated now' },
      { label: 'Another date…', value: OTHER },
    ]);
    if (choice === TODAY) return today;
    if (choice !== OTHER) return undefined;
  }
  return currentPrompter().input(title, { prompt, value: allowToday ? today : undefined, validate: (v) => (parseDate(v.trim()) && /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? undefined : 'A date as YYYY-MM-DD') });
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
    void notify('warning', `Credential Hygiene: ${vscode.workspace.asRelativePath(docUri)} is not in a workspace folder on disk, so it has no register.`);
    return false;
  }
  const registerUri = vscode.Uri.joinPath(fs.folder.uri, fs.state.registerPath);
  const register = fs.state.currentRegister;
  const text = await readOrEmpty(registerUri);
  if (text === undefined) return false;

  // With identities to add to, the first question is which; otherwise straight to a new one.
  const choice = register.identities.length
    ? await currentPrompter().pick(`Register an owner for ${req.name}`, [
        { label: `$(add) New identity for ${req.name}`, description: `in ${fs.state.registerPath}`, value: NEW },
        ...register.identities.map((i) => ({
          label: `Add to ${i.id}`, value: i.id,
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
        void notify('info', `${req.name} is already listed under ${choice} in ${fs.state.registerPath}.`);
        return true;
      }
    } else {
      identity = await askIdentity(manager, fs, docUri, req);
      if (!identity) return false;
      edit = addIdentityEdit(text, identity);
    }
  } catch (e) {
    if (!(e instanceof RegisterEditError)) throw e;
    void notify('error', `Credential Hygiene: ${fs.state.registerPath} was not changed: ${e.message}.`);
    return false;
  }

  const created = !text;
  const we = new vscode.WorkspaceEdit();
  if (created) we.createFile(registerUri, { ignoreIfExists: true });
  const doc = created ? undefined : await vscode.workspace.openTextDocument(registerUri);
  if (doc) we.replace(registerUri, new vscode.Range(doc.positionAt(edit.start), doc.positionAt(edit.end)), edit.newText);
  else we.insert(registerUri, new vscode.Position(0, 0), edit.newText);
  if (!(await vscode.workspace.applyEdit(we))) {
    void notify('error', `Credential Hygiene: the editor refused to change ${fs.state.registerPath}; nothing was registered.`);
    return false;
  }
  const saved = await vscode.workspace.openTextDocument(registerUri);
  await saved.save();
  await manager.registerWritten(registerUri, saved.getText());

  const path = fs.state.registerPath;
  if (choice !== NEW) {
    void notify('info', `Added ${req.name} to ${choice} in ${path}.`);
    return true;
  }
  // Say what is still missing, judged by the same evaluation as the diagnostics.
  const now = manager.stateFor(docUri) ?? fs;
  const written = now.result?.identities.find((i) => i.id === identity!.id);
  const missing = written ? missingFields(written, requiredOf(now.state.options.required)) : [];
  void notify(
    missing.length ? 'warning' : 'info',
    (created ? `Created ${path} and registered ${req.name} in it as ${identity!.id}` : `Registered ${req.name} in ${path} as ${identity!.id}`) +
      (missing.length ? `; it still lacks ${missing.join(', ')} (owner/incomplete until you add ${missing.length > 1 ? 'them' : 'it'}).` : ', complete: its owners, purpose, environment and lifetime are recorded.'),
  );
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
  const extras = (['kind', 'provider', 'system', 'ref'] as const).filter(needs);
  const today = isoDay(manager.now());
  // id, business, technical, purpose, environment, extras, lifetime, and its date(s).
  const steps = new Steps(req.name, 6 + extras.length + 1 + (needs('rotation') && needs('expires') ? 1 : 0));

  const id = await p.input(steps.title('Identity id'), {
    value: slug(req.name), prompt: `How ${req.name} is known in ${fs.state.registerPath}`,
    validate: (v) => (/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(v) ? (register.identities.some((i) => i.id === v) ? 'That id is taken' : undefined) : 'Lower-case letters, digits, ".", "_" and "-"'),
  });
  if (!id) return undefined;

  // Owners already in the register first, then Backstage's and CODEOWNERS' suggestions.
  const suggestions: PickItem[] = fs.state.suggestions(relativePath(docUri)).map((s) => ({ label: s.ref, description: s.source, detail: s.detail, value: s.ref }));
  const withDefault = (which: 'business' | 'technical'): PickItem[] => {
    const d = register.defaults.owners?.[which];
    return d ? [{ label: `Keep the register's default: ${d}`, description: `defaults.owners.${which}`, value: DEFAULT_OWNER }] : [];
  };
  const business = await pickOwner(steps.title('Business owner (accountable for why it exists)'), [...withDefault('business'), ...suggestions]);
  if (!business) return undefined;
  const justEntered = business !== DEFAULT_OWNER && !suggestions.some((s) => s.value === business)
    ? [{ label: business, description: 'the business owner you just entered', value: business }] : [];
  const technical = await pickOwner(steps.title('Technical owner (rotates and revokes it)'), [...withDefault('technical'), ...justEntered, ...suggestions]);
  if (!technical) return undefined;

  const purpose = await p.input(steps.title('Purpose'), {
    prompt: 'What it is for, e.g. "charges cards for the checkout service"',
    validate: (v) => (needs('purpose') && !v.trim() ? 'Required by ownership.required' : undefined),
  });
  if (purpose === undefined || (needs('purpose') && !purpose)) return undefined;

  const envItems = ENVIRONMENTS.map((e) => ({ label: e, value: e, description: e === req.environment ? 'where this reference is' : undefined }));
  if (req.environment && !ENVIRONMENTS.includes(req.environment)) envItems.unshift({ label: req.environment, value: req.environment, description: 'where this reference is' });
  const environment = await p.pick(steps.title('Environment'), req.environment ? [...envItems.filter((e) => e.value === req.environment), ...envItems.filter((e) => e.value !== req.environment)] : envItems);
  if (!environment) return undefined;

  const more: Partial<IdentityInput> = {};
  for (const f of extras) {
    if (f === 'kind') {
      const kind = await p.pick(steps.title('Kind'), CREDENTIAL_KINDS.map((k) => ({ label: k, value: k })));
      if (!kind) return undefined;
      more.kind = kind as IdentityInput['kind'];
    } else {
      const prompts = { provider: 'Who issues it: Stripe, AWS, GitHub…', system: 'The system it belongs to (a Backstage System)', ref: 'Where it lives: ref+vault://…, op://…, an ARN…' };
      const v = await p.input(steps.title(f[0].toUpperCase() + f.slice(1)), { prompt: prompts[f], validate: (s) => (s.trim() ? undefined : 'Required by ownership.required') });
      if (!v) return undefined;
      more[f] = v;
    }
  }

  // Lifetime: a rotation period (counted from a date), or an expiry date.
  const lifetimeItems = [...ROTATIONS];
  if (!needs('rotation')) lifetimeItems.push({ label: 'No rotation policy: it expires on a date…', value: EXPIRES });
  if (!needs('rotation') && !needs('expires') && !needs('expiresOrRotation')) lifetimeItems.push({ label: 'Neither, for now', value: NEITHER });
  const lifetime = await p.pick(steps.title('Rotation or expiry'), lifetimeItems);
  if (!lifetime) return undefined;
  const rotation = lifetime !== EXPIRES && lifetime !== NEITHER ? lifetime : undefined;
  const askLast = Boolean(rotation) || needs('lastRotated');
  const askExpires = lifetime === EXPIRES || needs('expires');
  steps.total = steps.n + (askLast ? 1 : 0) + (askExpires ? 1 : 0);
  let lastRotated: string | undefined;
  if (askLast) {
    lastRotated = await pickDate(steps.title('Last rotated (or issued) — the rotation is counted from it'), today, 'When the current value was issued or last rotated (YYYY-MM-DD)', true);
    if (!lastRotated) return undefined;
  }
  let expires: string | undefined;
  if (askExpires) {
    expires = await pickDate(steps.title('Expires on'), today, 'The date it stops working (YYYY-MM-DD)', false);
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
    void notify('info', 'Credential Hygiene: open a folder first; the register lives at its root.');
    return false;
  }
  const picked = folders.length === 1 ? folders[0].uri.toString()
    : await currentPrompter().pick('Create the register in which folder?', folders.map((x) => ({ label: x.name, value: x.uri.toString() })));
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
      void notify('error', `Credential Hygiene: the editor refused to create ${fs.state.registerPath}.`);
      return false;
    }
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.isDirty) await doc.save();
  await manager.registerWritten(uri, doc.getText());
  await vscode.window.showTextDocument(doc, { preview: false });
  if (text) {
    void notify('info', `${fs.state.registerPath} already exists; it is open.`);
    return true;
  }
  const unowned = new Set((manager.stateFor(folder.uri)?.result?.findings ?? []).filter((f) => f.ruleId === 'owner/missing').map((f) => f.reference));
  log().info(`ownership: created ${fs.state.registerPath} (${unowned.size} credential(s) without an owner)`);
  void notify('info', `Created ${fs.state.registerPath}. ${unowned.size ? `${unowned.size} credential${unowned.size === 1 ? ' has' : 's have'} no owner yet: they are in the Problems panel and the Credentials view; Ctrl+. on each offers "Register an owner for NAME…".` : 'No credential references were found yet.'}`);
  return true;
}

/** The register's text ('' when it does not exist yet); undefined when it is there but cannot be read. */
async function readOrEmpty(uri: vscode.Uri): Promise<string | undefined> {
  const r = await readOpenOrFile(uri);
  if ('refused' in r) {
    void notify('error', `Credential Hygiene: ${vscode.workspace.asRelativePath(uri)} cannot be read (${r.refused}); it was not changed.`);
    return undefined;
  }
  return 'text' in r ? r.text : '';
}
