import { runFolder } from '../mocha-runner';

export function run(): Promise<void> {
  return runFolder(__dirname);
}
