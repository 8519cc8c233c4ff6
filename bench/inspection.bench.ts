import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { signInAs } from "../e2e/support/accounts";
import { KEY_TO_PHOTO_P95_TARGET_MS, measureKeyToPhoto } from "../e2e/support/key-to-photo";
import { nearestRank } from "../lib/metrics/quantile";

// The inspector's rhythm: from a verdict key press to the next photo shown
// (its image decoded and a frame painted), over 80 units (BENCH_UNITS) with the queue
// prefetched, and the main thread's long tasks meanwhile (the model runs in
// a worker on every prefetched photo). Tracing is off (playwright.bench.config.ts).
const UNITS = Number(process.env.BENCH_UNITS ?? 80);

test("verdict key to next photo, and long tasks", async ({ page }) => {
  test.setTimeout(300_000);
  await signInAs(page, "INSPECTOR");
  await page.goto("/inspect/line-1-screen");
  const { latencies, longTasks } = await measureKeyToPhoto(page, UNITS);
  const result = {
    measuredAt: new Date().toISOString(),
    units: latencies.length,
    keyToPhotoP50Ms: nearestRank(latencies, 0.5),
    keyToPhotoP95Ms: nearestRank(latencies, 0.95),
    keyToPhotoMaxMs: Math.max(...latencies),
    longTasks: longTasks.length,
    longestTaskMs: Math.max(0, ...longTasks),
  };
  console.log(JSON.stringify(result));
  if (process.env.BENCH_VERBOSE) console.log(JSON.stringify(latencies.map((x) => Math.round(x))));
  fs.mkdirSync("bench/results", { recursive: true });
  fs.writeFileSync("bench/results/inspection.json", `${JSON.stringify(result, null, 2)}\n`);
  expect(result.keyToPhotoP95Ms, "key-to-photo p95 (ms)").toBeLessThanOrEqual(KEY_TO_PHOTO_P95_TARGET_MS);
  expect(longTasks, "main-thread long tasks").toEqual([]);
});
