/** tfjs backends in the order the browser tries them. Kept apart from inference.ts so pages can import it without tfjs. */
export const BACKENDS = ["webgl", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKENDS)[number];
