import { expect, test } from "@playwright/test";
import { signInAs } from "../e2e/support/accounts";

// `npm run docs:screenshots`: each role's first screen after signing in, as
// the README shows it (docs/<role>.png), at 1440x900 on the demo data.
const ROLES = ["INSPECTOR", "ENGINEER", "MANAGER", "ADMIN"] as const;

for (const role of ROLES) {
  test(`${role.toLowerCase()}'s first screen`, async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await signInAs(page, role);
    await expect(page.locator("main")).toBeVisible();
    // The inspector's first photo, the dashboard's charts: let them arrive.
    await page.waitForLoadState("networkidle").catch(() => {});
    await page.waitForTimeout(1_500);
    await page.screenshot({ path: `docs/screenshots/${role.toLowerCase()}.png` });
  });
}
