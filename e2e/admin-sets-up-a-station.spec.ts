import { expect, test } from "@playwright/test";
import { signInAs, withDatabase } from "./support/accounts";

test("an admin sets up a station with its own defect classes on /admin and changes them; inspectors get one key per class in use", async ({
  page,
  browser,
  baseURL,
}) => {
  await signInAs(page, "ADMIN");
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Create station" });
  await form.getByLabel("Name").fill("Line 3 · Camera glass");
  await form.getByLabel(/^Slug/).fill("line-3-camera-glass");
  await form.getByLabel(/^Defect classes/).fill("Scratch, Cracked lens, Dust");
  await form.getByRole("button", { name: "Create station" }).click();
  await expect(form.getByRole("status")).toContainText("Station Line 3 · Camera glass created at humans only");
  const stations = page.getByRole("table", { name: "Stations" });
  await expect(stations.getByRole("row", { name: /Line 3 · Camera glass/ })).toContainText("Scratch, Cracked lens, Dust");

  // Mistakes are told, and change nothing. (The form empties after a success.)
  await form.getByLabel("Name").fill("Line 3 · Camera glass again");
  await form.getByLabel(/^Slug/).fill("line-3-camera-glass");
  await form.getByRole("button", { name: "Create station" }).click();
  await expect(form.getByRole("alert")).toHaveText("A station with slug line-3-camera-glass exists already.");
  // After a refusal the form keeps what was typed.
  await expect(form.getByLabel("Name")).toHaveValue("Line 3 · Camera glass again");
  await form.getByLabel(/^Slug/).fill("line-3-other");
  await form.getByLabel(/^Defect classes/).fill("Scratch, OK");
  await form.getByRole("button", { name: "Create station" }).click();
  await expect(form.getByRole("alert")).toHaveText(`Defect class "OK": 'ok' is the verdict for no defect, not a defect class`);
  const stored = await withDatabase(async (db) => ({
    stations: (
      await db.query<{ slug: string; level: string }>(
        `SELECT s.slug, a.level FROM stations s JOIN station_automation a ON a.station_id = s.id WHERE s.slug LIKE 'line-3-%'`,
      )
    ).rows,
    classes: (
      await db.query<{ key: string }>(
        `SELECT d.key FROM defect_classes d JOIN stations s ON s.id = d.station_id WHERE s.slug = 'line-3-camera-glass' ORDER BY d.position`,
      )
    ).rows.map((row) => row.key),
  }));
  expect(stored).toEqual({ stations: [{ slug: "line-3-camera-glass", level: "HUMAN_ONLY" }], classes: ["scratch", "cracked-lens", "dust"] });

  // The inspector's page has a key per class, in the order typed.
  const inspector = await (await browser.newContext({ baseURL })).newPage();
  await signInAs(inspector, "INSPECTOR");
  await inspector.goto("/inspect/line-3-camera-glass");
  const verdicts = inspector.getByRole("group", { name: "Verdict" }).getByRole("button");
  await expect(verdicts).toHaveText([/^OK\s*1$/, /^Scratch\s*2$/, /^Cracked lens\s*3$/, /^Dust\s*4$/]);

  // The line changes: the admin adds a class, renames one (its key stays) and retires one, each with why.
  const classes = page.getByRole("form", { name: "Defect classes of Line 3 · Camera glass" });
  const change = async (what: string, name: string | null, why: string) => {
    await classes.getByLabel("Change").selectOption({ label: what });
    if (name !== null) await classes.getByLabel(/^Name/).fill(name);
    await classes.getByLabel("Why").fill(why);
    await classes.getByRole("button", { name: "Change defect classes" }).click();
  };
  await change("Add a class", "Oil smudge", "the new supplier's glass");
  await expect(classes.getByRole("status")).toContainText('"Oil smudge" added');
  await change("Rename Dust", "Dust speck", "what the line calls it");
  await expect(classes.getByRole("status")).toContainText('"Dust" is now "Dust speck"');
  await change("Retire Cracked lens", null, "lenses are checked at line 4 now");
  await expect(classes.getByRole("status")).toContainText('"Cracked lens" retired');
  // A class the station has already is refused with the reason, and the form keeps what was typed.
  await change("Add a class", "dust speck", "twice");
  await expect(classes.getByRole("alert")).toHaveText('The station already has "Dust speck".');
  await expect(classes.getByLabel(/^Name/)).toHaveValue("dust speck");
  await expect(stations.getByRole("row", { name: /Line 3 · Camera glass/ })).toContainText("Scratch, Dust speck, Oil smudge");
  await inspector.reload();
  await expect(verdicts).toHaveText([/^OK\s*1$/, /^Scratch\s*2$/, /^Dust speck\s*3$/, /^Oil smudge\s*4$/]);
  const trail = await withDatabase(async (db) =>
    (
      await db.query<{ action: string }>(
        `SELECT e.action FROM audit_events e JOIN stations s ON s.id = e.station_id WHERE s.slug = 'line-3-camera-glass' AND e.action LIKE 'DEFECT_CLASS_%' ORDER BY e.created_at`,
      )
    ).rows.map((row) => row.action),
  );
  expect(trail).toEqual(["DEFECT_CLASS_ADDED", "DEFECT_CLASS_RENAMED", "DEFECT_CLASS_RETIRED"]);
});

test("an admin puts stations in their people's time zones; the trail and the inspector's last verdict are written in them", async ({
  page,
  browser,
  baseURL,
}) => {
  await signInAs(page, "ADMIN");
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Create station" });
  await form.getByLabel("Name").fill("Line 5 · Back cover");
  await form.getByLabel(/^Slug/).fill("line-5-back-cover");
  await form.getByLabel(/^Time zone/).selectOption("Asia/Shanghai");
  await form.getByRole("button", { name: "Create station" }).click();
  await expect(form.getByRole("status")).toContainText("Station Line 5 · Back cover created");
  const row = page.getByRole("table", { name: "Stations" }).getByRole("row", { name: /Line 5 · Back cover/ });
  await expect(row).toContainText("Asia/Shanghai");

  const zone = page.getByRole("form", { name: "Time zone of Line 5 · Back cover" });
  await zone.getByLabel(/time zone$/).selectOption("Europe/Berlin");
  await zone.getByLabel("Why").fill("the line moved to the Berlin plant");
  await zone.getByRole("button", { name: "Save time zone" }).click();
  await expect(zone.getByRole("status")).toHaveText("Moments at this station are now shown in Europe/Berlin.");
  await expect(row).toContainText("Europe/Berlin");

  await page.goto("/automation/audit?action=STATION_TIME_ZONE_SET");
  const event = page.getByRole("table", { name: "Audit trail" }).getByRole("row").filter({ hasText: "the line moved to the Berlin plant" });
  await expect(event).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d Europe\/Berlin/);
  await expect(event).toContainText("Line 5 · Back cover");

  // The demo's Line 2 · Screen lives in Berlin: its inspector's last verdict is written in Berlin time.
  const inspector = await (await browser.newContext({ baseURL })).newPage();
  await signInAs(inspector, "INSPECTOR");
  await inspector.goto("/inspect/line-2-screen");
  await expect(inspector.getByRole("img", { name: /^Unit / })).toBeVisible({ timeout: 30_000 });
  await inspector.keyboard.press("1");
  await expect(inspector.getByTestId("last-verdict")).toContainText(/ \d\d:\d\d:\d\d Europe\/Berlin/);
});
