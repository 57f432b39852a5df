// Shared vocabulary: where something is in a text. Ranges in the editor's terms.

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 column, as VS Code counts. */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}
