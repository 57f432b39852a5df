// Work the command line starts before the rest of it has loaded: `scan --staged` (a pre-commit hook, on
// every commit) asks git for the staged entries at once, so git runs while the program sets itself up.
// Imported first by bin.ts; nothing else happens here.
import { startStaged } from './staged-probe';

const [command, ...rest] = process.argv.slice(2);
if (command === 'scan' && rest.includes('--staged')) startStaged(process.cwd());
