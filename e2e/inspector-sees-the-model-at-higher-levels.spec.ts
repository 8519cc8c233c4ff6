import { expect, test } from "@playwright/test";
import { isBlindUnit } from "../lib/automation/blind";
import { signInAs, withDatabase } from "./support/accounts";

const STATION = "line-1-screen";

async function setLevel(level: string, extra = "") {
  // Promotions arrive with the automation ladder; until then the level is set directly.
  await withDatabase((db) =>
    db.query(`UPDATE station_automation SET level = $1 ${extra} WHERE station_id = (SELECT id FROM stations WHERE slug = $2)`, [level, STATION]),
  );
}

test.afterAll(() => setLevel("SHADOW", ", ok_threshold = 0.05, defect_threshold = 0.95, audit_share = 0.05"));

test("with AI assistance the inspector sees the model's answer, except on the blind share, and the verdict says which", async ({ page }) => {
  await setLevel("AI_ASSIST");
  await signInAs(page, "INSPECTOR");
  await page.goto(`/inspect/${STATION}`);
  const photo = page.getByRole("img", { name: /^Unit / });
  await expect(photo).toBeVisible({ timeout: 30_000 });
  const id = ((await photo.getAttribute("alt")) as string).replace("Unit ", "");
  const isBlind = isBlindUnit(id, 0.15);
  await expect(page.getByTestId("suggestion")).toContainText(isBlind ? "No suggestion" : /Model suggests (ok|scratch|crack|dent)/, { timeout: 30_000 });
  await page.keyboard.press("1");
  await expect
    .poll(
      () =>
        withDatabase(
          async (db) =>
            (await db.query<{ suggestion_shown: boolean; level: string }>(`SELECT suggestion_shown, level FROM verdicts WHERE capture_id = $1`, [id])).rows[0],
        ),
      { timeout: 30_000 },
    )
    .toEqual({ suggestion_shown: !isBlind, level: "AI_ASSIST" });
});

test("at partial automation the model decides confident units alone and the inspector gets the rest", async ({ page }) => {
  // Every unit is decidable at these thresholds; a fifth is still audited by a person.
  await setLevel("PARTIAL", ", ok_threshold = 0.5, defect_threshold = 0.5, audit_share = 0.2");
  await signInAs(page, "INSPECTOR");
  await page.goto(`/inspect/${STATION}`);
  await expect(page.getByTestId("decided-by-model")).not.toHaveText("0", { timeout: 30_000 });
  const photo = page.getByRole("img", { name: /^Unit / });
  await expect(photo).toBeVisible({ timeout: 60_000 });
  const shown = ((await photo.getAttribute("alt")) as string).replace("Unit ", "");
  const counts = await withDatabase(async (db) => ({
    byModel: (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM verdicts v JOIN stations s ON s.id = v.station_id WHERE s.slug = $1 AND v.source = 'MODEL' AND v.level = 'PARTIAL'`,
        [STATION],
      )
    ).rows[0]?.n,
    shownDecided: (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM verdicts WHERE capture_id = $1 AND source = 'MODEL'`, [shown])).rows[0]?.n,
  }));
  expect(counts.byModel).toBeGreaterThan(0);
  // What the inspector sees was routed to a person, not decided by the model.
  expect(counts.shownDecided).toBe(0);
});
