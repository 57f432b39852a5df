// The prefilter: every occurrence of every rule keyword in one pass over the text. An Aho-Corasick
// automaton over ASCII, case-folded, with a dense transition table, so each character costs one table
// lookup: several times faster than one big case-insensitive regex alternation, and it reports
// overlapping keywords (`_auth` inside `secure_auth_key`) for free.
//
// The table's columns are the characters the keywords use (about 50 of 128, upper case folded onto
// lower case), not all of ASCII: any other character leads back to the start. That makes the table a
// third the size (it stays in cache while a scan reads megabytes) and building it cheap enough for a
// pre-commit hook's start-up.
//
// The scan loop runs as WebAssembly (keyword-automaton.wat) where the runtime has it: two stretches of
// the text at once, about twice the speed of the same loop in JavaScript, with the same hits. The text
// goes through in windows of WINDOW code units, so the module's memory stays about 1.4 MB for the
// built-in keywords whatever the file's size. Without WebAssembly (or should the module fail), the
// JavaScript loop runs.
//
// The automaton is built the first time a text is large enough to need it. Short texts (a pre-commit
// hook's few small files, an error message to redact) are searched for each keyword natively instead:
// building the table costs a few milliseconds, which such a run would spend on nothing else.

import { KEYWORD_AUTOMATON_WASM } from './keyword-automaton.wasm';
import { webAssembly, type WasmMemory } from '../wasm';

/** Texts up to this length are searched keyword by keyword while the automaton is not built. */
const SMALL_TEXT = 4096;
/** Characters searched keyword by keyword before the automaton is built anyway: it then pays for itself. */
const SMALL_BUDGET = 64 * 1024;
/** Hits a search's list holds at first, and at most between searches (a large text's are let go). */
const INITIAL_HITS = 256;
const KEPT_HITS = 64 * 1024;
/** Code units the WebAssembly loop takes per call: two stretches of half this, each with the context it needs. */
const WINDOW = 64 * 1024;

/** The Aho-Corasick automaton over the keywords. */
class Automaton {
  /** Column of each ASCII character: 0 for characters no keyword uses. */
  private readonly column: Uint8Array;
  /** Columns per state (row width). */
  private readonly width: number;
  /**
   * The next state per state and column, as its row offset (state * width) times two, plus one when
   * keywords end in it: the scan loop needs no multiplication and no second lookup.
   */
  private readonly table: Uint32Array;
  /** Keyword ids that end in each state (including via failure links); empty for most states. */
  private readonly outputs: ReadonlyArray<readonly number[]>;
  private readonly lengths: readonly number[];
  /** The scan loop as WebAssembly, when the runtime runs it. */
  private wasm: WasmLoop | undefined;

  constructor(keywords: readonly string[], useWasm = true) {
    const column = new Uint8Array(128);
    let width = 1;
    for (const word of keywords) {
      for (let i = 0; i < word.length; i++) {
        const c = lower(word.charCodeAt(i));
        if (column[c] === 0) column[c] = width++;
      }
    }
    for (let c = 65; c <= 90; c++) column[c] = column[c + 32]; // upper case reads as lower case
    // The trie: rows of `width` entries, a child's state number or 0 (the start is nobody's child).
    // Each state gets at most one row per keyword character, which bounds the table's size.
    const table = new Uint32Array((keywords.reduce((n, w) => n + w.length, 0) + 1) * width);
    const children: number[][] = [[]]; // per state: column, child, column, child, ...
    const out: number[][] = [[]];
    keywords.forEach((word, id) => {
      let s = 0;
      for (let i = 0; i < word.length; i++) {
        const c = column[lower(word.charCodeAt(i))];
        const k = s * width + c;
        if (table[k] === 0) {
          table[k] = children.length;
          children[s].push(c, children.length);
          children.push([]);
          out.push([]);
        }
        s = table[k];
      }
      out[s].push(id);
    });
    const states = children.length;
    // Breadth-first, a state's row is its failure state's (complete: it is shallower), with its own
    // children written over it; a child's failure state is where the failure row leads on its
    // character. Rows are copied natively, so building costs little even before the JIT warms up.
    const encode = (t: number) => t * width * 2 + (out[t].length ? 1 : 0);
    const fail = new Int32Array(states);
    const queue = new Int32Array(states);
    let tail = 1;
    for (let head = 0; head < tail; head++) {
      const s = queue[head];
      const row = s * width;
      if (s !== 0) table.copyWithin(row, fail[s] * width, fail[s] * width + width);
      const kids = children[s];
      for (let j = 0; j < kids.length; j += 2) {
        const c = kids[j];
        const t = kids[j + 1];
        const f = s === 0 ? 0 : (table[row + c] >>> 1) / width;
        fail[t] = f;
        if (out[f].length) out[t] = out[t].concat(out[f]);
        table[row + c] = encode(t);
        queue[tail++] = t;
      }
    }
    this.column = column;
    this.width = width;
    this.table = table.subarray(0, states * width);
    this.outputs = out;
    this.lengths = keywords.map((k) => k.length);
    this.wasm = useWasm ? WasmLoop.of(column, this.table, this.outputs, this.lengths, width) : undefined;
  }

  /** Adds every occurrence to `into`, in order of where each ends. */
  collect(text: string, into: Hits): void {
    if (this.wasm) {
      try {
        this.wasm.collect(text, into);
        return;
      } catch {
        // Not expected (the module reads only memory laid out here): the JavaScript loop from now on.
        this.wasm = undefined;
        into.clear();
      }
    }
    this.collectHere(text, into);
  }

  /** collect, in JavaScript. */
  private collectHere(text: string, into: Hits): void {
    const { table, column, outputs, lengths, width } = this;
    let next = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      next = c < 128 ? table[(next >>> 1) + column[c]] : 0;
      if (next & 1) for (const id of outputs[(next >>> 1) / width]) into.add(id, i - lengths[id] + 1);
    }
  }
}

/**
 * The hits of one search: keyword ids and start offsets, in order. Kept by the index and refilled by
 * each search (a search's hits are read before the next one starts): no callback per hit, whose
 * closure would change with every search and cost the compiled loop its inlining.
 */
export class Hits {
  ids = new Int32Array(INITIAL_HITS);
  starts = new Int32Array(INITIAL_HITS);
  count = 0;

  /** Empties the list; one grown past KEPT_HITS by a large text goes back to its first size. */
  clear(): void {
    this.count = 0;
    if (this.ids.length > KEPT_HITS) {
      this.ids = new Int32Array(INITIAL_HITS);
      this.starts = new Int32Array(INITIAL_HITS);
    }
  }

  add(id: number, start: number): void {
    if (this.count === this.ids.length) this.grow();
    this.ids[this.count] = id;
    this.starts[this.count++] = start;
  }

  private grow(): void {
    const ids = new Int32Array(this.ids.length * 2);
    ids.set(this.ids);
    const starts = new Int32Array(this.starts.length * 2);
    starts.set(this.starts);
    this.ids = ids;
    this.starts = starts;
  }
}

/** Every occurrence of a set of ASCII keywords in a text, ignoring ASCII case. */
export class KeywordIndex {
  private automaton: Automaton | undefined;
  /** The keywords in lower case. */
  private readonly lowered: readonly string[];
  private readonly lengths: readonly number[];
  private smallBudget = SMALL_BUDGET;
  private readonly hits = new Hits();

  /**
   * `keywords` must be ASCII; matching ignores ASCII case. `wasm: false` keeps the scan loop in
   * JavaScript (the tests compare the two).
   */
  constructor(readonly keywords: readonly string[], private readonly options: { wasm?: boolean } = {}) {
    for (const word of keywords) {
      // eslint-disable-next-line no-control-regex
      if (/[^\x00-\x7f]/.test(word)) throw new Error(`keyword "${word}" is not ASCII`);
    }
    this.lowered = keywords.map((k) => k.replace(/[A-Z]/g, (c) => c.toLowerCase()));
    this.lengths = keywords.map((k) => k.length);
  }

  /**
   * Every occurrence, in order of where each ends (at one end, the longer keyword first), in the index's
   * own Hits: read them before the next search, which refills it.
   */
  search(text: string): Hits {
    const hits = this.hits;
    hits.clear();
    if (!this.automaton && text.length <= SMALL_TEXT && this.smallBudget >= text.length) {
      this.smallBudget -= text.length;
      this.searchEach(text, hits);
      return hits;
    }
    this.automaton ??= new Automaton(this.keywords, this.options.wasm !== false);
    this.automaton.collect(text, hits);
    return hits;
  }

  /** Each keyword's occurrences found natively (indexOf), ordered as the automaton reports them. */
  private searchEach(text: string, into: Hits): void {
    // ASCII case only, as the automaton: a non-ASCII letter never becomes a keyword's ASCII letter.
    // eslint-disable-next-line no-control-regex
    const folded = /[^\x00-\x7f]/.test(text) ? text.replace(/[A-Z]+/g, (w) => w.toLowerCase()) : text.toLowerCase();
    const ends: number[] = [];
    const ids: number[] = [];
    const { lowered, lengths } = this;
    for (let id = 0; id < lowered.length; id++) {
      const word = lowered[id];
      for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + 1)) {
        ends.push(at + word.length);
        ids.push(id);
      }
    }
    if (ends.length === 0) return;
    const order = ends.map((_, i) => i).sort((a, b) => ends[a] - ends[b] || lengths[ids[b]] - lengths[ids[a]]);
    for (const i of order) into.add(ids[i], ends[i] - lengths[ids[i]]);
  }
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/**
 * The automaton's scan loop as WebAssembly (keyword-automaton.wat): one module instance and memory per
 * automaton, laid out once (the column of each UTF-16 code unit, the table, two hit lists and a window
 * of text), about 1.4 MB for the built-in keywords. A text goes through in windows of WINDOW code units, each in two
 * stretches scanned together; every window and stretch starts in the start state with the longest
 * keyword's length less one of the text before it, which is all the context a state holds, so the hits
 * are exactly the JavaScript loop's.
 */
class WasmLoop {
  private readonly half = WINDOW / 2;
  private readonly u32: Uint32Array;
  private readonly bytes: Buffer;

  private constructor(
    private readonly scan2: (text: number, a: number, na: number, b: number, nb: number, col: number, table: number, outA: number, outB: number, counts: number) => void,
    memory: { buffer: ArrayBuffer },
    /** Context each stretch starts with: the longest keyword's length less one. */
    private readonly context: number,
    private readonly at: { counts: number; col: number; table: number; outA: number; outB: number; text: number },
    /** The automaton's: keyword ids per state, keyword lengths, and its row width. */
    private readonly outputs: ReadonlyArray<readonly number[]>,
    private readonly lengths: readonly number[],
    private readonly width: number,
  ) {
    this.u32 = new Uint32Array(memory.buffer);
    this.bytes = Buffer.from(memory.buffer);
  }

  /** The loop for this automaton's tables; undefined where WebAssembly does not run. */
  static of(column: Uint8Array, table: Uint32Array, outputs: ReadonlyArray<readonly number[]>, lengths: readonly number[], width: number): WasmLoop | undefined {
    try {
      const context = lengths.reduce((n, l) => Math.max(n, l), 1) - 1;
      const stretch = WINDOW / 2 + context; // code units, at most
      const counts = 0;
      const col = 64;
      const tableAt = col + 65536;
      const outA = tableAt + table.length * 4;
      const outB = outA + stretch * 8;
      const text = outB + stretch * 8;
      const size = text + (WINDOW + context) * 2;
      const wasm = webAssembly();
      if (!wasm) return undefined;
      const instance = new wasm.Instance(new wasm.Module(Buffer.from(KEYWORD_AUTOMATON_WASM, 'base64')), {});
      const memory = instance.exports.memory as WasmMemory;
      memory.grow(Math.ceil(size / 65536) - memory.buffer.byteLength / 65536);
      const bytes = new Uint8Array(memory.buffer);
      bytes.set(column, col); // code units from 128 up stay 0: no keyword uses them
      const entries = new Uint32Array(memory.buffer, tableAt, table.length);
      // The JavaScript table's entry is the next row's offset in entries, times two, plus the flag; here it is in bytes.
      for (let k = 0; k < table.length; k++) entries[k] = (table[k] >>> 1) * 8 + (table[k] & 1);
      return new WasmLoop(instance.exports.scan2 as WasmLoop['scan2'], memory, context, { counts, col, table: tableAt, outA, outB, text }, outputs, lengths, width);
    } catch {
      return undefined;
    }
  }

  collect(text: string, into: Hits): void {
    const { at, context, half, u32 } = this;
    for (let a = 0; a < text.length; a += WINDOW) {
      const b = Math.min(text.length, a + WINDOW);
      const from = Math.max(0, a - context);
      const mid = Math.min(b, a + half);
      const second = Math.max(from, mid - context);
      this.bytes.write(from === 0 && b === text.length ? text : text.substring(from, b), at.text, (b - from) * 2, 'utf16le');
      this.scan2(at.text, 0, mid - from, second - from, b - second, at.col, at.table, at.outA, at.outB, at.counts);
      // Hits ending in the context before a window (or before the middle) were the stretch before's.
      this.read(at.outA, u32[at.counts / 4], from, a, into);
      this.read(at.outB, u32[at.counts / 4 + 1], from, mid, into);
    }
  }

  private read(out: number, count: number, from: number, min: number, into: Hits): void {
    const { u32, outputs, lengths, width } = this;
    for (let k = out / 4, end = k + 2 * count; k < end; k += 2) {
      const last = from + u32[k];
      if (last < min) continue;
      for (const id of outputs[(u32[k + 1] >>> 3) / width]) into.add(id, last - lengths[id] + 1);
    }
  }
}
