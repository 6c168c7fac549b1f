// `hatsugen/web`: the same API as the Node entry point, after `await init()`.
export * from "./index.js";

/** Where the `.wasm` comes from: a URL, a fetch `Response`, bytes or a compiled module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/**
 * Loads and instantiates the WebAssembly module; call once and await it before using
 * `Checker`. Without an argument it fetches `hatsugen_bg.wasm` next to the glue module
 * (`new URL("hatsugen_bg.wasm", import.meta.url)`).
 */
export default function init(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> },
): Promise<unknown>;

/** Instantiates synchronously from bytes or a compiled module (e.g. in a worker). */
export function initSync(module: { module: BufferSource | WebAssembly.Module }): unknown;
