import { expect, test } from "@playwright/test";
import { demoAccount, signInAs, withDatabase } from "./support/accounts";

const LABELS = ["ok", "scratch", "crack", "dent"];

test("an inspector labels 20 units with the keyboard; each verdict and shadow prediction is stored once, and the model stays hidden", async ({ page }) => {
  await signInAs(page, "INSPECTOR");
  await page.goto("/inspect/line-1-back-glass");
  const photo = page.getByRole("img", { name: /^Unit / });
  const judged: { id: string; label: string }[] = [];
  for (let i = 0; i < 20; i++) {
    await expect(photo).toBeVisible({ timeout: 30_000 });
    const alt = (await photo.getAttribute("alt")) as string;
    await page.keyboard.press(String((i % 4) + 1));
    judged.push({ id: alt.replace("Unit ", ""), label: LABELS[i % 4] as string });
    await expect(photo).not.toHaveAttribute("alt", alt, { timeout: 30_000 }); // the next may still be loading
  }
  await expect(page.getByTestId("done")).toHaveText("20");
  // Shadow mode: no suggestion, score or decision of the model anywhere on the page.
  await expect(page.getByTestId("suggestion")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(/suggest|confidence|P\(|0\.\d{3}/i);
  await expect(page.getByTestId("uploads")).toHaveText(/^(All verdicts saved|Nothing waiting to be sent)\.$/, { timeout: 60_000 });

  const ids = judged.map((unit) => unit.id);
  const { verdicts, predictions } = await withDatabase(async (db) => ({
    verdicts: (
      await db.query<{ capture_id: string; label: string; email: string | null }>(
        // Every verdict on the units this test judged, by anyone; the same inspector's verdicts on other units (an earlier test's) are not this test's.
        `SELECT v.capture_id, v.label, u.email FROM verdicts v LEFT JOIN users u ON u.id = v.inspector_id WHERE v.capture_id = ANY($1::uuid[])`,
        [ids],
      )
    ).rows,
    predictions: (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM predictions WHERE capture_id = ANY($1::uuid[])`, [ids])).rows[0]?.n,
  }));
  expect(verdicts.map((v) => ({ id: v.capture_id, label: v.label })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
    [...judged].sort((a, b) => a.id.localeCompare(b.id)),
  );
  expect(new Set(verdicts.map((v) => v.email))).toEqual(new Set([demoAccount("INSPECTOR").email]));
  expect(predictions).toBe(20);
});
