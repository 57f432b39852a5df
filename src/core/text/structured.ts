// The YAML and JSON-with-comments parsers, as every part of the product calls them on a workspace's
// files: a text nested deeper than MAX_NESTING (./nesting.ts) is not handed to them. A YAML document
// comes back empty with the error its callers already read (`doc.errors`); jsonc-parser's results come
// back empty with a parse error, or a `TooDeepError` where the caller asked for a value.
import type * as Jsonc from 'jsonc-parser';
import {
  parseAllDocuments as yamlParseAllDocuments, parseDocument as yamlParseDocument, YAMLParseError,
  type Document, type DocumentOptions, type EmptyStream, type ParseOptions, type SchemaOptions,
} from 'yaml';
import { MAX_NESTING, nestsDeeperThan } from './nesting';

const TOO_DEEP_MESSAGE = `nested more than ${MAX_NESTING} levels deep: not read (no real file nests so deep; a deeper one could overflow the parser)`;

export class TooDeepError extends Error {
  constructor() {
    super(TOO_DEEP_MESSAGE);
    this.name = 'TooDeepError';
  }
}

type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

function tooDeepDocument(options?: YamlOptions): Document.Parsed {
  const doc = yamlParseDocument('', options);
  doc.errors.push(new YAMLParseError([0, 0], 'IMPOSSIBLE', TOO_DEEP_MESSAGE));
  return doc;
}

/** Whether a YAML error is the one these parsers put in place of a text nested too deeply. */
export function isTooDeep(error: { message: string }): boolean {
  return error.message === TOO_DEEP_MESSAGE;
}

/** yaml's parseDocument, unless the text nests too deeply (then an empty document with that error). */
export function parseYamlDocument(text: string, options?: YamlOptions): Document.Parsed {
  return nestsDeeperThan(text) ? tooDeepDocument(options) : yamlParseDocument(text, options);
}

/** yaml's parseAllDocuments, unless the text nests too deeply (then one empty document with that error). */
export function parseAllYamlDocuments(text: string, options?: YamlOptions): Array<Document.Parsed> | EmptyStream {
  return nestsDeeperThan(text) ? [tooDeepDocument(options)] : yamlParseAllDocuments(text, options);
}

// jsonc-parser is loaded when first needed (most runs read no JSON with comments).
const jsonc = (): typeof Jsonc => require('jsonc-parser') as typeof Jsonc; // eslint-disable-line @typescript-eslint/no-require-imports

/** jsonc-parser's parseTree; undefined (and a parse error, when `errors` is given) for a text nested too deeply. */
export function parseJsoncTree(text: string, errors?: Jsonc.ParseError[], options?: Jsonc.ParseOptions): Jsonc.Node | undefined {
  if (nestsDeeperThan(text, MAX_NESTING, false)) {
    errors?.push({ error: 1 as Jsonc.ParseErrorCode, offset: 0, length: 0 }); // InvalidSymbol
    return undefined;
  }
  return jsonc().parseTree(text, errors, options);
}

/** jsonc-parser's parse; throws TooDeepError for a text nested too deeply. */
export function parseJsonc(text: string, errors?: Jsonc.ParseError[], options?: Jsonc.ParseOptions): unknown {
  if (nestsDeeperThan(text, MAX_NESTING, false)) throw new TooDeepError();
  return jsonc().parse(text, errors, options);
}
