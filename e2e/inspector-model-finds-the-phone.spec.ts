import { expect, test } from "@playwright/test";
import { generateCameraPhoto, isOnPhone } from "../lib/synth";
import { signInAs, withDatabase } from "./support/accounts";
import { expectedBackend } from "./support/backend";
import { cameraLine, runModel, stopModel } from "./support/camera-line";

const SLUG = "line-10-anywhere";

test.afterAll(() => stopModel(SLUG));

test("on a line whose phones lie anywhere, the inspector's browser runs v10's phone finder and scores only the phone", async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  // A scratched phone lying at an angle on the cluttered bench, on a line that runs v10 in shadow mode.
  const line = await cameraLine(page, browser, baseURL as string, { slug: SLUG, name: "Line 10 · Anywhere" });
  const photo = generateCameraPhoto(5152, { label: "scratch" });
  await line.post(photo, "anywhere-1");
  await runModel(SLUG, "SHADOW", "v10");

  const inspector = await (await browser.newContext({ baseURL })).newPage();
  await signInAs(inspector, "INSPECTOR");
  await inspector.goto(`/inspect/${SLUG}`);
  await expect(inspector.getByRole("img", { name: /^Unit / })).toBeVisible();
  await inspector.keyboard.press("2");
  const stored = async () =>
    withDatabase(async (db) => {
      const { rows } = await db.query<{ heatmap: number[]; backend: string }>(
        `SELECT p.heatmap, p.backend FROM predictions p JOIN stations s ON s.id = p.station_id WHERE s.slug = $1`,
        [SLUG],
      );
      return rows[0] ?? null;
    });
  await expect.poll(stored, { timeout: 30_000 }).not.toBeNull();
  const { heatmap, backend } = (await stored())!;
  // On the backend that is fast here (wasm where WebGL is drawn in software: a camera model's 400 ms a photo there).
  expect(backend).toBe(await expectedBackend(inspector));
  const size = Math.round(Math.sqrt(heatmap.length));
  expect(size).toBe(32);
  // Every heatmap cell well clear of the phone (its centre 100 px or more from it) is cold: the bench is not scored.
  let far = 0;
  let warmOnPhone = 0;
  heatmap.forEach((heat, cell) => {
    const x = ((cell % size) + 0.5) * (photo.width / size);
    const y = (Math.floor(cell / size) + 0.5) * (photo.height / size);
    if (!isOnPhone(photo.pose, x, y, 100)) {
      far++;
      expect(heat, `cell ${cell}`).toBe(0);
    } else if (isOnPhone(photo.pose, x, y) && heat > 0) warmOnPhone++;
  });
  expect(far).toBeGreaterThan(300);
  expect(warmOnPhone).toBeGreaterThan(100);
  await line.camera.close();
});
