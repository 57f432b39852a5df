// "Move to .env and reference it", applied through vscode.executeCodeActionProvider as the editor
// would, in every language it supports: the resulting code, .env, .env.example and .gitignore, and
// one undo restoring the file.
import * as assert from 'node:assert/strict';
import { parse } from 'dotenv';
import * as vscode from 'vscode';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { answering, api, apply, closeAll, codeActions, open, read, uriOf, waitFor, waitForDiagnostics, write } from '../helpers';

const g = new SampleGen(777);
const stripe = () => `sk_${'live'}_${g.alnum(32)}`;

interface Case {
  language: string;
  path: string;
  before: (s: string) => string;
  after: string;
  name: string;
}

const CASES: Case[] = [
  { language: 'typescript', path: 'src/checkout.ts', before: (s) => `export const stripeSecretKey = "${s}";\n`, after: 'export const stripeSecretKey = process.env.STRIPE_SECRET_KEY;\n', name: 'STRIPE_SECRET_KEY' },
  { language: 'javascript', path: 'src/legacy.js', before: (s) => `const client = require('stripe')('${s}');\n`, after: "const client = require('stripe')(process.env.STRIPE_SECRET_KEY_2);\n", name: 'STRIPE_SECRET_KEY_2' },
  { language: 'python', path: 'worker/payments.py', before: (s) => `"""Payments."""\nimport json\n\nSTRIPE_API_KEY = "${s}"\n`, after: '"""Payments."""\nimport os\nimport json\n\nSTRIPE_API_KEY = os.environ["STRIPE_API_KEY"]\n', name: 'STRIPE_API_KEY' },
  { language: 'go', path: 'billing/main.go', before: (s) => `package main\n\nimport (\n\t"fmt"\n)\n\nvar stripeKey = "${s}"\n\nfunc main() { fmt.Println(stripeKey) }\n`, after: 'package main\n\nimport (\n\t"os"\n\t"fmt"\n)\n\nvar stripeKey = os.Getenv("STRIPE_KEY")\n\nfunc main() { fmt.Println(stripeKey) }\n', name: 'STRIPE_KEY' },
  { language: 'java', path: 'src/main/java/Billing.java', before: (s) => `class Billing {\n  static final String PAYMENTS_KEY = "${s}";\n}\n`, after: 'class Billing {\n  static final String PAYMENTS_KEY = System.getenv("PAYMENTS_KEY");\n}\n', name: 'PAYMENTS_KEY' },
  { language: 'kotlin', path: 'src/main/kotlin/Billing.kt', before: (s) => `val ledgerKey = "${s}"\n`, after: 'val ledgerKey = System.getenv("LEDGER_KEY")\n', name: 'LEDGER_KEY' },
  { language: 'csharp', path: 'src/Billing.cs', before: (s) => `var invoiceKey = "${s}";\n`, after: 'using System;\nvar invoiceKey = Environment.GetEnvironmentVariable("INVOICE_KEY");\n', name: 'INVOICE_KEY' },
  { language: 'ruby', path: 'config/initializers/stripe.rb', before: (s) => `Stripe.api_key = '${s}'\n`, after: 'Stripe.api_key = ENV["STRIPE_SECRET_KEY_3"]\n', name: 'STRIPE_SECRET_KEY_3' },
  { language: 'php', path: 'config/payments.php', before: (s) => `<?php\n$refundKey = '${s}';\n`, after: "<?php\n$refundKey = getenv('REFUND_KEY');\n", name: 'REFUND_KEY' },
  { language: 'shellscript', path: 'scripts/charge.sh', before: (s) => `#!/bin/sh\ncurl -u '${s}:' https://api.stripe.com/v1/charges\n`, after: '#!/bin/sh\ncurl -u "${STRIPE_SECRET_KEY_4}:" https://api.stripe.com/v1/charges\n', name: 'STRIPE_SECRET_KEY_4' },
  { language: 'yaml', path: 'docker-compose.yml', before: (s) => `services:\n  api:\n    environment:\n      CHECKOUT_KEY: ${s}\n`, after: 'services:\n  api:\n    environment:\n      CHECKOUT_KEY: ${CHECKOUT_KEY}\n', name: 'CHECKOUT_KEY' },
  { language: 'yaml', path: '.github/workflows/deploy.yml', before: (s) => `on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      DEPLOY_STRIPE_KEY: ${s}\n`, after: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      DEPLOY_STRIPE_KEY: ${{ secrets.DEPLOY_STRIPE_KEY }}\n', name: 'DEPLOY_STRIPE_KEY' },
];

describe('quick-fix: move to .env', () => {
  after(closeAll);

  for (const c of CASES) {
    it(`${c.language}: ${c.path}`, async () => {
      const secret = stripe();
      const original = c.before(secret);
      write(c.path, original);
      const editor = await open(c.path);
      const [diag] = await waitForDiagnostics(uriOf(c.path), 1);
      const actions = await codeActions(editor.document.uri, diag.range);
      const move = actions.find((a) => a.title.startsWith('Move to .env as '));
      assert.ok(move, `no move action among: ${actions.map((a) => a.title).join(' | ')}`);
      // The menu names the variable it will use; a clash with another value in .env is said, not hidden.
      const clash = /_\d$/.test(c.name) ? ` (${c.name.replace(/_\d$/, '')} in .env holds another value)` : ' and read it from the environment';
      assert.equal(move.title, `Move to .env as ${c.name}${clash}`);
      assert.equal(move.isPreferred, true);
      assert.ok(!move.title.includes(secret), 'the action title shows the secret');
      assert.equal(await apply(move), true);

      assert.equal(editor.document.getText(), c.after);
      const env = parse(read('.env'));
      assert.equal(env[c.name], secret, `.env lacks ${c.name}`);
      assert.match(read('.env.example'), new RegExp(`^${c.name}=$`, 'm'));
      assert.match(read('.gitignore'), /^\.env$/m);
      await waitForDiagnostics(editor.document.uri, 0);

      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), original, 'one undo did not restore the file');
    });
  }

  it('reuses the name when .env already holds the same value, and never overwrites another', () => {
    const env = parse(read('.env'));
    // Four Stripe keys without a specific name in the code: each got its own suffix, none was overwritten.
    const names = Object.keys(env).filter((k) => k.startsWith('STRIPE_SECRET_KEY'));
    assert.deepEqual(names.sort(), ['STRIPE_SECRET_KEY', 'STRIPE_SECRET_KEY_2', 'STRIPE_SECRET_KEY_3', 'STRIPE_SECRET_KEY_4']);
    assert.equal(new Set(names.map((n) => env[n])).size, 4);
  });
});

describe('undo of a move offers to take the value back out', () => {
  afterEach(async () => {
    (await api()).setPrompter(undefined);
    await closeAll();
  });

  /** Moves a fresh key out of `rel` and undoes it; `answer` is the reply to the offer. */
  async function moveAndUndo(rel: string, code: (s: string) => string, answer: boolean) {
    const ext = await api();
    const secret = stripe();
    write(rel, code(secret));
    const editor = await open(rel);
    const [diag] = await waitForDiagnostics(uriOf(rel), 1);
    const move = (await codeActions(editor.document.uri, diag.range)).find((a) => a.title.startsWith('Move to .env as '));
    assert.ok(move);
    const asked: string[] = [];
    ext.setPrompter(answering({ confirm: async (q) => (asked.push(q), answer) }));
    const envBefore = read('.env');
    const exampleBefore = read('.env.example');
    assert.equal(await apply(move), true);
    const envMoved = read('.env');
    const exampleMoved = read('.env.example');
    assert.notEqual(envMoved, envBefore);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), code(secret));
    await waitFor('the offer', () => asked.length === 1);
    await ext.moveUndo.lastOffer;
    assert.ok(!asked[0].includes(secret), 'the question shows the value');
    return { asked, envBefore, exampleBefore, envMoved, exampleMoved, secret };
  }

  it('yes: .env and .env.example are as before, and an entry that was there before stays', async () => {
    // .env.example already names it (someone documented it): that line is not ours to remove.
    write('.env.example', `${read('.env.example')}REFUNDS_KEY=\n`);
    const r = await moveAndUndo('src/refunds.ts', (s) => `export const refundsKey = "${s}";\n`, true);
    assert.equal(r.asked[0], 'The undo put the value of REFUNDS_KEY back in src/refunds.ts. Take REFUNDS_KEY back out of .env and .env.example?');
    assert.equal(r.exampleMoved, r.exampleBefore, '.env.example already had REFUNDS_KEY=');
    assert.equal(read('.env'), r.envBefore);
    assert.equal(read('.env.example'), r.exampleBefore);
    assert.match(read('.env.example'), /^REFUNDS_KEY=$/m);
    assert.equal((await api()).messages.at(-1)?.text, 'Took REFUNDS_KEY back out of .env and .env.example.');
  });

  it('yes, then redo: the value goes back into .env and the name into .env.example (nothing is lost)', async () => {
    const ext = await api();
    const r = await moveAndUndo('src/chargebacks.ts', (s) => `export const chargebacksKey = "${s}";\n`, true);
    assert.equal(read('.env'), r.envBefore);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uriOf('src/chargebacks.ts').toString());
    assert.ok(editor);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('redo');
    assert.ok(!editor.document.getText().includes(r.secret), 'the redo moved the literal out again');
    await waitFor('the value back in .env', () => parse(read('.env')).CHARGEBACKS_KEY === r.secret);
    await ext.moveUndo.lastOffer;
    assert.equal(read('.env'), r.envMoved);
    assert.equal(read('.env.example'), r.exampleMoved);
    assert.equal(ext.messages.at(-1)?.text, 'The redo moved CHARGEBACKS_KEY out of src/chargebacks.ts again: put CHARGEBACKS_KEY back in .env and .env.example.');
    assert.ok(!ext.messages.some((m) => m.text.includes(r.secret)));
    // And a second undo offers again.
    const asked: string[] = [];
    ext.setPrompter(answering({ confirm: async (q) => (asked.push(q), false) }));
    await vscode.commands.executeCommand('undo');
    await waitFor('the second offer', () => asked.length === 1);
  });

  it('no: .env and .env.example are left as the move made them', async () => {
    const r = await moveAndUndo('src/payouts.ts', (s) => `export const payoutsKey = "${s}";\n`, false);
    assert.equal(r.asked[0], 'The undo put the value of PAYOUTS_KEY back in src/payouts.ts. Take PAYOUTS_KEY back out of .env and .env.example?');
    assert.equal(read('.env'), r.envMoved);
    assert.equal(parse(read('.env')).PAYOUTS_KEY, r.secret);
    assert.equal(read('.env.example'), r.exampleMoved);
    assert.match(read('.env.example'), /^PAYOUTS_KEY=$/m);
  });
});
