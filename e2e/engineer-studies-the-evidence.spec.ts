import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./support/accounts";

const headline = (page: Page, name: string) => page.getByRole("region", { name: "Headline numbers" }).getByRole("group", { name, exact: true });

async function unitsCompared(page: Page): Promise<number> {
  const text = await headline(page, "Units compared").getByTestId("value").innerText();
  return Number(text.replace(/,/g, ""));
}

test("an engineer filters the dashboard by station, settles a disagreement, and the error rates follow", async ({ page }) => {
  await signInAs(page, "ENGINEER");
  await expect(page).toHaveURL(/\/dashboard$/);
  // The demo's seeded history gives every station evidence.
  const slices = page.getByRole("table", { name: "Agreement by station, inspector and lighting" });
  for (const station of ["Line 1 · Back glass", "Line 1 · Screen", "Line 2 · Back glass"])
    await expect(slices.getByRole("cell", { name: station, exact: true })).toBeVisible();
  const everywhere = await unitsCompared(page);
  expect(everywhere).toBeGreaterThan(1000);
  // Rates from a handful of units are not shown as if they were known.
  await expect(headline(page, "Model error rate")).toContainText("too few adjudicated units to tell (n = 0");
  // The default scope is each station's active model, and the subtitle says so.
  await expect(page.getByTestId("scope")).toContainText("all stations · each station's active model (v2)");

  await page.getByLabel("Station").selectOption({ label: "Line 1 · Screen" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/station=line-1-screen/);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect.poll(() => unitsCompared(page)).toBeLessThan(everywhere);
  await expect(page.getByTestId("scope")).toContainText("Line 1 · Screen · its active model v2");
  const atStation = await unitsCompared(page);
  expect(atStation).toBeGreaterThan(0);
  // The what-if marks the station's own thresholds once a station is chosen.
  await expect(page.getByRole("region", { name: "Threshold what-if" })).toContainText("At its own thresholds the model would decide");
  // Every chart's numbers are a table and a CSV away.
  const download = page.waitForEvent("download");
  await page.getByRole("region", { name: "Agreement over time" }).getByRole("link", { name: "Download CSV" }).click();
  expect((await download).suggestedFilename()).toBe("agreement-over-time.csv");

  // The most confident disagreement: settle it the model's way, so the inspector was wrong.
  await page.goto("/review?station=line-1-screen");
  const summary = page.getByRole("status").filter({ hasText: "not settled yet" });
  const unsettled = Number((await summary.innerText()).match(/([\d,]+) not settled/)![1]!.replace(/,/g, ""));
  const first = page.getByRole("article").first();
  const modelSaid = await first.getByTestId("model-label").innerText();
  await first.getByRole("group", { name: "Truth" }).getByRole("radio", { name: modelSaid, exact: true }).check({ force: true });
  await first.getByLabel("Note").fill("checked under the lamp");
  const unit = ((await first.getAttribute("aria-label")) ?? "").replace("Unit ", "");
  await first.getByRole("button", { name: "Settle", exact: true }).click();
  // The settling is confirmed, naming the unit and its truth.
  await expect(page.getByTestId("settled-confirmation")).toContainText(`Unit ${unit}… settled as ${modelSaid}.`);
  // Settled, the unit leaves the top of the queue for the next unsettled one.
  await expect(summary).toContainText(`${(unsettled - 1).toLocaleString("en")} not settled yet`);
  // And it can be found again.
  await page.getByTestId("settled-confirmation").getByRole("link", { name: "Find it under Settled" }).click();
  await expect(page).toHaveURL(/settled=settled/);
  await expect(page.getByRole("article", { name: `Unit ${unit}` })).toContainText(`Settled as ${modelSaid}`);

  // A slip is taken back at once: settle the next unit, then Undo; it is back in the queue, unsettled.
  await page.goto("/review?station=line-1-screen");
  const next = page.getByRole("article").first();
  const nextUnit = ((await next.getAttribute("aria-label")) ?? "").replace("Unit ", "");
  await next.getByRole("group", { name: "Truth" }).getByRole("radio", { name: "ok", exact: true }).check({ force: true });
  await next.getByRole("button", { name: "Settle", exact: true }).click();
  await expect(page.getByTestId("settled-confirmation")).toContainText(`Unit ${nextUnit}… settled as ok.`);
  await expect(summary).toContainText(`${(unsettled - 2).toLocaleString("en")} not settled yet`);
  await page.getByTestId("settled-confirmation").getByRole("button", { name: "Undo" }).click();
  await expect(page.getByTestId("undo-confirmation")).toHaveText(`Undone: unit ${nextUnit}… is not settled any more.`);
  await expect(summary).toContainText(`${(unsettled - 1).toLocaleString("en")} not settled yet`);
  await expect(page.getByRole("article").first()).toHaveAttribute("aria-label", `Unit ${nextUnit}`);

  await page.goto("/dashboard?station=line-1-screen");
  // One settled unit says the inspector was wrong on it; a rate of 100% on n = 1 would overstate it.
  await expect(headline(page, "Inspector error rate")).toContainText("too few adjudicated units to tell (n = 1");
  await expect(headline(page, "Model error rate")).toContainText("too few adjudicated units to tell (n = 1");
});

test("every statistical term says what it means where it stands, and the glossary says more", async ({ page }) => {
  await signInAs(page, "ENGINEER");
  await page.goto("/dashboard");
  const kappa = page.getByRole("group", { name: "Cohen's kappa" }).getByRole("link", { name: /^Cohen's kappa: Agreement beyond what chance would give/ });
  await expect(kappa).toHaveAttribute("title", "Agreement beyond what chance would give with the same label frequencies: 1 perfect, 0 chance.");
  await expect(page.getByRole("link", { name: /^Wilson interval: / })).toBeVisible();
  await kappa.click();
  await expect(page).toHaveURL(/\/glossary#kappa$/);
  await expect(page.locator("#kappa")).toContainText("Read it with agreement, never alone.");
  for (const term of [
    "Recall (defect recall)",
    "False-reject rate",
    "ECE (expected calibration error)",
    "PSI (population stability index)",
    "KS test (Kolmogorov–Smirnov)",
  ]) {
    await expect(page.getByText(term, { exact: true })).toBeVisible();
  }
});

test("an engineer exports the filtered units as CSV and watches it arrive", async ({ page }) => {
  await signInAs(page, "ENGINEER");
  await page.goto("/dashboard?station=line-2-back-glass");
  const units = await unitsCompared(page);
  expect(units).toBeGreaterThan(1000);
  const exporter = page.getByRole("region", { name: "Export" });
  const download = page.waitForEvent("download");
  await exporter.getByRole("button", { name: `Export ${units.toLocaleString("en")} units as CSV` }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^units-line-2-back-glass-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  await expect(exporter).toContainText(`Saved ${file.suggestedFilename()}: ${units.toLocaleString("en")} units.`);
  const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  const lines = text.split("\r\n").filter(Boolean);
  expect(lines[0]).toMatch(/^decided_at,station,capture_id,/);
  // The file holds exactly the units the dashboard counts, all from the station.
  expect(lines).toHaveLength(units + 1);
  expect(lines.slice(1).every((line) => line.split(",")[1] === "line-2-back-glass")).toBe(true);
});
