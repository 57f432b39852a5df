// "Register an owner for NAME…": a short flow (add NAME to an existing identity's `match`, or create
// an identity: owners offered from the register, Backstage and CODEOWNERS; purpose; environment;
// rotation), written into credentials.yaml with its formatting and comments kept.
import * as vscode from 'vscode';
import { readOpenOrFile } from '../workspace-read';
import { addIdentityEdit, addMatchEdit, type IdentityInput } from '../../core/ownership';
import { relativePath } from '../project';
import { currentPrompter, notify, type PickItem } from '../ui';
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
  { label: 'Every 30 days', value: 'P30D' },
  { label: 'Every 90 days', value: 'P90D', description: 'a common policy' },
  { label: 'Every 180 days', value: 'P180D' },
  { label: 'Every year', value: 'P365D' },
  { label: 'No rotation policy (set an expiry date in credentials.yaml instead)', value: '' },
];

function slug(name: string): string {
  return name.replace(/^[a-z0-9]+:/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'credential';
}

async function pickOwner(title: string, suggestions: PickItem[]): Promise<string | undefined> {
  const other = '\u0000other';
  const picked = await currentPrompter().pick(title, [...suggestions, { label: 'Someone else…', description: 'type an entity ref such as group:payments or user:jdoe', value: other }]);
  if (picked !== other) return picked;
  return currentPrompter().input(title, { prompt: 'An entity ref: group:<team>, user:<name>, or group:<namespace>/<team>', validate: (v) => (/^(user|group):[\w.-]+(\/[\w.-]+)?$/.test(v.trim()) ? undefined : 'Use group:<team> or user:<name>') });
}

export async function registerOwner(manager: OwnershipManager, req: RegisterRequest): Promise<boolean> {
  const docUri = vscode.Uri.parse(req.uri);
  const fs = manager.stateFor(docUri);
  if (!fs) return false;
  const registerUri = vscode.Uri.joinPath(fs.folder.uri, fs.state.registerPath);
  const register = fs.state.currentRegister;
  const NEW = '\u0000new';
  const choice = await currentPrompter().pick(`Register an owner for ${req.name}`, [
    { label: `$(add) New identity for ${req.name}`, description: 'in credentials.yaml', value: NEW },
    ...register.identities.map((i) => ({
      label: `Add to ${i.id}`, value: i.id,
      description: [i.owners.technical, i.owners.business].filter(Boolean).join(', '),
      detail: i.purpose,
    })),
  ]);
  if (!choice) return false;

  const text = await readOrEmpty(registerUri);
  if (text === undefined) return false;
  let edit;
  if (choice !== NEW) {
    edit = addMatchEdit(text, choice, req.name);
    if (!edit) return true; // already listed
  } else {
    const suggestions: PickItem[] = fs.state.suggestions(relativePath(docUri)).map((s) => ({ label: s.ref, description: s.source, detail: s.detail, value: s.ref }));
    const id = await currentPrompter().input('Identity id', { value: slug(req.name), validate: (v) => (/^[a-z0-9][a-z0-9._-]*$/.test(v) ? (register.identities.some((i) => i.id === v) ? 'That id is taken' : undefined) : 'Lower-case letters, digits, dots, dashes') });
    if (!id) return false;
    const business = await pickOwner('Business owner (accountable for why it exists)', suggestions);
    if (!business) return false;
    const technical = await pickOwner('Technical owner (rotates and revokes it)', suggestions);
    if (!technical) return false;
    const purpose = await currentPrompter().input('Purpose', { prompt: 'What it is for, e.g. "charges cards for the checkout service"' });
    if (!purpose) return false;
    const environment = await currentPrompter().pick('Environment', ENVIRONMENTS.map((e) => ({ label: e, value: e, description: e === req.environment ? 'where this reference is' : undefined })));
    if (!environment) return false;
    const rotation = await currentPrompter().pick('Rotation', ROTATIONS);
    if (rotation === undefined) return false;
    const identity: IdentityInput = { id, owners: { business, technical }, purpose, environment, ...(rotation ? { rotation } : {}), match: [req.name] };
    edit = addIdentityEdit(text, identity);
  }
  const we = new vscode.WorkspaceEdit();
  if (!text) we.createFile(registerUri, { ignoreIfExists: true });
  const doc = text ? await vscode.workspace.openTextDocument(registerUri) : undefined;
  if (doc) we.replace(registerUri, new vscode.Range(doc.positionAt(edit.start), doc.positionAt(edit.end)), edit.newText);
  else we.insert(registerUri, new vscode.Position(0, 0), edit.newText);
  if (!(await vscode.workspace.applyEdit(we))) return false;
  const saved = await vscode.workspace.openTextDocument(registerUri);
  await saved.save();
  manager.update(registerUri, saved.getText());
  manager.evaluateNow();
  void notify('info', choice === NEW ? `Registered ${req.name} in ${fs.state.registerPath}.` : `Added ${req.name} to ${choice} in ${fs.state.registerPath}.`);
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
