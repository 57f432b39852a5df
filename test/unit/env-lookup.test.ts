// The quick-fix's edit (core/fix/env-lookup.ts): the literal becomes the language's environment lookup,
// and the code around it stays valid (string prefixes, split strings, the import it needs).
import * as assert from 'node:assert/strict';
import { replaceWithLookup, type LookupStyle } from '../../src/core/fix/env-lookup';

/** The secret in these edits, written in pieces (this file holds no literal for the scanner to find). */
const K = ['k3yV4', 'lu3xyz'].join('');

/** `text` with the secret `secret` replaced by a lookup of NAME in `style`. */
function fixed(text: string, secret: string, style: LookupStyle, name = 'SIGNING_KEY'): string {
  const start = text.indexOf(secret);
  const edits = replaceWithLookup(text, start, start + secret.length, style, name).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

describe('env lookup edits', () => {
  it('Python: a bytes literal becomes the encoded lookup, other prefixes go with the string', () => {
    assert.equal(fixed(`import os\ndigest = hmac.new(b"${K}", msg, hashlib.sha256)\n`, K, 'python'),
      'import os\ndigest = hmac.new(os.environ["SIGNING_KEY"].encode(), msg, hashlib.sha256)\n');
    assert.equal(fixed(`import os\nkey = rb"${K}"\n`, K, 'python'), 'import os\nkey = os.environ["SIGNING_KEY"].encode()\n');
    assert.equal(fixed(`import os\ntoken = jwt.encode(claims, r"${K}")\n`, K, 'python'), 'import os\ntoken = jwt.encode(claims, os.environ["SIGNING_KEY"])\n');
    assert.equal(fixed(`import os\nurl = f"https://u:${K}@{host}/db"\n`, K, 'python'),
      'import os\nurl = f"https://u:" + os.environ["SIGNING_KEY"] + f"@{host}/db"\n');
    // An identifier that ends in b is not a prefix.
    assert.equal(fixed(`import os\nkey = sub("${K}")\n`, K, 'python'), 'import os\nkey = sub(os.environ["SIGNING_KEY"])\n');
  });

  it('adds the import the language needs', () => {
    assert.equal(fixed(`key = "${K}"\n`, K, 'python'), 'import os\nkey = os.environ["SIGNING_KEY"]\n');
  });

  it('other languages: the call keeps its shape', () => {
    assert.equal(fixed(`const sig = createHmac("sha256", "${K}");`, K, 'js'), 'const sig = createHmac("sha256", process.env.SIGNING_KEY);');
    assert.equal(fixed(`package main\n\nimport (\n\t"crypto/hmac"\n)\n\nvar mac = hmac.New(sha256.New, []byte("${K}"))\n`, K, 'go'),
      'package main\n\nimport (\n\t"os"\n\t"crypto/hmac"\n)\n\nvar mac = hmac.New(sha256.New, []byte(os.Getenv("SIGNING_KEY")))\n');
    assert.equal(fixed(`var key = new SecretKeySpec("${K}".getBytes(), "HmacSHA256");`, K, 'java'),
      'var key = new SecretKeySpec(System.getenv("SIGNING_KEY").getBytes(), "HmacSHA256");');
    assert.equal(fixed(`var k = Encoding.UTF8.GetBytes(@"${K}");`, K, 'csharp'),
      'using System;\nvar k = Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("SIGNING_KEY"));');
  });
});
