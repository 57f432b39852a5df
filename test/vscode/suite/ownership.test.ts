// Ownership in the editor: owner/* diagnostics from credentials.yaml and the references in code,
// "Register an owner" writing YAML that keeps its comments, the owner label fix, the Credentials
// view, and a malformed register that breaks nothing else. The clock is pinned.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { answering, api, apply, closeAll, codeActions, open, ours, read, uriOf, waitFor, write } from '../helpers';

const NOW = new Date('2026-11-24T12:00:00Z');
const REGISTER = `# Credential register for shop-api: every machine credential and who answers for it.
defaults:
  owners:
    business: group:commerce
identities:
  - id: stripe-live
    kind: api_key
    provider: Stripe
    owners:
      technical: group:payments # rotates it
    purpose: Charges cards at checkout
    environment: production
    rotation: P90D
    lastRotated: 2026-01-01
    match: [STRIPE_LIVE_KEY]
  - id: legacy-sendgrid
    owners: { business: group:marketing, technical: user:jdoe }
    purpose: Newsletter mail
    environment: production
    expires: 2026-06-30
    match: [SENDGRID_API_KEY]
`;

const owned = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Credential Hygiene (ownership)');
const codes = (uri: vscode.Uri) => owned(uri).map((d) => `${d.code}@${d.range.start.line}`).sort();

describe('ownership', () => {
  before(async () => {
    const ext = await api();
    ext.ownership.now = () => NOW;
    write('credentials.yaml', REGISTER);
    write('src/billing.ts', 'export const key = process.env.STRIPE_LIVE_KEY;\nexport const mail = process.env.SENDGRID_API_KEY;\nexport const orders = process.env.ORDERS_API_TOKEN;\n');
    write('k8s/orders-secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: orders-db\n  namespace: shop\ntype: Opaque\nstringData:\n  password: ${DB_PASSWORD}\n');
    await ext.ownership.reload();
  });
  after(async () => {
    const ext = await api();
    ext.setPrompter(undefined);
    ext.ownership.now = () => new Date(); // the real clock again for later suites
    await closeAll();
  });

  it('reports what is unowned, expired and overdue, where each is', async () => {
    await waitFor('ownership diagnostics', () => owned(uriOf('src/billing.ts')).length > 0);
    assert.deepEqual(codes(uriOf('src/billing.ts')), ['owner/missing@2']);
    const register = codes(uriOf('credentials.yaml'));
    assert.ok(register.includes('owner/rotation-overdue@5'), register.join(', '));
    assert.ok(register.includes('owner/expired@15'), register.join(', '));
    assert.ok(owned(uriOf('k8s/orders-secret.yaml')).some((d) => d.code === 'owner/untagged-resource'));
  });

  it('"Register an owner" adds an identity to credentials.yaml and keeps its comments', async () => {
    const ext = await api();
    const editor = await open('src/billing.ts');
    const diag = owned(editor.document.uri).find((d) => d.code === 'owner/missing')!;
    const actions = await codeActions(editor.document.uri, diag.range);
    const register = actions.find((a) => a.title === 'Register an owner for ORDERS_API_TOKEN…');
    assert.ok(register, actions.map((a) => a.title).join(' | '));
    const answers: Record<string, string> = {
      'Register an owner for ORDERS_API_TOKEN': '\u0000new',
      'Business owner (accountable for why it exists)': 'group:commerce',
      'Technical owner (rotates and revokes it)': 'group:payments',
      Environment: 'production',
      'Rotation or expiry': 'P90D',
      'Last rotated (or issued) — the rotation is counted from it': '\u0000today',
    };
    const offered: string[] = [];
    const step = (t: string) => t.replace(/^Register ORDERS_API_TOKEN · Step \d+ of \d+: /, '');
    ext.setPrompter(answering({
      pick: async (title, items) => {
        if (step(title).startsWith('Business owner')) offered.push(...items.map((i) => i.value));
        return answers[step(title)];
      },
      input: async (title, o) => (step(title) === 'Purpose' ? 'Creates orders for the storefront' : o?.value),
    }));
    assert.equal(await apply(register), true);
    const yaml = read('credentials.yaml');
    assert.ok(yaml.startsWith('# Credential register for shop-api: every machine credential and who answers for it.\n'));
    assert.match(yaml, /technical: group:payments # rotates it\n/);
    assert.match(yaml, /- id: orders-api-token\n(?:.*\n)*? {4}owners:\n {6}business: group:commerce\n {6}technical: group:payments\n {4}purpose: Creates orders for the storefront\n {4}environment: production\n {4}rotation: P90D\n {4}lastRotated: 2026-11-24\n {4}lastReviewed: 2026-11-24\n {4}match:\n {6}- ORDERS_API_TOKEN\n/);
    assert.ok(offered.includes('group:payments') && offered.includes('group:commerce'), `offered: ${offered.join(', ')}`);
    await waitFor('owner/missing to clear', () => !owned(editor.document.uri).some((d) => d.code === 'owner/missing'));
  });

  it('adds an owner label to a Kubernetes Secret', async () => {
    const ext = await api();
    const editor = await open('k8s/orders-secret.yaml');
    const diag = await waitFor('untagged', () => owned(editor.document.uri).find((d) => d.code === 'owner/untagged-resource'));
    const actions = await codeActions(editor.document.uri, diag.range);
    const tag = actions.find((a) => a.title === 'Add an owner label to k8s:Secret/orders-db');
    assert.ok(tag, actions.map((a) => a.title).join(' | '));
    ext.setPrompter(answering({ pick: async () => 'group:payments' }));
    assert.equal(await apply(tag), true);
    assert.match(editor.document.getText(), /metadata:\n {2}name: orders-db\n {2}labels:\n {4}owner: payments\n {2}namespace: shop\n/);
    await waitFor('owner/untagged-resource to clear', () => !owned(editor.document.uri).some((d) => d.code === 'owner/untagged-resource'));
  });

  it('lists the inventory in the Credentials view, by owner and by status', async () => {
    const ext = await api();
    const view = ext.credentialsView;
    view.setGrouping('owner');
    const byOwner = view.getChildren().map((n) => view.getTreeItem(n).label);
    assert.ok(byOwner.includes('group:payments') && byOwner.includes('user:jdoe'), byOwner.join(', '));
    view.setGrouping('status');
    const groups = view.getChildren();
    const labels = groups.map((n) => view.getTreeItem(n).label);
    assert.ok(labels.includes('expired') && labels.includes('overdue'), labels.join(', '));
    const expired = groups.find((n) => view.getTreeItem(n).label === 'expired')!;
    const entries = view.getChildren(expired).map((n) => view.getTreeItem(n).label);
    assert.deepEqual(entries, ['legacy-sendgrid']);
    const refs = view.getChildren(view.getChildren(expired)[0]).map((n) => view.getTreeItem(n));
    assert.equal(refs[0].label, 'src/billing.ts:2');
    assert.equal(refs[0].command?.command, 'vscode.open');
  });

  it('an MCP server is an agent: its owner is registered as kind agent, and the view shows it', async () => {
    const ext = await api();
    write('agents/.mcp.json', `${JSON.stringify({ mcpServers: { github: { type: 'http', url: 'https://api.githubcopilot.com/mcp/' } } }, null, 2)}\n`);
    const editor = await open('agents/.mcp.json');
    // On the server's key in this text (a diagnostic of an earlier text may still be there for a moment).
    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('"github"'));
    const diag = await waitFor('owner/missing on the server', () => owned(editor.document.uri).find((d) => d.code === 'owner/missing' && d.message.includes('MCP server github') && d.range.start.line === line));
    // Asked until the provider has read the document as it is now.
    const register = await waitFor('the register action', async () => (await codeActions(editor.document.uri, diag.range)).find((a) => a.title === 'Register an owner for agent:github…'));
    const step = (t: string) => t.replace(/^Register agent:github · Step \d+ of \d+: /, '');
    const answers: Record<string, string> = {
      'Register an owner for agent:github': '\u0000new',
      'Business owner (accountable for why it exists)': 'group:support',
      'Technical owner (rotates and revokes it)': 'group:platform',
      Environment: 'development',
      'Rotation or expiry': 'P90D',
      'Last rotated (or issued) — the rotation is counted from it': '\u0000today',
    };
    ext.setPrompter(answering({
      pick: async (title) => answers[step(title)],
      input: async (title, o) => (step(title) === 'Purpose' ? 'Triages issues for the support assistant' : o?.value),
    }));
    assert.equal(await apply(register), true);
    assert.match(read('credentials.yaml'), /- id: github-agent\n {4}kind: agent\n(?:.*\n)*? {4}purpose: Triages issues for the support assistant\n(?:.*\n)*? {4}match:\n {6}- agent:github\n/);
    await waitFor('owner/missing to clear', () => !owned(editor.document.uri).some((d) => d.code === 'owner/missing'));
    const view = ext.credentialsView;
    view.setGrouping('owner');
    const group = view.getChildren().find((n) => view.getTreeItem(n).label === 'group:platform')!;
    const entry = view.getChildren(group).find((n) => view.getTreeItem(n).label === 'github-agent');
    assert.ok(entry, 'no github-agent in the view');
    const [ref] = view.getChildren(entry).map((n) => view.getTreeItem(n));
    assert.equal((ref.iconPath as vscode.ThemeIcon).id, 'hubot');
    assert.match(String(ref.description), /^agent:github/);
  });

  it('a malformed register shows its errors in place and breaks nothing else', async () => {
    const ext = await api();
    const good = read('credentials.yaml');
    try {
      write('credentials.yaml', 'identities:\n  - id: broken\n    owners: [group:x\n  - id: other\n    colour: blue\n');
      await ext.ownership.reload();
      await waitFor('register-invalid', () => owned(uriOf('credentials.yaml')).some((d) => d.code === 'owner/register-invalid'));
      const token = new SampleGen(606).checksummedToken('ghp_');
      write('src/still-scanned.ts', `export const t = "${token}";\n`);
      await open('src/still-scanned.ts');
      await waitFor('the secret diagnostic', () => ours(uriOf('src/still-scanned.ts')).length === 1);
    } finally {
      write('credentials.yaml', good);
      await ext.ownership.reload();
    }
  });
});
