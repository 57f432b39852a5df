// The command line's entry point (bundled as dist/cli/bin.mjs, started by dist/cli.js).
import { main } from './main';

void main(process.argv).then((code) => {
  process.exitCode = code;
});
