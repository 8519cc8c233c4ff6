import { expect, test } from "@playwright/test";
import { signInAs, withDatabase } from "./support/accounts";

const predictionsOn = (captureId: string) =>
  withDatabase(async (db) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM predictions WHERE capture_id = $1`, [captureId])).rows[0]?.n ?? 0);

/** The outbox's rows as the inspector's own DevTools would show them. */
async function outboxRows(page: import("@playwright/test").Page): Promise<{ kind: string; captureId: string }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("understudy-outbox");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction("items").objectStore("items").getAll();
          read.onsuccess = () => {
            resolve((read.result as { kind: string; body: { captureId: string } }[]).map((item) => ({ kind: item.kind, captureId: item.body.captureId })));
            open.result.close();
          };
        };
      }),
  );
}

test("an inspector sees what they pressed, undoes within the window only, finds the keys, and never holds the model's answer first", async ({ page }) => {
  await signInAs(page, "INSPECTOR");
  await page.goto("/inspect/line-1-back-glass");
  const photo = page.getByRole("img", { name: /^Unit / });
  await expect(photo).toBeVisible({ timeout: 30_000 });
  const uploads = page.getByTestId("uploads");
  const last = page.getByTestId("last-verdict");
  const undo = page.getByRole("button", { name: /^Undo last/ });
  await expect(uploads).toHaveText("Nothing waiting to be sent.");
  await expect(last).toContainText("Nothing judged yet");
  await expect(undo).toBeDisabled();
  await expect(page.getByTestId("waiting")).toHaveText(/^\d+$/);

  // Shadow mode: the model has predicted on the unit on screen, but its answer is nowhere the inspector can read it.
  const first = ((await photo.getAttribute("alt")) as string).replace("Unit ", "");
  await page.waitForTimeout(1_500);
  expect((await outboxRows(page)).filter((row) => row.captureId === first)).toEqual([]);
  expect(await predictionsOn(first)).toBe(0);

  // A click on the photo zooms; the keys still work.
  await photo.click();
  await page.keyboard.press("2");
  await expect(last).toContainText(`Last: Scratch · unit ${first.slice(0, 8)}`);
  await expect(last).toContainText(/ \d\d:\d\d:\d\d UTC/);
  await expect(page.locator("#undo-state")).toHaveText(/^Undo possible for [1-5] s more$/);
  await expect(uploads).toHaveText("1 verdict waiting to be sent.");
  await expect(page.getByTestId("done")).toHaveText("1");
  // With the verdict in, the model's prediction on the unit leaves (the verdict waits out its undo window).
  await expect.poll(() => predictionsOn(first), { timeout: 10_000 }).toBe(1);

  // Undo within the window brings the unit back.
  await page.keyboard.press("u");
  await expect(photo).toHaveAttribute("alt", `Unit ${first}`);
  await expect(page.getByTestId("done")).toHaveText("0");

  // Past the window, Undo closes and says why.
  await page.keyboard.press("1");
  await expect(last).toContainText(`Last: OK · unit ${first.slice(0, 8)}`);
  await expect(undo).toBeEnabled();
  await expect(page.locator("#undo-state")).toHaveText("Sent: the 5-second undo window has passed", { timeout: 8_000 });
  await expect(undo).toBeDisabled();
  await expect(uploads).toHaveText("All verdicts saved.", { timeout: 30_000 });

  // `?` shows the keys; Escape closes them; while open, number keys judge nothing.
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keys" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("Scratch: the verdict, then the next unit");
  await page.keyboard.press("3");
  await expect(page.getByTestId("done")).toHaveText("1");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
  await page.screenshot({ path: test.info().outputPath("inspector-after-undo-window.png") });

  // The shift's count is the server's: a reload starts the page's own count afresh, not the shift's.
  const shift = page.getByTestId("shift");
  await expect(shift).toHaveText(/^\d+$/);
  const judgedThisShift = Number(await shift.innerText());
  expect(judgedThisShift).toBeGreaterThanOrEqual(1);
  await page.reload();
  await expect(page.getByRole("img", { name: /^Unit / })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("done")).toHaveText("0");
  await expect(shift).toHaveText(String(judgedThisShift));
  await expect(page.locator("dt", { hasText: "Judged this shift" })).toContainText(/since \d\d:\d\d UTC/);
});
