// Comments in the language's syntax, for inline suppressions: from the one per-language table in core.
export { commentFor } from '../../../core/languages';
