// Crypto-wallet keys (src/core/rules/providers/wallets.ts): where code takes a key, and recovery
// phrases; the development chains' well-known ones are low. The well-known values are public (they
// are printed by every Hardhat and Ganache start), so they are written here whole.
import * as assert from 'node:assert/strict';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { Engine } from '../../src/core/scan/engine';

const found = (text: string, path: string) => new Engine().scanText(text, path).map((f) => `${f.ruleId}:${f.confidence}`);

describe('crypto-wallet keys', () => {
  const g = new SampleGen(21);

  it('a key in a network\'s accounts, a Wallet or a viem account is critical; Hardhat\'s first accounts are low', () => {
    const key = g.hex(64);
    assert.deepEqual(found(`networks: { base: { accounts: [\n  "0x${key}",\n] } }`, 'hardhat.config.ts'), ['ethereum-private-key:high']);
    const devKey = ['ac0974bec39a17e36ba4a6b4d238ff944bacb478', 'cbed5efcae784d7bf4f2ff80'].join('');
    assert.deepEqual(found(`const w = new Wallet("0x${devKey}", provider);`, 'scripts/deploy.ts'), ['ethereum-private-key:low']);
  });

  it('a bare 64-digit hex constant (a hash, a role id) is not a key', () => {
    assert.deepEqual(found(`const ADMIN_ROLE = "0x${g.hex(64)}";\nconst blockHash = '0x${g.hex(64)}';`, 'src/roles.ts'), []);
  });

  it('a recovery phrase under a mnemonic\'s name is critical; Truffle\'s and Ganache\'s default phrases are low', () => {
    const words = ['orbit', 'canvas', 'meadow', 'rhythm', 'velvet', 'harbor', 'dolphin', 'saddle', 'pepper', 'tunnel', 'walnut', 'gadget'];
    assert.deepEqual(found(`MNEMONIC="${words.join(' ')}"\n`, '.env'), ['wallet-recovery-phrase:high']);
    const truffle = ['candy maple cake sugar', 'pudding cream honey rich', 'smooth crumble sweet treat'].join(' ');
    assert.deepEqual(found(`mnemonic: "${truffle}"\n`, 'truffle.yaml'), ['wallet-recovery-phrase:low']);
    assert.deepEqual(found(`const seedPhrase = "${words.slice(0, 10).join(' ')}";\n`, 'src/wallet.ts'), [], 'ten words is no BIP-39 length');
  });
});
