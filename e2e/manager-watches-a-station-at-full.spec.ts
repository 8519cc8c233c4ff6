import { expect, test } from "@playwright/test";
import { signInAs, withDatabase } from "./support/accounts";

const SLUG = "line-4-back-glass";

// The demo's partial station, run at full automation for this journey (no
// promotion reaches FULL on the demo's evidence in a test's time), then put back.
test.beforeAll(async () => {
  await withDatabase((db) => db.query(`UPDATE station_automation SET level = 'FULL' WHERE station_id = (SELECT id FROM stations WHERE slug = $1)`, [SLUG]));
});
test.afterAll(async () => {
  await withDatabase((db) =>
    db.query(
      `UPDATE station_automation SET level = 'PARTIAL', escape_gate_per_million = NULL, escape_gate_units = NULL WHERE station_id = (SELECT id FROM stations WHERE slug = $1)`,
      [SLUG],
    ),
  );
});

test("a manager watches a station at full: the audit beside the label-free estimate, then an escape breaks the gate she set", async ({ page }) => {
  await signInAs(page, "MANAGER");
  await page.goto(`/automation/stations/${SLUG}`);
  await expect(page.locator("main")).toContainText(/Full automation since/);

  // What the random audit measured, and what the calibrated scores estimate on every unit the model decided.
  await expect(page.getByRole("table", { name: "Audit sample" }).getByRole("row", { name: /^Since / })).toContainText(/\d+\.\d% \(95% CI/);
  const estimate = page.getByRole("table", { name: "Label-free estimate" });
  await expect(estimate.getByRole("row", { name: /^Since / })).toContainText(/\d+\.\d% \(95% \d+\.\d%–\d+\.\d%\)/);
  const decided = Number(
    (
      await estimate
        .getByRole("row", { name: /^Since / })
        .getByRole("cell")
        .nth(1)
        .innerText()
    ).replace(/,/g, ""),
  );
  expect(decided).toBeGreaterThan(100);
  await expect(page.getByTestId("calibration")).toContainText(/Calibrated on [\d,]+ shadow units \([\d,]+ defects\)/);

  // She requires the escape gate for full automation: no escape over the model's last 100 decided units.
  await expect(page.getByTestId("escape-gate")).toHaveText("No escape gate is required for full automation at this station.");
  const gate = page.getByRole("form", { name: "Escape gate" });
  await gate.getByLabel("At most (defects per million)").fill("5000");
  await gate.getByLabel("Over the model's last (units)").fill("100");
  await gate.getByLabel("Why").fill("returns from the first full week");
  await gate.getByRole("button", { name: "Require the escape gate" }).click();
  await expect(page.getByTestId("escape-gate")).toContainText("at most 5,000 defects per million over the model's last 100 decided units. Now 0 per million");
  await expect(page.getByTestId("escape-gate")).toContainText("passes");
  const modelRow = page.getByRole("table", { name: "Escapes by decider" }).getByRole("row", { name: /^The model alone/ });
  const before = await modelRow.innerText();

  // The end-of-line test finds a defect in the last unit the model passed.
  const unit = await withDatabase(async (db) => {
    const { rows } = await db.query(
      `SELECT v.capture_id, (SELECT key FROM defect_classes d WHERE d.station_id = v.station_id AND d.retired_at IS NULL ORDER BY position LIMIT 1) AS class
         FROM verdicts v JOIN stations s ON s.id = v.station_id
        WHERE s.slug = $1 AND v.source = 'MODEL' AND v.label = 'ok' ORDER BY v.decided_at DESC LIMIT 1`,
      [SLUG],
    );
    return rows[0] as { capture_id: string; class: string };
  });
  const posted = await page.request.post(`/api/stations/${SLUG}/escapes`, {
    data: {
      unit: unit.capture_id,
      found: unit.class,
      foundAt: new Date(Date.now() - 60_000).toISOString(),
      where: "end-of-line test",
      idempotencyKey: `e2e-escape-${Date.now()}`,
    },
  });
  expect(posted.status()).toBe(201);
  expect((await posted.json()).escape).toMatchObject({ decider: "MODEL", isEscape: true });

  // The escape counts against the model, the gate fails, and the station leaves full automation.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("escape-gate")).toContainText("Now 10,000 per million", { timeout: 1_000 });
    await expect(page.getByTestId("escape-gate")).toContainText("fails", { timeout: 1_000 });
    await expect(page.locator("main")).toContainText(/Partial automation since/, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  expect(await modelRow.innerText()).not.toBe(before);
  await expect(modelRow).toContainText(/per million \(95% CI/);
  await page.goto(`/automation/audit?station=${SLUG}`);
  const trail = page.getByRole("table", { name: "Audit trail" });
  await expect(trail).toContainText("ESCAPE_GATE_SET");
  await expect(trail).toContainText("LEVEL_DEMOTED (Full automation → Partial automation)");
  await expect(trail).toContainText("Defects found downstream");
});
