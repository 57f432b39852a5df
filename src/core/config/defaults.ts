// The configuration of a project that has no config file, without loading the validator: every
// run that finds no .credential-hygiene.json (most pre-commit hooks) starts without zod. A unit test
// checks it equals what the schema makes of an empty file.
import { DEFAULT_MAX_FILE_SIZE } from './files';
import type { Config } from './schema';

export function defaultConfig(): Config {
  return { gitignore: true, maxFileSize: DEFAULT_MAX_FILE_SIZE, rules: {}, customRules: [], minConfidence: 'medium' };
}
