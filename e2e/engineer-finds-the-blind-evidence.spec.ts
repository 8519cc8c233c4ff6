import { expect, test, type Page } from "@playwright/test";
import { isBlindUnit } from "../lib/automation/blind";
import { demoAccount, signInAs, withDatabase } from "./support/accounts";

// At AI assistance inspectors see the model's answer, and following it makes
// agreement look perfect. A blind share of units shows no suggestion, looks
// the same otherwise, and only those units are evidence for partial automation.

const STATION = "line-2-back-glass";
const NAME = "Line 2 · Back glass";
const KEYS = ["ok", "scratch", "crack", "dent"];

async function switchTo(page: Page, role: "ENGINEER" | "MANAGER" | "INSPECTOR") {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-in/);
  await signInAs(page, role);
}

test("AI assistance with a blind share: an inspector follows every suggestion, and the partial gates see only the blind units", async ({ page }) => {
  test.setTimeout(240_000);
  // The engineer starts the evidence afresh and asks for the next level; a manager approves it over the (now empty) gates.
  await signInAs(page, "ENGINEER");
  await page.goto("/automation");
  let panel = page.getByRole("region", { name: NAME });
  const reset = panel.getByRole("form", { name: `Reset the evidence of ${NAME}` });
  await reset.getByLabel("Why the evidence no longer holds").fill("new conveyor installed");
  await reset.getByRole("button", { name: "Reset evidence" }).click();
  await expect(page.getByTestId(`evidence-since-${STATION}`)).toContainText("when reset by an engineer: new conveyor installed");
  const request = panel.getByRole("form", { name: `Request a promotion of ${NAME}` });
  await request.getByLabel("Rollout").selectOption("all");
  await request.getByLabel("Why").fill("try assistance on the new conveyor");
  await request.getByRole("button", { name: "Request AI assistance" }).click();
  await expect(panel).toContainText("Emil Engineer asks to move to AI assistance");

  await switchTo(page, "MANAGER");
  panel = page.getByRole("region", { name: NAME });
  const approve = panel.getByRole("form", { name: "Approve the promotion" });
  await approve.getByLabel("Reason for approving").fill("a trial week");
  await approve.getByLabel("Override reason (gates do not pass)").fill("evidence was reset on purpose; the blind share gathers it");
  await approve.getByRole("button", { name: "Approve over the gates" }).click();
  await expect(page.getByTestId(`level-${STATION}`)).toHaveText("AI assistance");

  // The inspector follows every suggestion; on a unit without one, answers the truth (known for synthetic photos).
  await switchTo(page, "INSPECTOR");
  await page.goto(`/inspect/${STATION}`);
  const photo = page.getByRole("img", { name: /^Unit / });
  const badge = page.getByTestId("suggestion");
  const judged: { id: string; isBlind: boolean }[] = [];
  const badgeShapes = new Set<string>();
  for (let i = 0; i < 60; i++) {
    await expect(photo).toBeVisible({ timeout: 30_000 });
    const alt = (await photo.getAttribute("alt")) as string;
    const id = alt.replace("Unit ", "");
    const isBlind = isBlindUnit(id, 0.15);
    let label: string;
    if (isBlind) {
      await expect(badge).toHaveText("No suggestion");
      const truth = await withDatabase(
        async (db) => (await db.query<{ truth: string }>(`SELECT metadata->'synthetic'->>'truth' AS truth FROM captures WHERE id = $1`, [id])).rows[0]?.truth,
      );
      label = truth as string;
    } else {
      await expect(badge).toContainText("Model suggests", { timeout: 30_000 });
      label = ((await badge.locator("strong").textContent()) as string).trim();
    }
    // Same element, same attributes, same place and height, whether the unit is blind or not: only the words (and so the width) differ.
    badgeShapes.add(
      JSON.stringify(
        await badge.evaluate((element) => {
          const box = element.getBoundingClientRect();
          return {
            tag: element.tagName,
            attributes: [...element.attributes].map((a) => `${a.name}=${a.value}`).sort(),
            x: box.x,
            y: box.y,
            height: box.height,
          };
        }),
      ),
    );
    await page.keyboard.press(String(KEYS.indexOf(label) + 1));
    judged.push({ id, isBlind });
    await expect(photo).not.toHaveAttribute("alt", alt, { timeout: 30_000 }); // the next may still be loading
  }
  expect(badgeShapes.size).toBe(1);
  await expect(page.getByTestId("uploads")).toHaveText(/^(All verdicts saved|Nothing waiting to be sent)\.$/, { timeout: 60_000 });

  const blind = judged.filter((unit) => unit.isBlind).map((unit) => unit.id);
  const stored = await withDatabase(
    async (db) =>
      (
        await db.query<{ capture_id: string; suggestion_shown: boolean }>(
          `SELECT capture_id, suggestion_shown FROM verdicts WHERE capture_id = ANY($1::uuid[])`,
          [judged.map((u) => u.id)],
        )
      ).rows,
  );
  expect(stored).toHaveLength(60);
  expect(
    stored
      .filter((v) => !v.suggestion_shown)
      .map((v) => v.capture_id)
      .sort(),
  ).toEqual([...blind].sort());
  // What the partial gates must see: the blind units the model would decide alone, with the model's real agreement with the truth.
  const expected = await withDatabase(
    async (db) =>
      (
        await db.query<{ units: number; agreements: number }>(
          `SELECT count(*)::int AS units, count(*) FILTER (WHERE c.human_label = c.model_label)::int AS agreements
           FROM comparisons c JOIN station_automation a ON a.station_id = c.station_id
          WHERE c.capture_id = ANY($1::uuid[]) AND c.model_role = 'ACTIVE' AND (c.defect_score <= a.ok_threshold OR c.defect_score >= a.defect_threshold)`,
          [blind],
        )
      ).rows[0],
  );

  await switchTo(page, "ENGINEER");
  await page.goto("/automation");
  panel = page.getByRole("region", { name: NAME });
  await expect(panel.getByRole("heading", { name: `Gates for Partial automation, on ${expected?.units} compared units of the active model` })).toBeVisible();
  const agreement = panel.getByRole("table", { name: `Gates for Partial automation at ${NAME}` }).getByRole("row", { name: /Agreement with inspectors/ });
  if (expected && expected.units > 0) await expect(agreement).toContainText(`${((100 * expected.agreements) / expected.units).toFixed(1)}%`);

  // The dashboard's automation-bias panel, for this inspector: following every suggestion, assisted agreement is 100%.
  const inspectorId = await withDatabase(
    async (db) => (await db.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [demoAccount("INSPECTOR").email])).rows[0]?.id,
  );
  await page.goto(`/dashboard?station=${STATION}&inspector=${inspectorId}`);
  const bias = page.getByRole("region", { name: "Automation bias at AI assistance" });
  await expect(bias.getByRole("row", { name: /Every inspector/ })).toContainText(`100.0%`);
  await expect(bias.getByRole("row", { name: /Every inspector/ })).toContainText(`n = ${60 - blind.length}`);
});
