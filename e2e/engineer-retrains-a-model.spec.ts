import { expect, test } from "@playwright/test";
import { signInAs, withDatabase } from "./support/accounts";

test("an engineer retrains a station's model on /models, watches it, compares it with the active one and makes it the candidate", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAs(page, "ENGINEER");
  await page.goto("/models");
  const form = page.getByRole("form", { name: "Start a retraining run" });
  await form.getByLabel("Station").selectOption({ label: "Line 1 · Screen" });
  await form.getByLabel("Epochs at most").fill("40");
  // The line's two dozen photos train an epoch in a tenth of a second: forty such epochs could end before a cancel
  // lands. Nine synthetic photos to each of the line's, nine tenths of them trained on, make an epoch most of a
  // second; no early stop: the run has some twenty seconds left when the cancel is pressed, which takes one or two.
  await form.getByLabel("Synthetic photos mixed in (%)").fill("90");
  await form.getByLabel("Held out (%)").fill("10");
  await form.getByLabel("Stop early when validation stops improving").uncheck();
  await form.getByRole("button", { name: "Start retraining" }).click();
  await expect(form.getByRole("status")).toHaveText("Run queued; the trainer starts on it in a moment.");

  // A long run: it trains (the bar moves, the log grows), then the engineer cancels it.
  const long = page.getByRole("article").first();
  const version = ((await long.getByRole("heading").textContent()) ?? "").trim();
  expect(version).toMatch(/^line-1-screen-\d{8}-\d{6}-[0-9a-f]{4}$/);
  await expect(long.getByTestId("run-status")).toHaveText("training", { timeout: 60_000 });
  await expect.poll(async () => Number(await long.getByRole("progressbar").getAttribute("aria-valuenow")), { timeout: 60_000 }).toBeGreaterThan(0);
  // The whole log: the classes and the split stay above the epochs as they pile up (past the twelve lines a card once kept).
  await expect(long.getByLabel(`Log of ${version}`)).toContainText("epoch 8:", { timeout: 60_000 });
  await expect(long.getByLabel(`Log of ${version}`)).toContainText("classes: ok,");
  // One run per station at a time.
  await expect(form.getByRole("button", { name: "Start retraining" })).toBeDisabled();
  await long.getByRole("button", { name: "Cancel run" }).click();
  await expect(long.getByRole("status")).toHaveText("Cancelled.");
  await expect(long.getByTestId("run-status")).toHaveText("cancelled", { timeout: 60_000 });
  expect(await page.request.get(`/models/${version}/model.json`).then((r) => r.status())).toBe(404);

  // A short run: trained, registered, side by side with the active model, then made the candidate.
  await form.getByLabel("Epochs at most").fill("2");
  await form.getByLabel("Synthetic photos mixed in (%)").fill("0");
  await form.getByLabel("Held out (%)").fill("30");
  await form.getByLabel("Stop early when validation stops improving").check();
  await form.getByRole("button", { name: "Start retraining" }).click();
  await expect(page.getByRole("article")).toHaveCount(2);
  const run = page.getByRole("article").first();
  const trained = ((await run.getByRole("heading").textContent()) ?? "").trim();
  expect(trained).not.toBe(version);
  await expect(run.getByTestId("run-status")).toHaveText("trained and registered", { timeout: 180_000 });
  const evaluation = run.getByRole("table", { name: `Evaluation of ${trained}` });
  await expect(evaluation.getByRole("row", { name: new RegExp(`${trained} \\(new\\)`) })).toBeVisible();
  await expect(evaluation.getByRole("row", { name: /v2 \(active\)/ })).toBeVisible();
  // Served at once, no restart.
  const served = await page.request.get(`/models/${trained}/model.json`);
  expect(served.status()).toBe(200);
  expect(((await served.json()) as { format: string }).format).toBe("layers-model");

  await run.getByRole("button", { name: "Make it the candidate at Line 1 · Screen" }).click();
  await expect(run.getByRole("status")).toHaveText(`${trained} is the candidate at Line 1 · Screen.`);
  await expect(run.getByText("The candidate at Line 1 · Screen: it predicts beside the active model on every unit.")).toBeVisible();
  const candidate = await withDatabase(
    async (db) =>
      (
        await db.query<{ version: string }>(
          `SELECT m.version FROM station_automation a JOIN stations s ON s.id = a.station_id JOIN model_versions m ON m.id = a.candidate_model_id WHERE s.slug = 'line-1-screen'`,
        )
      ).rows[0]?.version,
  );
  expect(candidate).toBe(trained);
  // The trail says who trained and who cancelled.
  const trail = await withDatabase(async (db) =>
    (
      await db.query<{ action: string }>(
        `SELECT action FROM audit_events WHERE action LIKE 'TRAINING_RUN_%' OR (action = 'CANDIDATE_SET' AND evidence->>'candidate' = $1) ORDER BY created_at`,
        [trained],
      )
    ).rows.map((r) => r.action),
  );
  expect(trail).toEqual(["TRAINING_RUN_STARTED", "TRAINING_RUN_CANCELLED", "TRAINING_RUN_STARTED", "CANDIDATE_SET"]);
  // The new version has its page like a shipped one.
  await page.goto(`/models/${trained}`);
  await expect(page.getByRole("heading", { name: `Model ${trained}` })).toBeVisible();
  // Leave the line as the other tests expect it.
  await page.request.put("/api/stations/line-1-screen/candidate", { data: { version: null, reason: "end of the retraining test" } });
});

test("a run that may learn only new classes, at a line that brings none, fails saying why", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "ENGINEER");
  await page.goto("/models");
  const form = page.getByRole("form", { name: "Start a retraining run" });
  await form.getByLabel("Station").selectOption({ label: "Line 1 · Screen" });
  await form.getByLabel("Epochs at most").fill("2");
  await form
    .getByLabel(
      "Learn only the classes the active model lacks (its own classes score exactly as before; its threshold stands unless the line's ok photos show it rejects more)",
    )
    .check();
  await form.getByRole("button", { name: "Start retraining" }).click();
  await expect(form.getByRole("status")).toHaveText("Run queued; the trainer starts on it in a moment.");
  const run = page.getByRole("article").first();
  await expect(run).toContainText("its new classes only, from the active model");
  await expect(run.getByTestId("run-status")).toHaveText("failed", { timeout: 60_000 });
  await expect(run).toContainText("are all known to v2: there is no new class to learn alone");
});
