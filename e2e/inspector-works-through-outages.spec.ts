import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./support/accounts";
import { OwnServer } from "./support/own-server";

// Its own server, so it can be restarted mid-shift.
const server = new OwnServer(Number(process.env.E2E_PORT ?? 3100) + 1, "e2e-outages");
test.afterAll(() => server.stop());

async function judge(page: Page, count: number, judged: string[]): Promise<void> {
  const photo = page.getByRole("img", { name: /^Unit / });
  for (let i = 0; i < count; i++) {
    // The next unit may still be on its way (fetched and decoded in turn).
    await expect(photo).toBeVisible({ timeout: 30_000 });
    const alt = (await photo.getAttribute("alt")) as string;
    await page.keyboard.press(String((judged.length % 4) + 1));
    judged.push(alt.replace("Unit ", ""));
    await expect(page.getByRole("img", { name: alt, exact: true })).toHaveCount(0);
  }
}

/** Photos the page holds decoded: the unit on screen and the ones kept ready behind it. */
async function unitsInHand(page: Page): Promise<number> {
  return page.locator('img[src^="blob:"]').count();
}

test("every verdict arrives exactly once through a network outage and a server restart", async ({ page, context }) => {
  test.setTimeout(300_000);
  await server.start();
  const { email, password } = server.credentials("INSPECTOR");
  await signIn(page, email, password, server.baseUrl);
  await page.goto(`${server.baseUrl}/inspect/line-2-back-glass`);

  const judged: string[] = [];
  await judge(page, 2, judged);

  // Offline, only the units already on the device can be judged: wait for two of them, judge them and whatever else is in hand.
  await expect.poll(() => unitsInHand(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  await context.setOffline(true);
  await judge(page, 2, judged);
  const allJudgedOffline = page.getByRole("status").filter({ hasText: /^Offline: every unit on this device is judged\./ });
  for (let i = 0; i < 10; i++) {
    await expect(page.getByRole("img", { name: /^Unit / }).or(allJudgedOffline)).toBeVisible({ timeout: 30_000 });
    if (await allJudgedOffline.isVisible()) break;
    await judge(page, 1, judged);
  }
  await expect(allJudgedOffline).toBeVisible();
  await expect(page.getByTestId("connection")).toHaveText(/^Offline/);
  await expect(page.getByTestId("uploads")).toHaveText(/verdicts? waiting/);

  // Back online, but the server goes down before the outbox has delivered.
  await server.stop();
  await context.setOffline(false);
  await page.waitForTimeout(6_000);
  await expect(page.getByTestId("uploads")).toHaveText(/verdicts? waiting/);
  await page.reload().catch(() => undefined); // the outbox must survive a reload too
  await server.start();
  await page.goto(`${server.baseUrl}/inspect/line-2-back-glass`);
  await expect(page.getByTestId("uploads")).toHaveText(/^(All verdicts saved|Nothing waiting to be sent)\.$/, { timeout: 60_000 });
  await judge(page, 1, judged);

  const stored = () =>
    server.query<{ capture_id: string; n: number }>(`SELECT capture_id, count(*)::int AS n FROM verdicts WHERE source = 'INSPECTOR' GROUP BY capture_id`);
  // The last verdict is held for its undo window, then delivered.
  await expect.poll(async () => (await stored()).length, { timeout: 30_000 }).toBe(judged.length);
  await expect(page.getByTestId("uploads")).toHaveText(/^(All verdicts saved|Nothing waiting to be sent)\.$/, { timeout: 30_000 });
  // Nothing judged before the reload was shown again.
  expect(new Set(judged).size).toBe(judged.length);
  const rows = await stored();
  expect(rows.map((r) => r.capture_id).sort()).toEqual([...judged].sort());
  expect(rows.every((r) => r.n === 1)).toBe(true);
});
