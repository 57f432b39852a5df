// Work the command line starts before the rest of it has loaded: `scan --staged` (a pre-commit hook, on
// every commit) reads what is staged at once: from the repository's own files in an ordinary repository,
// else by starting git, which then runs while the program sets itself up. Imported first by bin.ts;
// nothing else happens here.
import { startStaged } from './staged-probe';

const [command, ...rest] = process.argv.slice(2);
if (command === 'scan' && rest.includes('--staged')) startStaged(process.cwd());
