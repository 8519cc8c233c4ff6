import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signInAs } from "./support/accounts";

// Every page, as the role that works on it, on a phone (390x844), a laptop
// (1280x720) and a desktop (1440x900): nothing wider than the screen, and no
// serious or critical accessibility violation by axe. Each page's screenshot
// is kept with the test's results (test-results/, the HTML report).

type Role = "INSPECTOR" | "ENGINEER" | "MANAGER" | "ADMIN";

const PAGES: [string, Role][] = [
  ["/inspect", "INSPECTOR"],
  ["/inspect/line-1-screen", "INSPECTOR"],
  ["/dashboard", "ENGINEER"],
  ["/review", "ENGINEER"],
  ["/drift", "ENGINEER"],
  ["/models", "ENGINEER"],
  ["/models/v2", "ENGINEER"],
  ["/automation", "MANAGER"],
  ["/automation/audit", "MANAGER"],
  ["/automation/stations/line-1-screen", "MANAGER"],
  ["/admin", "ADMIN"],
  ["/account", "INSPECTOR"],
  ["/glossary", "MANAGER"],
];

const VIEWPORTS = [
  { name: "phone", width: 390, height: 844 },
  { name: "laptop", width: 1280, height: 720 },
  { name: "desktop", width: 1440, height: 900 },
] as const;

for (const viewport of VIEWPORTS) {
  test(`every page fits a ${viewport.name} (${viewport.width}x${viewport.height}) and passes axe`, async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    let signedInAs: Role | null = null;
    const problems: string[] = [];
    for (const [path, role] of PAGES) {
      if (signedInAs !== role) {
        await page.context().clearCookies();
        await signInAs(page, role);
        signedInAs = role;
      }
      await page.goto(path);
      await expect(page.locator("main")).toBeVisible();
      // Let client charts and the inspector's first photo settle before measuring.
      await page.waitForLoadState("networkidle").catch(() => {});
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 1) problems.push(`${path}: ${overflow}px wider than the ${viewport.width}px screen`);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      for (const violation of results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
        problems.push(
          `${path}: ${violation.impact} ${violation.id} (${violation.help}) at ${violation.nodes
            .map((n) => n.target.join(" "))
            .slice(0, 3)
            .join(", ")}`,
        );
      }
      await testInfo.attach(`${viewport.name}${path.replace(/\//g, "_")}.png`, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });
}
