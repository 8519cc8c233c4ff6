import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { signInAs } from "../e2e/support/accounts";

// The inspector's rhythm: from a verdict key press to the next photo shown
// (its image decoded and a frame painted), over 80 units (BENCH_UNITS) with the queue
// prefetched, and the main thread's long tasks meanwhile (the model runs in
// a worker on every prefetched photo).
const UNITS = Number(process.env.BENCH_UNITS ?? 80);

test("verdict key to next photo, and long tasks", async ({ page }) => {
  test.setTimeout(300_000);
  await signInAs(page, "INSPECTOR");
  await page.goto("/inspect/line-1-screen");
  const photo = page.getByRole("img", { name: /^Unit / });
  await expect(photo).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(3_000); // let the prefetch fill
  await page.evaluate(() => {
    const w = window as unknown as { bench: { pressedAt: number; latencies: number[]; longTasks: number[] } };
    w.bench = { pressedAt: 0, latencies: [], longTasks: [] };
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => w.bench.longTasks.push(entry.duration))).observe({ type: "longtask" });
    window.addEventListener("keydown", () => (w.bench.pressedAt = performance.now()), { capture: true });
    new MutationObserver(() => {
      const image = document.querySelector<HTMLImageElement>('img[alt^="Unit "]');
      if (!image || !w.bench.pressedAt) return;
      const pressedAt = w.bench.pressedAt;
      w.bench.pressedAt = 0;
      void image.decode().then(() => requestAnimationFrame(() => w.bench.latencies.push(performance.now() - pressedAt)));
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["alt", "src"] });
  });
  for (let i = 0; i < UNITS; i++) {
    const alt = (await photo.getAttribute("alt")) as string;
    await page.keyboard.press(String((i % 4) + 1));
    await expect(photo).not.toHaveAttribute("alt", alt, { timeout: 30_000 });
    await page.waitForTimeout(400); // an inspector's glance, during which prefetch and inference continue
  }
  const { latencies, longTasks } = await page.evaluate(() => (window as unknown as { bench: { latencies: number[]; longTasks: number[] } }).bench);
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const result = { measuredAt: new Date().toISOString(), units: latencies.length, keyToPhotoP50Ms: at(0.5), keyToPhotoP95Ms: at(0.95), longTasks: longTasks.length, longestTaskMs: Math.max(0, ...longTasks) };
  console.log(JSON.stringify(result));
  if (process.env.BENCH_VERBOSE) console.log(JSON.stringify(latencies.map((x) => Math.round(x))));
  fs.mkdirSync("bench/results", { recursive: true });
  fs.writeFileSync("bench/results/inspection.json", `${JSON.stringify(result, null, 2)}\n`);
});
