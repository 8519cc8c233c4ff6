import { expect, test, type APIRequestContext, type Browser, type Locator, type Page } from "@playwright/test";
import { demoAccount, withDatabase } from "./support/accounts";

// The role walk: every page and every API operation, for every role and for
// no one signed in, against what the role may do. The expectations are
// written out here by hand, not read from the app's own tables, so a change
// to who may do what has to change this file too.

type Role = "INSPECTOR" | "ENGINEER" | "MANAGER" | "ADMIN";
type Who = Role | "anonymous";
const EVERYONE: Who[] = ["anonymous", "INSPECTOR", "ENGINEER", "MANAGER", "ADMIN"];

const STATION = "line-1-screen";
const MODEL = "v2";
const SOME_ID = "00000000-0000-4000-8000-000000000000";

const PAGES: [string, Role[]][] = [
  ["/inspect", ["INSPECTOR", "ENGINEER", "ADMIN"]],
  [`/inspect/${STATION}`, ["INSPECTOR", "ENGINEER", "ADMIN"]],
  ["/dashboard", ["ENGINEER", "MANAGER", "ADMIN"]],
  ["/review", ["ENGINEER", "ADMIN"]],
  ["/drift", ["ENGINEER", "MANAGER", "ADMIN"]],
  ["/models", ["ENGINEER", "ADMIN"]],
  [`/models/${MODEL}`, ["ENGINEER", "ADMIN"]],
  ["/automation", ["ENGINEER", "MANAGER", "ADMIN"]],
  ["/automation/audit", ["ENGINEER", "MANAGER", "ADMIN"]],
  [`/automation/stations/${STATION}`, ["ENGINEER", "MANAGER", "ADMIN"]],
  ["/admin", ["ADMIN"]],
  ["/account", ["INSPECTOR", "ENGINEER", "MANAGER", "ADMIN"]],
  ["/glossary", ["INSPECTOR", "ENGINEER", "MANAGER", "ADMIN"]],
];

/** Method, path, a body that changes nothing even when allowed (it fails validation or names nothing), and who may call it. */
const OPERATIONS: [string, string, unknown, Role[] | "public" | "camera"][] = [
  ["GET", "/api/health", undefined, "public"],
  ["GET", "/api/openapi.json", undefined, "public"],
  ["GET", "/api/stations", undefined, ["INSPECTOR", "ENGINEER", "MANAGER", "ADMIN"]],
  ["POST", "/api/stations", {}, ["ADMIN"]],
  ["POST", `/api/stations/${STATION}/queue`, { count: 0 }, ["INSPECTOR", "ENGINEER", "ADMIN"]],
  ["POST", `/api/stations/${STATION}/predictions`, {}, ["INSPECTOR", "ENGINEER", "ADMIN"]],
  ["POST", `/api/stations/${STATION}/verdicts`, {}, ["INSPECTOR", "ENGINEER", "ADMIN"]],
  ["GET", `/api/captures/${SOME_ID}/image`, undefined, ["INSPECTOR", "ENGINEER", "MANAGER", "ADMIN"]],
  ["POST", "/api/captures", "not a photo", "camera"],
  ["POST", `/api/stations/${STATION}/promotions`, {}, ["ENGINEER", "MANAGER", "ADMIN"]],
  ["POST", `/api/promotions/${SOME_ID}/decision`, {}, ["MANAGER"]],
  ["POST", `/api/stations/${STATION}/demotion`, {}, ["MANAGER", "ADMIN"]],
  ["PUT", `/api/stations/${STATION}/candidate`, {}, ["ENGINEER", "MANAGER", "ADMIN"]],
  ["POST", `/api/stations/${STATION}/model-switch`, {}, ["MANAGER", "ADMIN"]],
  ["PUT", `/api/stations/${STATION}/drift-reference`, {}, ["ENGINEER", "ADMIN"]],
  ["PUT", `/api/stations/${STATION}/drift-policy`, {}, ["MANAGER", "ADMIN"]],
  ["POST", `/api/stations/${STATION}/evidence-reset`, {}, ["ENGINEER", "ADMIN"]],
  ["PUT", `/api/stations/${STATION}/blind-share`, {}, ["MANAGER", "ADMIN"]],
  ["PUT", `/api/stations/${STATION}/region`, {}, ["ENGINEER", "ADMIN"]],
  ["POST", `/api/stations/${STATION}/defect-classes`, {}, ["ADMIN"]],
  ["GET", `/api/stations/${STATION}/training-runs`, undefined, ["ENGINEER", "ADMIN"]],
  ["POST", `/api/stations/${STATION}/training-runs`, { epochs: 0 }, ["ENGINEER", "ADMIN"]],
  ["POST", `/api/training-runs/${SOME_ID}/cancel`, {}, ["ENGINEER", "ADMIN"]],
  ["GET", `/api/stations/${STATION}/tokens`, undefined, ["ADMIN"]],
  ["POST", `/api/stations/${STATION}/tokens`, {}, ["ADMIN"]],
  ["DELETE", `/api/stations/${STATION}/tokens/${SOME_ID}`, undefined, ["ADMIN"]],
  ["GET", "/api/users", undefined, ["ADMIN"]],
  ["POST", "/api/users", {}, ["ADMIN"]],
  ["PUT", `/api/users/${SOME_ID}/status`, {}, ["ADMIN"]],
  ["PUT", `/api/users/${SOME_ID}/role`, {}, ["ADMIN"]],
  ["POST", `/api/users/${SOME_ID}/password-reset`, {}, ["ADMIN"]],
  ["POST", `/api/users/${SOME_ID}/sign-in-unlock`, {}, ["ADMIN"]],
];

test("an unknown API path answers a problem+json 404", async ({ request }) => {
  const response = await request.post("/api/no-such-thing", { data: {} });
  expect(response.status()).toBe(404);
  expect(response.headers()["content-type"]).toBe("application/problem+json");
  expect(((await response.json()) as { detail: string }).detail).toContain("/api/openapi.json");
});

test("implausible dates typed into a page's filters are clamped, never a 500", async ({ browser, baseURL }) => {
  const engineer = await contextFor(browser, "ENGINEER", baseURL as string);
  for (const path of [
    "/dashboard?from=0001-01-01&to=9999-12-31",
    "/dashboard?to=9999-12-31",
    "/automation/audit?from=0001-01-01&to=9999-12-31",
    "/dashboard?from=2026-13-45",
  ]) {
    expect((await engineer.get(path)).status(), path).toBe(200);
  }
});

test("a method a path does not take answers a problem+json 405 naming the ones it does", async ({ request }) => {
  const refused = await request.delete("/api/health");
  expect(refused.status()).toBe(405);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
  expect(refused.headers()["allow"]).toBe("GET");
  expect(((await refused.json()) as { detail: string }).detail).toContain("/api/health does not take DELETE");
  const get = await request.get(`/api/stations/${STATION}/verdicts`);
  expect([get.status(), get.headers()["allow"]]).toEqual([405, "POST"]);
  const options = await request.fetch("/api/stations", { method: "OPTIONS" });
  expect([options.status(), options.headers()["allow"]]).toEqual([204, "GET, HEAD, OPTIONS, POST"]);
});

async function contextFor(browser: Browser, who: Who, baseURL: string): Promise<APIRequestContext> {
  const context = await browser.newContext({ baseURL });
  if (who !== "anonymous") {
    const { email, password } = demoAccount(who);
    const response = await context.request.post("/api/auth/sign-in/email", { data: { email, password }, headers: { origin: baseURL } });
    expect(response.status(), `sign-in as ${who}`).toBe(200);
  }
  return context.request;
}

test("every role (and no one) gets exactly what it may on every page and API operation", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const failures: string[] = [];
  for (const who of EVERYONE) {
    const request = await contextFor(browser, who, baseURL as string);
    for (const [path, roles] of PAGES) {
      const response = await request.get(path, { maxRedirects: 0 });
      const status = response.status();
      const expected = who === "anonymous" ? "redirect to /sign-in" : roles.includes(who) ? "200" : "403";
      const actual =
        status >= 300 && status < 400
          ? response.headers().location?.startsWith("/sign-in")
            ? "redirect to /sign-in"
            : `redirect to ${response.headers().location}`
          : String(status);
      if (actual !== expected) failures.push(`${who} GET ${path}: ${actual}, expected ${expected}`);
    }
    for (const [method, path, body, roles] of OPERATIONS) {
      const response = await request.fetch(path, {
        method,
        ...(body === undefined ? {} : typeof body === "string" ? { data: body, headers: { "content-type": "image/png" } } : { data: body }),
        maxRedirects: 0,
      });
      const status = response.status();
      let ok: boolean;
      let expected: string;
      if (roles === "public") [ok, expected] = [status === 200, "200"];
      else if (roles === "camera") [ok, expected] = [status === 401, "401 (a station token, never a session)"];
      else if (who === "anonymous") [ok, expected] = [status === 401, "401"];
      else if (roles.includes(who)) [ok, expected] = [status !== 401 && status !== 403 && status < 500, "past the role check (not 401/403/5xx)"];
      else [ok, expected] = [status === 403, "403"];
      if (!ok) failures.push(`${who} ${method} ${path}: ${status}, expected ${expected}`);
    }
  }
  expect(failures).toEqual([]);
});

/** Signs a browser context in through the sign-in page, as a person would. */
async function signedInPage(browser: Browser, role: Role, baseURL: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL })).newPage();
  const { email, password } = demoAccount(role);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  return page;
}

/** The server action fields of a rendered form (Next's $ACTION_* inputs), as its owner's browser has them. */
async function serverActionFields(form: Locator): Promise<Record<string, string>> {
  const fields = await form.evaluate(
    (element) => [...new FormData(element as HTMLFormElement).entries()].filter(([, v]) => typeof v === "string") as [string, string][],
  );
  const hidden = fields.filter(([name]) => name.startsWith("$ACTION"));
  expect(hidden.length, "the form posts to a server action").toBeGreaterThan(0);
  return Object.fromEntries(hidden);
}

/** Posts a server action's form as `who`, without JavaScript, from the app's own origin. */
async function replayAction(browser: Browser, baseURL: string, who: Who, page: string, multipart: Record<string, string>) {
  const request = await contextFor(browser, who, baseURL);
  return request.post(page, { multipart, headers: { origin: baseURL }, maxRedirects: 0 });
}

// forbidden() inside a form action without JavaScript: Next 16 answers its
// not-found page (404), with JavaScript 403; no one signed in is sent to sign-in.
const isRefused = (who: Who, status: number) => (who === "anonymous" ? [303, 307, 401, 403, 404].includes(status) : [403, 404].includes(status));

test("the admin's create-account action, replayed by anyone else, is refused and changes nothing", async ({ browser, baseURL }) => {
  const origin = baseURL as string;
  const page = await signedInPage(browser, "ADMIN", origin);
  await page.goto("/admin");
  const action = await serverActionFields(page.getByRole("form", { name: "Create account" }));
  const fieldsFor = (account: string) => ({
    ...action,
    email: account,
    name: account.split("@")[0] as string,
    role: "ADMIN",
    password: "a long enough password",
  });

  // The replay itself works: the admin's own replay creates the account...
  const own = await replayAction(browser, origin, "ADMIN", "/admin", fieldsFor("alice-replayed@understudy.test"));
  expect(own.status(), await own.text().then((t) => t.slice(0, 300))).toBe(200);
  await page.reload();
  await expect(page.getByRole("table", { name: "Accounts" })).toContainText("alice-replayed@understudy.test");
  // ...and every other role's, filled in to make themselves an admin, is refused.
  for (const who of EVERYONE.filter((w) => w !== "ADMIN")) {
    const account = `mallory-${who.toLowerCase()}@understudy.test`;
    const refused = await replayAction(browser, origin, who, "/admin", fieldsFor(account));
    expect(isRefused(who, refused.status()), `${who}: ${refused.status()}`).toBe(true);
    const stored = await withDatabase(async (db) => (await db.query(`SELECT 1 FROM users WHERE email = $1`, [account])).rowCount);
    expect(stored, `${who} created no account`).toBe(0);
  }
});

test("the admin's create-station action, replayed by anyone else, is refused and changes nothing", async ({ browser, baseURL }) => {
  const origin = baseURL as string;
  const page = await signedInPage(browser, "ADMIN", origin);
  await page.goto("/admin");
  const action = await serverActionFields(page.getByRole("form", { name: "Create station" }));
  const fieldsFor = (slug: string) => ({ ...action, slug, name: slug, defectClasses: "Scratch" });
  const stored = (slug: string) => withDatabase(async (db) => (await db.query(`SELECT 1 FROM stations WHERE slug = $1`, [slug])).rowCount);

  const own = await replayAction(browser, origin, "ADMIN", "/admin", fieldsFor("replayed-by-admin"));
  expect(own.status(), await own.text().then((t) => t.slice(0, 300))).toBe(200);
  expect(await stored("replayed-by-admin")).toBe(1);
  for (const who of EVERYONE.filter((w) => w !== "ADMIN")) {
    const slug = `replayed-by-${who.toLowerCase()}`;
    const refused = await replayAction(browser, origin, who, "/admin", fieldsFor(slug));
    expect(isRefused(who, refused.status()), `${who}: ${refused.status()}`).toBe(true);
    expect(await stored(slug), `${who} created no station`).toBe(0);
  }
});

test("the admin's approval-policy action, replayed by anyone else, is refused and changes nothing", async ({ browser, baseURL }) => {
  const origin = baseURL as string;
  const page = await signedInPage(browser, "ADMIN", origin);
  await page.goto("/admin");
  const action = await serverActionFields(page.getByRole("form", { name: /^Approval policy of / }).first());
  const fields = (reason: string) => ({ ...action, station: STATION, singlePersonApproval: "on", reason });
  const policy = () =>
    withDatabase(
      async (db) =>
        (
          await db.query<{ single: boolean }>(
            `SELECT a.single_person_approval AS single FROM station_automation a JOIN stations s ON s.id = a.station_id WHERE s.slug = $1`,
            [STATION],
          )
        ).rows[0]?.single,
    );
  const audited = () =>
    withDatabase(async (db) => Number((await db.query(`SELECT count(*) FROM audit_events WHERE action = 'APPROVAL_POLICY_SET'`)).rows[0]?.count));

  const before = await audited();
  for (const who of EVERYONE.filter((w) => w !== "ADMIN")) {
    const refused = await replayAction(browser, origin, who, "/admin", fields(`${who} approves alone`));
    expect(isRefused(who, refused.status()), `${who}: ${refused.status()}`).toBe(true);
    expect(await policy(), `${who} changed no approval policy`).toBe(false);
  }
  expect(await audited()).toBe(before);
  const own = await replayAction(browser, origin, "ADMIN", "/admin", fields("one manager on the night shift"));
  expect(own.status(), await own.text().then((t) => t.slice(0, 300))).toBe(200);
  expect(await policy()).toBe(true);
  expect(await audited()).toBe(before + 1);
  // Back to four eyes for the other journeys.
  await replayAction(browser, origin, "ADMIN", "/admin", { ...action, station: STATION, reason: "back to four eyes" });
  expect(await policy()).toBe(false);
});

test("the review's adjudication action, replayed by a role that may not settle truth, is refused and changes nothing", async ({ browser, baseURL }) => {
  const origin = baseURL as string;
  const page = await signedInPage(browser, "ENGINEER", origin);
  await page.goto(`/review?station=${STATION}`);
  const form = page.getByRole("form", { name: /^Adjudicate unit / }).last();
  await expect(form).toBeVisible({ timeout: 30_000 });
  const action = await serverActionFields(form);
  const captureId = await form.locator('input[name="captureId"]').inputValue();
  const labels = await form.locator('input[name="truth"]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
  const settled = () =>
    withDatabase(
      async (db) =>
        (
          await db.query<{ truth: string; note: string; adjudicator_id: string; created_at: Date }>(
            `SELECT truth, note, adjudicator_id, created_at FROM adjudications WHERE capture_id = $1`,
            [captureId],
          )
        ).rows,
    );
  const before = await settled();
  const fields = (note: string) => ({ ...action, captureId, truth: labels.at(-1) as string, note });

  for (const who of EVERYONE.filter((w) => w !== "ENGINEER" && w !== "ADMIN")) {
    const refused = await replayAction(browser, origin, who, "/review", fields(`settled by ${who}`));
    expect(isRefused(who, refused.status()), `${who}: ${refused.status()}`).toBe(true);
    expect(await settled(), `${who} changed no adjudication`).toEqual(before);
  }
  // The engineer's own replay settles the unit, and goes back to the list with the confirmation.
  const own = await replayAction(browser, origin, "ENGINEER", "/review", fields("settled by the engineer's replay"));
  expect(own.status(), await own.text().then((t) => t.slice(0, 300))).toBe(303);
  expect(own.headers()["location"]).toContain(`settledUnit=${captureId}`);
  const after = await settled();
  expect(after).toHaveLength(1);
  expect(after[0]).toMatchObject({ truth: labels.at(-1), note: "settled by the engineer's replay" });
});

test("pages carry the security headers and a nonce-based CSP that tfjs runs under", async ({ page, baseURL }) => {
  const response = await page.request.get("/sign-in");
  const headers = response.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic' 'wasm-unsafe-eval'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  // A fresh nonce per answer.
  const again = (await page.request.get("/sign-in")).headers()["content-security-policy"];
  expect(again).not.toBe(csp);

  // The model page runs tfjs (wasm in a worker) with no CSP violation.
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const { email, password } = demoAccount("ENGINEER");
  await page.goto(`${baseURL}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.goto(`/inspect/${STATION}`);
  await expect(page.getByRole("img").first()).toBeVisible();
  await page.waitForTimeout(1500);
  expect(violations).toEqual([]);
});

test("an admin creates a camera token on /admin, a camera posts with it, and revoking it locks the camera out", async ({ page, baseURL }) => {
  const { email, password } = demoAccount("ADMIN");
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.goto("/admin");
  const section = page.getByRole("region", { name: /^Camera tokens of / }).first();
  const stationName = ((await section.getAttribute("aria-label")) as string).replace("Camera tokens of ", "");
  await section.getByLabel("Camera name").fill("bench camera 7");
  await section.getByRole("button", { name: "Create token" }).click();
  const token = (await section.getByTestId("new-token").textContent())?.trim() as string;
  expect(token).toMatch(/^ust_/);
  await expect(section.getByTestId("station-token").filter({ hasText: "bench camera 7" })).toContainText("live");

  // The camera: a real PNG (32x32 grey), its own station's token, no session.
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAAAAABWESUoAAAAFklEQVR4nGNoIAAYRhWMKhhVMFIVAABCAAAfNUt+NwAAAABJRU5ErkJggg==", "base64");
  const camera = await page.context().browser()!.newContext({ baseURL });
  const post = (externalId: string) =>
    camera.request.post(`/api/captures?externalId=${externalId}`, { data: png, headers: { authorization: `Bearer ${token}`, "content-type": "image/png" } });
  const accepted = await post("e2e-token-1");
  expect(accepted.status(), await accepted.text()).toBe(201);

  page.once("dialog", (dialog) => void dialog.accept());
  await section.getByRole("button", { name: "Revoke bench camera 7" }).click();
  await expect(section.getByTestId("station-token").filter({ hasText: "bench camera 7" })).toContainText("revoked");
  expect((await post("e2e-token-2")).status()).toBe(401);
  // The secret is shown once: after a reload the page no longer has it.
  await page.reload();
  await expect(page.getByText(token)).toHaveCount(0);
  expect(stationName.length).toBeGreaterThan(0);
  await camera.close();
});
