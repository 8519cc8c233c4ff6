import { expect, test, type Page } from "@playwright/test";
import { demoAccount, signInAs, withDatabase } from "./support/accounts";

// An engineer imports the end-of-line test's findings as a CSV on the station's
// page: a file with bad rows is refused whole, every problem by line; a good
// one is stored, its escapes counted; the same file again stores nothing new.
// The page's form changes data through a server action that admits its caller
// as the /api operation does: an inspector replaying it changes nothing.

const STATION = "line-2-screen";

/** Two units the station passed as ok (their deciding verdict), oldest first. */
const passedUnits = () =>
  withDatabase(async (db) =>
    (
      await db.query<{ id: string }>(
        `SELECT d.capture_id AS id FROM (
           SELECT DISTINCT ON (v.capture_id) v.capture_id, v.label, v.decided_at
             FROM verdicts v JOIN stations s ON s.id = v.station_id
            WHERE s.slug = $1 AND v.source IN ('MODEL', 'INSPECTOR')
            ORDER BY v.capture_id, v.decided_at, v.created_at) d
          WHERE d.label = 'ok' ORDER BY d.decided_at, d.capture_id LIMIT 2`,
        [STATION],
      )
    ).rows.map((row) => row.id),
  );

const storedFindings = (units: readonly string[]) =>
  withDatabase(
    async (db) =>
      (
        await db.query<{ found: string; email: string | null }>(
          `SELECT e.found, u.email FROM escapes e LEFT JOIN users u ON u.id = e.reported_by_id WHERE e.capture_id = ANY($1::uuid[]) ORDER BY e.found`,
          [units],
        )
      ).rows,
  );

async function importFile(page: Page, csv: string) {
  const form = page.getByRole("form", { name: "Import findings" });
  await form.getByLabel("CSV: unit (or external_id), found, found_at, where[, note, key]").setInputFiles({
    name: "findings.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  await form.getByRole("button", { name: "Import findings" }).click();
  return form;
}

test("an engineer imports a file of findings on the station's page: refused whole with its problems, then stored once", async ({ page, browser, baseURL }) => {
  const [passed, alsoPassed] = await passedUnits();
  expect(passed && alsoPassed, "the demo station has units it passed").toBeTruthy();
  const foundAt = new Date(Date.now() - 60_000).toISOString();
  await signInAs(page, "ENGINEER");
  await page.goto(`/automation/stations/${STATION}`);

  // Two bad rows: nothing is stored, and each is named by its line.
  const refused = await importFile(
    page,
    [
      "unit,found,found_at,where",
      `${passed},scratch,${foundAt},end-of-line test`,
      `00000000-0000-4000-8000-000000000000,scratch,${foundAt},end-of-line test`,
      `${alsoPassed},oil,${foundAt},customer return`,
    ].join("\n"),
  );
  const alert = refused.getByRole("alert");
  await expect(alert).toContainText("Nothing was imported: fix these rows and import the file again.");
  await expect(alert).toContainText("line 3: no unit 00000000-0000-4000-8000-000000000000 at this station");
  await expect(alert).toContainText('line 4: "oil" is neither "ok" nor a defect class of this station');
  expect(await storedFindings([passed!, alsoPassed!])).toEqual([]);

  // The fixed file: a scratch on a unit the station passed is an escape; a unit found good is not.
  const good = [
    "unit,found,found_at,where,note",
    `${passed},scratch,${foundAt},end-of-line test,hairline at the camera`,
    `${alsoPassed},ok,${foundAt},end-of-line test,`,
  ].join("\n");
  const sent = page.waitForRequest((request) => request.method() === "POST" && Boolean(request.headers()["next-action"]));
  const form = await importFile(page, good);
  const request = await sent;
  await expect(form.getByRole("status")).toHaveText("2 findings in the file, 1 of them an escape: 2 stored now.");
  const engineer = demoAccount("ENGINEER").email;
  expect(await storedFindings([passed!, alsoPassed!])).toEqual([
    { found: "ok", email: engineer },
    { found: "scratch", email: engineer },
  ]);

  // The same file again: every row's key is stored already, and the page says so (it once read "0 findings imported, 1 of them escape").
  await importFile(page, good);
  await expect(form.getByRole("status")).toHaveText("2 findings in the file, 1 of them an escape: 0 stored now, 2 stored before.");
  expect(await storedFindings([passed!, alsoPassed!])).toHaveLength(2);

  // The action replayed by an inspector, whose role may not report findings, with a row of its own: refused, nothing stored.
  const context = await browser.newContext({ baseURL });
  const { email, password } = demoAccount("INSPECTOR");
  expect((await context.request.post("/api/auth/sign-in/email", { data: { email, password }, headers: { origin: baseURL as string } })).status()).toBe(200);
  const forged = (request.postData() as string).replace("hairline at the camera", "forged by a replayed call").replace(",ok,", ",crack,");
  const answer = await context.request.post(new URL(request.url()).pathname, {
    data: forged,
    headers: {
      "next-action": request.headers()["next-action"] as string,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: baseURL as string,
    },
    maxRedirects: 0,
  });
  expect(await answer.text()).toContain("Your role does not allow this.");
  await context.close();
  expect(await storedFindings([passed!, alsoPassed!])).toHaveLength(2);
});
