import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { signInAs } from "../e2e/support/accounts";

// Browser inference of the newest shipped model (v2, what the demo runs) in headless Chromium, through the
// model's Web Worker, on each backend: median and p95 latency of 50 photos,
// the round trip seen by the page, and main-thread long tasks during inference.
for (const backend of ["wasm", "webgl", "cpu"] as const) {
  test(`inference on ${backend}`, async ({ page }) => {
    await signInAs(page, "ENGINEER");
    await page.goto(`/models/v2?backend=${backend}`);
    const ready = page.getByRole("status").filter({ hasText: /^Ready on|could not load/ });
    await expect(ready).toBeVisible({ timeout: 60_000 });
    if (!(await ready.textContent())?.startsWith("Ready")) test.skip(true, `${backend} is not available in this browser`);
    await page.getByRole("button", { name: "Benchmark 50 photos" }).click();
    await expect(page.getByTestId("bench-photos")).toHaveText("50", { timeout: 240_000 });
    const result = {
      backend: await page.getByTestId("bench-backend").textContent(),
      inferenceP50: await page.getByTestId("bench-p50").textContent(),
      inferenceP95: await page.getByTestId("bench-p95").textContent(),
      roundTripP50: await page.getByTestId("bench-roundtrip").textContent(),
      longTasks: await page.getByTestId("bench-long-tasks").textContent(),
    };
    console.log(JSON.stringify(result));
    fs.mkdirSync("bench/results", { recursive: true });
    fs.writeFileSync(`bench/results/inference-${backend}.json`, `${JSON.stringify({ measuredAt: new Date().toISOString(), ...result }, null, 2)}\n`);
  });
}
