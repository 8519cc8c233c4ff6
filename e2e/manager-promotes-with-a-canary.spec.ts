import { expect, test } from "@playwright/test";
import { signInAs } from "./support/accounts";

test("an engineer asks for the next level, a manager approves it with a canary, sees the level and share change, then rolls it back", async ({ page }) => {
  await signInAs(page, "ENGINEER");
  await page.goto("/automation");
  let panel = page.getByRole("region", { name: "Line 1 · Screen" });
  await expect(panel.getByRole("table", { name: "Gates for AI assistance at Line 1 · Screen" })).toBeVisible();

  // One level at a time: the only promotion offered from shadow is AI assistance.
  const request = panel.getByRole("form", { name: "Request a promotion of Line 1 · Screen" });
  await expect(request).toContainText("Next level: AI assistance");
  await request.getByLabel("Rollout").selectOption("canary");
  await request.getByLabel("Why").fill("two months of clean shadow evidence");
  await request.getByRole("button", { name: "Request AI assistance" }).click();
  await expect(panel).toContainText("Emil Engineer asks to move to AI assistance as a canary (10% → 50% → 100%)");
  await expect(panel.getByRole("form", { name: "Approve the promotion" })).toHaveCount(0);

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-in/);
  await signInAs(page, "MANAGER");
  panel = page.getByRole("region", { name: "Line 1 · Screen" });
  // The card leads with the decision to make now.
  await expect(page.getByTestId("headline-line-1-screen")).toHaveText(
    /^(Ready to approve: AI assistance, all gates pass|Waiting for a decision on AI assistance) \(asked by Emil Engineer\)/,
  );

  const approve = panel.getByRole("form", { name: "Approve the promotion" });
  await approve.getByLabel("Reason for approving").fill("agreed at the Monday review");
  await approve.getByRole("button", { name: "Approve" }).click();

  await expect(page.getByTestId("level-line-1-screen")).toHaveText("AI assistance");
  await expect(page.getByTestId("canary-line-1-screen")).toContainText("Canary: 10% of units at AI assistance, the rest at Shadow (step 1 of 3");
  await expect(page.getByTestId("headline-line-1-screen")).toHaveText(/^Canary under way: 10% of units at AI assistance/);
  const trail = page.getByRole("table", { name: "Audit trail" });
  await expect(trail).toContainText("CANARY_STARTED (Shadow → AI assistance)");

  page.once("dialog", (dialog) => dialog.accept("inspectors distrust the suggestions"));
  await panel.getByRole("button", { name: "Roll back canary Line 1 · Screen" }).click();
  await expect(page.getByTestId("level-line-1-screen")).toHaveText("Shadow");
  await expect(page.getByTestId("canary-line-1-screen")).toHaveCount(0);
  await expect(trail).toContainText("LEVEL_DEMOTED (AI assistance → Shadow)");
  await expect(trail).toContainText("inspectors distrust the suggestions");

  // The whole trail, filtered to the approvals.
  await page.getByRole("link", { name: "Every event, filtered" }).click();
  const filter = page.getByRole("form", { name: "Filter the audit trail" });
  await filter.getByLabel("Action").selectOption("PROMOTION_APPROVED");
  await filter.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=PROMOTION_APPROVED/);
  await filter.locator('select[name="station"]').selectOption("line-1-screen");
  await filter.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/station=line-1-screen/);
  const rows = page.getByRole("table", { name: "Audit trail" }).getByRole("row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("agreed at the Monday review");
});
