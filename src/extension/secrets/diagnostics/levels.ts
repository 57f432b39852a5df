// How a finding shows in the editor, from its severity and confidence: the one mapping in core, which
// the language server uses too.
export { diagnosticLevel, type DisplaySettings } from '../../../core/display';
