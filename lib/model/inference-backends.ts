/** tfjs backends in the order the browser tries them. Kept apart from inference.ts so pages can import it without tfjs. */
export const BACKENDS = ["webgl", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKENDS)[number];

/**
 * A WebGL renderer that draws on the CPU: SwiftShader (Chromium without a
 * usable GPU, headless Chromium here), Mesa's llvmpipe and softpipe,
 * Windows' Basic Render Driver.
 */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render driver/i.test(renderer);
}

/**
 * The backends to try, in order: as preferred, except that a WebGL drawn in
 * software is tried after wasm. On it every shader runs on the CPU, slower
 * than wasm's SIMD kernels by far (bench:inference here: v8 400 ms a photo
 * against 44 ms, v2 16 ms against 1.2 ms); it still beats plain JavaScript.
 * A list of webgl alone (a benchmark pinning it) is kept as it is.
 */
export function backendOrder(preferred: readonly BackendName[], webglRenderer: string | null): BackendName[] {
  const order = [...preferred];
  const webgl = order.indexOf("webgl");
  const wasm = order.indexOf("wasm");
  if (webglRenderer === null || !isSoftwareRenderer(webglRenderer) || webgl < 0 || wasm < webgl) return order;
  order.splice(webgl, 1);
  order.splice(order.indexOf("wasm") + 1, 0, "webgl");
  return order;
}
