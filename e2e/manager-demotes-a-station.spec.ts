import { expect, test } from "@playwright/test";
import { signInAs, withDatabase } from "./support/accounts";

test("a manager moves a station down one level with a reason, and the trail shows it", async ({ page }) => {
  // Promotion arrives with the automation ladder; until then the station is put at PARTIAL directly.
  await withDatabase((db) =>
    db.query(
      `UPDATE station_automation SET level = 'PARTIAL'
        WHERE station_id = (SELECT id FROM stations WHERE slug = 'line-2-back-glass')`,
    ),
  );
  await signInAs(page, "MANAGER");
  await expect(page.getByTestId("level-line-2-back-glass")).toHaveText("Partial automation");

  page.once("dialog", (dialog) => dialog.accept("escaped defects on the night shift"));
  await page.getByRole("button", { name: "Demote Line 2 · Back glass" }).click();

  await expect(page.getByTestId("level-line-2-back-glass")).toHaveText("AI assistance");
  const trail = page.getByRole("table", { name: "Audit trail" });
  await expect(trail).toContainText("LEVEL_DEMOTED (Partial automation → AI assistance)");
  await expect(trail).toContainText("escaped defects on the night shift");
  await expect(trail).toContainText("Mona Manager");
});
