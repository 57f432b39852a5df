// Secrets written into the calls that use them (rules/providers/calls.ts): how sure each finding is.
// A signing key in a JWT call is a secret however plain it reads; an HMAC key that reads as words is
// likelier a label separating one use of a hash from another, and is reported only at low confidence.
import * as assert from 'node:assert/strict';
import { Engine } from '../../src/core/scan/engine';
import { SampleGen } from '../../src/core/rules/sample-gen';

const g = new SampleGen(7151);
const engine = new Engine();
/** A value written in pieces, so that this file holds no literal of its own for the scanner to find. */
const v = (...parts: string[]) => parts.join('');
const confidences = (text: string, path = 'src/app.ts') => engine.scanText(text, path).map((f) => `${f.ruleId}:${f.confidence}`);

describe('secrets written into the calls that use them', () => {
  it('a random key is high, a plain one medium; a phrase is no key', () => {
    assert.deepEqual(confidences(`jwt.sign(payload, "${g.alnum(32)}");`), ['jwt-signing-secret-literal:high']);
    assert.deepEqual(confidences(`jwt.sign({ email: req.body.email }, '${v('bueche', 'lejedi16')}');`), ['jwt-signing-secret-literal:medium']);
    assert.deepEqual(confidences("app.use(jwt.verify(token, 'keyboard cat'));"), []);
  });

  it('an HMAC key that reads as words is a label, found only at low confidence', () => {
    assert.deepEqual(confidences(`const secretKey = createHmac('sha256', '${v('WebApp', 'Data')}').update(botToken).digest();`), ['hmac-key-literal:low']);
    assert.deepEqual(confidences(`const salt = crypto.createHmac('sha256', '${v('app-key-', 'derivation-v1')}').update(masterKey).digest();`), ['hmac-key-literal:low']);
    assert.deepEqual(confidences(`const sig = crypto.createHmac('sha256', '${g.alnum(24)}').update(body).digest('hex');`), ['hmac-key-literal:high']);
  });

  it('a password argument: three classes or a long random one is medium, a plain word low', () => {
    assert.deepEqual(confidences(`s.login("no-reply@example.com", "${v('pfjdomiu', 'gpyknhux')}")`, 'app/mail.py'), ['password-argument-literal:medium']);
    assert.deepEqual(confidences(`$db = new mysqli("localhost", "app", "${v('Tz4!wQ8', 'nB3yH')}", "orders");`, 'www/db.php'), ['password-argument-literal:medium']);
    assert.deepEqual(confidences(`login_page.login("Admin", "${v('admin', '123')}")`, 'app/pages.py'), ['password-argument-literal:low']);
    assert.deepEqual(confidences('user.setPassword("123456");', 'src/Seed.java'), []);
  });

  it('in a test file the finding is less sure, as every rule\'s', () => {
    const [f] = engine.scanText(`const token = jwt.sign(payload, "${g.alnum(32)}");`, 'test/auth.test.ts');
    assert.ok(f && f.confidence !== 'high', JSON.stringify(f?.confidence));
  });

  it('a line of calls strung together is not a match per call', () => {
    assert.deepEqual(engine.scanText("jwt.sign(a,'".repeat(2000), 'src/app.ts'), []);
    assert.deepEqual(engine.scanText("createHmac(a,'".repeat(2000), 'src/app.ts'), []);
  });

  it('a hostile line ends (every repetition is bounded): many arguments and no closing quote', () => {
    const line = `jwt.sign(${'{'.repeat(2000)}${'a,'.repeat(20000)} '${'x'.repeat(50000)}\ncreateHmac(${'(a, '.repeat(5000)}'${'y'.repeat(50000)}`;
    assert.deepEqual(engine.scanText(line, 'src/app.ts').filter((f) => /literal$/.test(f.ruleId)), []);
  });
});
