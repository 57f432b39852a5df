// Crypto-wallet keys: an Ethereum-style private key where a deploy config or a signer takes it, and a
// BIP-39 recovery phrase under a mnemonic's name. A bare 64-digit hex value is everywhere in such code
// (transaction hashes, role ids, storage slots, keccak constants), so only the places that take a key
// are read; the development chains' well-known keys and phrases (Hardhat's, Anvil's, Ganache's, every
// tutorial's) are reported at low confidence: public, and worthless on a real chain.
import type { SampleGen } from '../sample-gen';
import type { Rule } from '../types';

/** The first accounts of Hardhat and Anvil (from the phrase `test test … junk`): in every tutorial. */
const DEV_KEYS = new Set([
  'ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
]);

/** Development chains' default phrases (Truffle's and Ganache's; Hardhat's repeats a word and is dropped). */
const DEV_PHRASES = new Set([
  'candy maple cake sugar pudding cream honey rich smooth crumble sweet treat',
  'myth like bonus scare over problem client lizard pioneer submit female collect',
]);

/** Words of a fill-in text (`your twelve word phrase here`), none of them in BIP-39's English list. */
const FILL_IN = new Set(['your', 'here', 'mnemonic', 'phrase', 'words', 'seed', 'secret', 'replace', 'insert', 'example', 'sample', 'twelve', 'put', 'paste']);

const WORDS = ['absorb', 'bridge', 'canvas', 'dolphin', 'eager', 'fabric', 'gadget', 'harbor', 'island', 'jungle', 'kettle', 'lunar', 'meadow', 'napkin', 'orbit', 'pepper', 'quarter', 'rhythm', 'saddle', 'tunnel', 'umbrella', 'velvet', 'walnut', 'zebra'];

/** A phrase of `n` words, none repeated (the samples' stand-in for a BIP-39 phrase). */
function phrase(g: SampleGen, n: number): string {
  const pool = [...WORDS];
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(pool.splice(g.int(pool.length), 1)[0]);
  return out.join(' ');
}

const strip0x = (s: string) => (s.startsWith('0x') || s.startsWith('0X') ? s.slice(2) : s).toLowerCase();

export const rules: Rule[] = [
  {
    id: 'ethereum-private-key',
    description: 'Ethereum (EVM) account private key given to a deploy config or a signer',
    provider: 'Ethereum',
    kind: 'certificate',
    severity: 'critical',
    confidence: 'high',
    keywords: ['accounts', 'wallet(', 'privatekeytoaccount(', 'signingkey('],
    // Hardhat and Truffle networks' `accounts: ["0x…"]`, ethers' `new Wallet("0x…")` and `new SigningKey(…)`, viem's `privateKeyToAccount("0x…")`.
    regex: /(?:\baccounts[ \t]{0,4}:[ \t]{0,4}\[\s{0,80}|\b(?:Wallet|SigningKey|privateKeyToAccount)\([ \t]{0,4})(["'`])((?:0[xX])?[0-9a-fA-F]{64})\1/,
    secretGroup: 2,
    multiline: true,
    window: { before: 64, after: 256 },
    entropy: 3,
    confidenceOf: (s) => (DEV_KEYS.has(strip0x(s)) ? 'low' : 'high'),
    envName: 'DEPLOYER_PRIVATE_KEY',
    skipFilters: true,
    samples: {
      truePositives: (g) => [
        { path: 'hardhat.config.ts', text: `export default {\n  networks: {\n    mainnet: {\n      url: "https://eth.llamarpc.com",\n      accounts: ["0x${g.hex(64)}"],\n    },\n  },\n};\n` },
        { path: 'truffle-config.js', text: `module.exports = { networks: { sepolia: { accounts: [\n  '${g.hex(64)}'\n] } } };\n` },
        { path: 'scripts/deploy.ts', text: `const signer = new ethers.Wallet("0x${g.hex(64)}", provider);\n` },
        { path: 'src/client.ts', text: `const account = privateKeyToAccount('0x${g.hex(64)}');\n` },
      ],
      falsePositives: (g) => [
        { path: 'hardhat.config.ts', text: 'accounts: [process.env.DEPLOYER_PRIVATE_KEY!],\n' },
        { path: 'contracts/roles.ts', text: `export const MINTER_ROLE = "0x${g.hex(64)}";\nconst tx = await provider.getTransaction("0x${g.hex(64)}");\n` },
        { path: 'scripts/deploy.ts', text: `const wallet = new ethers.Wallet(process.env.PRIVATE_KEY, provider);\nconst w = Wallet.createRandom();\n` },
        { path: 'test/fixtures.ts', text: `accounts: ["0x${'0'.repeat(63)}1"],\n` },
      ],
    },
  },
  {
    id: 'wallet-recovery-phrase',
    description: 'Wallet recovery phrase (BIP-39 mnemonic)',
    provider: 'Crypto wallet',
    kind: 'certificate',
    severity: 'critical',
    confidence: 'high',
    keywords: ['mnemonic', 'phrase', 'wallet_seed', 'walletseed'],
    // MNEMONIC="…", mnemonic: '…', const seedPhrase = "…": 12 to 24 lower-case words.
    regex: /(?<![\w.-])[\w.-]{0,30}(?:[Mm]nemonic|MNEMONIC|(?:[Ss]eed|SEED|[Rr]ecovery|RECOVERY|[Ss]ecret|SECRET)[_.-]?(?:[Pp]hrase|PHRASE)|(?:[Ww]allet|WALLET)[_.-]?(?:[Ss]eed|SEED))[\w.-]{0,30}["'\]]{0,2}[ \t]{0,4}(?::=|=>|[:=])[ \t]{0,4}(["'`]?)((?:[a-z]{3,8}[ \t]){11,23}[a-z]{3,8})\1(?![ \t]?[a-z])/,
    secretGroup: 2,
    // One attempt at the identifier around `mnemonic` or `phrase` (common words in prose and UI strings).
    anchorAtIdentifier: true,
    // A BIP-39 length, hardly a word repeated, and none of the words a fill-in text is made of.
    validate: (s) => {
      const words = s.split(/[ \t]+/);
      return [12, 15, 18, 21, 24].includes(words.length) && new Set(words).size >= words.length - 2 && !words.some((w) => FILL_IN.has(w));
    },
    confidenceOf: (s) => (DEV_PHRASES.has(s.split(/[ \t]+/).join(' ')) ? 'low' : 'high'),
    envName: 'WALLET_MNEMONIC',
    skipFilters: true,
    samples: {
      truePositives: (g) => [
        { path: '.env', text: `MNEMONIC="${phrase(g, 12)}"\nRPC_URL=https://rpc.ankr.com/eth\n` },
        { path: 'hardhat.config.js', text: `const mnemonic = '${phrase(g, 24)}';\n` },
        { path: 'config/wallet.yaml', text: `wallet:\n  seed_phrase: ${phrase(g, 12)}\n` },
      ],
      falsePositives: (g) => [
        'MNEMONIC="test test test test test test test test test test test junk"',
        `const mnemonic = process.env.MNEMONIC;\nconst hint = "${phrase(g, 5)}";`,
        `secret_phrase: "${phrase(g, 8)}"`, // not a BIP-39 length
        'MNEMONIC="put your twelve word mnemonic phrase in here and keep it safe"',
      ],
    },
  },
];
