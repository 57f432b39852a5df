// Entry the VS Code test runner loads inside the extension host: runs this folder's *.test.js with mocha.
import { runFolder } from '../mocha-runner';

export function run(): Promise<void> {
  return runFolder(__dirname);
}
