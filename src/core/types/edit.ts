// Shared vocabulary: one edit to a text, by UTF-16 offsets. The fixes and the register editors return
// these; each face applies them its own way (a WorkspaceEdit in the editor, a string splice in the CLI).
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}
