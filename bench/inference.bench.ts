import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { signInAs } from "../e2e/support/accounts";

// Browser inference in headless Chromium, through the model's Web Worker, on
// each backend: median and p95 latency of 50 photos, the round trip seen by
// the page (the worker decodes each photo's PNG or JPEG bytes, as on the
// inspection page), and main-thread long tasks during inference. v2 is what
// the demo runs on 192-pixel fixture photos; v8 the camera model on whole
// 1920x1080 JPEGs (its cpu run is left out: a second a photo, and no browser
// falls back to it while wasm starts); v10 the same network with its phone
// finder run beside it (lib/model/finder.ts).
const runs = [
  { version: "v2", backend: "wasm", file: "inference-wasm" },
  { version: "v2", backend: "webgl", file: "inference-webgl" },
  { version: "v2", backend: "cpu", file: "inference-cpu" },
  { version: "v8", backend: "wasm", file: "inference-camera-wasm" },
  { version: "v8", backend: "webgl", file: "inference-camera-webgl" },
  { version: "v10", backend: "wasm", file: "inference-finder-wasm" },
] as const;
for (const { version, backend, file } of runs) {
  test(`inference of ${version} on ${backend}`, async ({ page }) => {
    await signInAs(page, "ENGINEER");
    await page.goto(`/models/${version}?backend=${backend}`);
    const ready = page.getByRole("status").filter({ hasText: /^Ready on|could not load/ });
    await expect(ready).toBeVisible({ timeout: 60_000 });
    if (!(await ready.textContent())?.startsWith("Ready")) test.skip(true, `${backend} is not available in this browser`);
    await page.getByRole("button", { name: "Benchmark 50 photos" }).click();
    await expect(page.getByTestId("bench-photos")).toHaveText("50", { timeout: 240_000 });
    const result = {
      version,
      backend: await page.getByTestId("bench-backend").textContent(),
      inferenceP50: await page.getByTestId("bench-p50").textContent(),
      inferenceP95: await page.getByTestId("bench-p95").textContent(),
      preprocessP50: await page.getByTestId("bench-preprocess").textContent(),
      roundTripP50: await page.getByTestId("bench-roundtrip").textContent(),
      longTasks: await page.getByTestId("bench-long-tasks").textContent(),
    };
    console.log(JSON.stringify(result));
    fs.mkdirSync("bench/results", { recursive: true });
    fs.writeFileSync(`bench/results/${file}.json`, `${JSON.stringify({ measuredAt: new Date().toISOString(), ...result }, null, 2)}\n`);
  });
}
