import type { Page } from "@playwright/test";
import { isSoftwareRenderer } from "../../lib/model/inference-backends";

/**
 * The backend the app's model worker should choose in this browser by
 * default: webgl on a GPU, wasm where WebGL is drawn in software (headless
 * Chromium here: SwiftShader) or missing.
 */
export async function expectedBackend(page: Page): Promise<"webgl" | "wasm"> {
  const renderer = await page.evaluate(() => {
    const gl = document.createElement("canvas").getContext("webgl2");
    const info = gl?.getExtension("WEBGL_debug_renderer_info");
    return gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : null;
  });
  return renderer === null || isSoftwareRenderer(renderer) ? "wasm" : "webgl";
}
