// The command line's entry point (bundled as dist/cli-main.js, started by dist/cli.js).
import './early'; // first: what it starts runs while the modules below are set up
import { main } from './main';

void main(process.argv).then((code) => {
  process.exitCode = code;
});
