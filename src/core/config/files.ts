// The config's file names and defaults, apart from its schema (which needs the validator).
export const CONFIG_FILE = '.credential-hygiene.json';
/** The baseline every face uses when the config names none (and the file exists). */
export const BASELINE_FILE = '.credential-hygiene-baseline.json';
export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;
