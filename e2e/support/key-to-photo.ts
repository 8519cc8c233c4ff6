import { expect, type Page } from "@playwright/test";

/** The inspection station's speed targets (issue 4). */
export const KEY_TO_PHOTO_P95_TARGET_MS = 50;

export interface KeyToPhoto {
  /** From each verdict key press to the first frame after the next photo is in place and decoded. */
  latencies: number[];
  /** Main-thread long tasks (over 50 ms, the browser's definition) while the inspector worked. */
  longTasks: number[];
}

/**
 * The inspector's rhythm on an open inspection page whose queue is
 * prefetched: `units` verdict key presses, each followed by a glance while
 * the next photos are fetched and the model predicts on them in its worker.
 *
 * Run it with Playwright tracing off: the trace's screencast makes Chromium
 * copy out every changed frame, which with software compositing costs
 * 35–55 ms a frame and swamps what is measured.
 */
export async function measureKeyToPhoto(page: Page, units: number, glanceMs = 400): Promise<KeyToPhoto> {
  const photo = page.getByRole("img", { name: /^Unit / });
  await expect(photo).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(3_000); // let the prefetch fill
  await page.evaluate(() => {
    const w = window as unknown as { keyToPhoto: { pressedAt: number } & KeyToPhoto };
    w.keyToPhoto = { pressedAt: 0, latencies: [], longTasks: [] };
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => w.keyToPhoto.longTasks.push(entry.duration))).observe({ type: "longtask" });
    window.addEventListener("keydown", () => (w.keyToPhoto.pressedAt = performance.now()), { capture: true });
    new MutationObserver(() => {
      const image = document.querySelector<HTMLImageElement>('img[alt^="Unit "]');
      if (!image || !w.keyToPhoto.pressedAt) return;
      const pressedAt = w.keyToPhoto.pressedAt;
      w.keyToPhoto.pressedAt = 0;
      void image.decode().then(() => requestAnimationFrame(() => w.keyToPhoto.latencies.push(performance.now() - pressedAt)));
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["alt", "src"] });
  });
  for (let i = 0; i < units; i++) {
    const alt = (await photo.getAttribute("alt")) as string;
    await page.keyboard.press(String((i % 4) + 1));
    await expect(photo).not.toHaveAttribute("alt", alt, { timeout: 30_000 });
    await page.waitForTimeout(glanceMs);
  }
  return page.evaluate(() => {
    const { latencies, longTasks } = (window as unknown as { keyToPhoto: KeyToPhoto }).keyToPhoto;
    return { latencies, longTasks };
  });
}
