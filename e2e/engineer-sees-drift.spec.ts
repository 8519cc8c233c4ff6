import { expect, test } from "@playwright/test";
import { signInAs } from "./support/accounts";

// The demo history holds an episode of shifted lighting on one station: its
// drift was checked window by window when the history was seeded.
test("an engineer sees the drift alert and the shifted distribution on /drift", async ({ page }) => {
  await signInAs(page, "ENGINEER");
  await page.getByRole("link", { name: "Drift", exact: true }).click();
  await expect(page).toHaveURL(/\/drift/);
  // Find the station whose history drifted: the alerts table lists a data alert on brightness.
  const links = page.getByRole("navigation", { name: "Stations" }).getByRole("link");
  const hrefs = await links.evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href") ?? ""));
  let found = false;
  for (const href of hrefs) {
    await page.goto(href);
    await expect(page.getByRole("navigation", { name: "Stations" }).locator('[aria-current="page"]')).toHaveAttribute("href", href);
    if ((await page.getByTestId("drift-alert").filter({ hasText: "brightness" }).count()) > 0) {
      found = true;
      break;
    }
  }
  expect(found).toBe(true);
  const alert = page.getByTestId("drift-alert").filter({ hasText: "brightness" }).first();
  await expect(alert).toContainText("data");
  // PSI over time and the reference-vs-current distribution of brightness.
  const card = page.getByRole("region", { name: "data · brightness" });
  await expect(card.getByRole("img", { name: "data · brightness: PSI over time" })).toBeVisible();
  await expect(card.getByRole("img", { name: "data · brightness: reference vs current distribution" })).toBeVisible();
  await card.getByText("Numbers as a table").click();
  await expect(card.getByRole("row").filter({ hasText: "yes" }).first()).toBeVisible();
});

test("an engineer makes a calm day the drift reference, then goes back to the model's", async ({ page }) => {
  await signInAs(page, "ENGINEER");
  await page.goto("/drift");
  const reference = page.getByTestId("drift-reference");
  await expect(reference).toContainText("training photos");
  // Only managers and admins set whether drift demotes.
  await expect(page.getByRole("form", { name: "Drift policy" })).toHaveCount(0);
  await page.getByText("Pick a baseline window").click();
  const days = page.getByRole("table", { name: "Recent days" });
  await expect(days.getByRole("row").nth(1)).toBeVisible();
  const pick = page.getByRole("form", { name: "Use a baseline window" });
  // The form proposes the latest full day with no data window past its threshold.
  await expect(pick.getByLabel("From")).not.toHaveValue("");
  await pick.getByLabel("Why").fill("the line's lights as approved after the retrofit");
  await pick.getByRole("button", { name: "Use this window" }).click();
  await expect(reference).toContainText(/Reference: baseline .* predictions\)/);

  const back = page.getByRole("form", { name: "Use the model's training statistics" });
  await back.getByLabel("Why").fill("retrofit reverted");
  await back.getByRole("button", { name: "Back to the model's statistics" }).click();
  await expect(reference).toContainText("training photos");

  // Both choices are in the station's trail.
  await page.goto("/automation/audit?action=DRIFT_BASELINE_SET");
  await expect(page.getByRole("row").filter({ hasText: "retrofit reverted" })).toBeVisible();
});
