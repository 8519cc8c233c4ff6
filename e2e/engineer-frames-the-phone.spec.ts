import { expect, test } from "@playwright/test";
import { isBlindUnit } from "../lib/automation/blind";
import { generateCameraPhoto } from "../lib/synth";
import { signInAs, withDatabase } from "./support/accounts";
import { cameraLine, runModel, stopModel } from "./support/camera-line";

const SLUG = "line-9-fixture";

test.afterAll(() => stopModel(SLUG));

test("an engineer draws the station's region of interest over a recent photo; the inspector's browser then scores only inside it", async ({
  page,
  browser,
  baseURL,
}) => {
  // Two inspections with the camera model in the browser, one at AI assistance.
  test.setTimeout(120_000);
  // A new line with a camera, one 1920x1080 photo posted as the camera would; it runs the camera model in shadow mode.
  const line = await cameraLine(page, browser, baseURL as string, { slug: SLUG, name: "Line 9 · Fixture" });
  const photo = generateCameraPhoto(4242, { label: "ok" });
  await line.post(photo, "fixture-1");
  await runModel(SLUG, "SHADOW", "v9");

  const engineer = await (await browser.newContext({ baseURL })).newPage();
  await signInAs(engineer, "ENGINEER");
  await engineer.goto(`/automation/stations/${SLUG}`);
  const section = engineer.getByRole("region", { name: "Region of interest" });
  await expect(section.getByTestId("region-now")).toHaveText("the whole photo");
  // Drawn by dragging over the photo, from 20% / 10% to 80% / 90% of it.
  const canvas = section.getByTestId("region-canvas");
  await expect(canvas.locator("img")).toHaveJSProperty("complete", true);
  await canvas.scrollIntoViewIfNeeded();
  // Until the page is interactive a drag draws nothing: drag again until it does.
  await expect(async () => {
    const box = (await canvas.boundingBox())!;
    await engineer.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.1);
    await engineer.mouse.down();
    await engineer.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 4 });
    await engineer.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.9, { steps: 4 });
    await engineer.mouse.up();
    await expect(section.getByTestId("region-outline")).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(section.getByTestId("region-outline")).toBeVisible();
  const form = section.getByRole("form", { name: "Region of interest" });
  const near = async (label: string, value: number) => expect(Math.abs(Number(await form.getByLabel(label).inputValue()) - value)).toBeLessThan(1.5);
  await near("Left (%)", 20);
  await near("Top (%)", 10);
  await near("Width (%)", 60);
  await near("Height (%)", 80);
  // Typed to round figures, then saved with why.
  await form.getByLabel("Left (%)").fill("20");
  await form.getByLabel("Top (%)").fill("10");
  await form.getByLabel("Width (%)").fill("60");
  await form.getByLabel("Height (%)").fill("80");
  await form.getByLabel("Why").fill("phones sit in the new fixture");
  await form.getByRole("button", { name: "Save the region" }).click();
  await expect(section.getByTestId("region-now")).toHaveText("left 20%, top 10%, 60% × 80% of the photo");
  // Once more is refused, with the words why.
  await form.getByLabel("Why").fill("again");
  await form.getByRole("button", { name: "Save the region" }).click();
  await expect(form.getByRole("alert")).toContainText("The station already scores left 20%, top 10%, 60% × 80% of the photo.");
  await engineer.goto(`/automation/audit?action=INSPECTION_REGION_SET`);
  await expect(engineer.getByRole("main")).toContainText("phones sit in the new fixture");

  // An inspector labels the unit; the model's shadow prediction, made in their browser, looked inside the region only.
  const inspector = await (await browser.newContext({ baseURL })).newPage();
  await signInAs(inspector, "INSPECTOR");
  await inspector.goto(`/inspect/${SLUG}`);
  await expect(inspector.getByRole("img", { name: /^Unit / })).toBeVisible();
  // A shadow prediction is sent once the inspector has judged the unit.
  await inspector.keyboard.press("1");
  const heatmap = async () =>
    withDatabase(async (db) => {
      const { rows } = await db.query<{ heatmap: number[] }>(`SELECT p.heatmap FROM predictions p JOIN stations s ON s.id = p.station_id WHERE s.slug = $1`, [
        SLUG,
      ]);
      return rows[0]?.heatmap ?? null;
    });
  await expect.poll(heatmap, { timeout: 30_000 }).not.toBeNull();
  const cells = (await heatmap()) as number[];
  const size = Math.round(Math.sqrt(cells.length));
  expect(size).toBe(32);
  const at = (row: number, column: number) => cells[row * size + column] as number;
  // Cells wholly outside the region (the top 10%, the left 20%, the right 20%, the bottom 10%) are cold; inside, the model still looks.
  for (let c = 0; c < size; c++) expect(at(0, c)).toBe(0);
  for (let r = 0; r < size; r++) {
    expect(at(r, 0)).toBe(0);
    expect(at(r, size - 1)).toBe(0);
  }
  expect(cells.filter((heat, i) => heat > 0 && Math.floor(i / size) > 4 && Math.floor(i / size) < 27 && i % size > 7 && i % size < 24).length).toBeGreaterThan(
    100,
  );

  // At AI assistance the inspector sees where the model looked over the photo itself, at the camera's 16:9, with the region outlined.
  await runModel(SLUG, "AI_ASSIST", "v9");
  await withDatabase((db) => db.query(`UPDATE station_automation SET blind_share = 0.05 WHERE station_id = (SELECT id FROM stations WHERE slug = $1)`, [SLUG]));
  // Units of the blind share show no suggestion: post until one shows it.
  const blind = new Set<string>();
  for (let n = 2; ; n++) {
    const id = await line.post(generateCameraPhoto(4242 + n, { label: "scratch" }), `fixture-${n}`);
    if (!isBlindUnit(id, 0.05)) break;
    blind.add(id);
  }
  await inspector.goto(`/inspect/${SLUG}`);
  const shown = inspector.getByRole("img", { name: /^Unit / });
  for (;;) {
    const id = ((await shown.getAttribute("alt")) as string).slice("Unit ".length);
    if (!blind.has(id)) break;
    await inspector.keyboard.press("1");
    await expect(shown).not.toHaveAttribute("alt", `Unit ${id}`);
  }
  await expect(inspector.getByTestId("suggestion")).toContainText("Model suggests", { timeout: 30_000 });
  const photoBox = (await shown.boundingBox())!;
  expect(Math.abs(photoBox.width / photoBox.height - photo.width / photo.height)).toBeLessThan(0.02);
  const overlayBox = (await inspector.getByTestId("heatmap").boundingBox())!;
  for (const side of ["x", "y", "width", "height"] as const) expect(Math.abs(overlayBox[side] - photoBox[side])).toBeLessThan(1.5);
  const regionBox = (await inspector.getByTestId("inspection-region").boundingBox())!;
  const expected = { x: photoBox.x + 0.2 * photoBox.width, y: photoBox.y + 0.1 * photoBox.height, width: 0.6 * photoBox.width, height: 0.8 * photoBox.height };
  for (const side of ["x", "y", "width", "height"] as const) expect(Math.abs(regionBox[side] - expected[side])).toBeLessThan(1.5);
  await line.camera.close();
});
