// The part of the WebAssembly API the engine uses (keyword-index.ts, scrypt/scrypt.ts): the compiler's
// libraries here have no DOM, where its types live.
export interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}

/** The runtime's WebAssembly, or undefined where there is none. */
export function webAssembly(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}
