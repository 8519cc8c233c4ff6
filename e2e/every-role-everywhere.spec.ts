import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { demoAccount } from "./support/accounts";

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
  ["GET", `/api/stations/${STATION}/tokens`, undefined, ["ADMIN"]],
  ["POST", `/api/stations/${STATION}/tokens`, {}, ["ADMIN"]],
  ["DELETE", `/api/stations/${STATION}/tokens/${SOME_ID}`, undefined, ["ADMIN"]],
  ["GET", "/api/users", undefined, ["ADMIN"]],
  ["POST", "/api/users", {}, ["ADMIN"]],
];

test("an unknown API path answers a problem+json 404", async ({ request }) => {
  const response = await request.post("/api/no-such-thing", { data: {} });
  expect(response.status()).toBe(404);
  expect(response.headers()["content-type"]).toBe("application/problem+json");
  expect(((await response.json()) as { detail: string }).detail).toContain("/api/openapi.json");
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
      const actual = status >= 300 && status < 400 ? (response.headers().location?.startsWith("/sign-in") ? "redirect to /sign-in" : `redirect to ${response.headers().location}`) : String(status);
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

test("a server action replayed by a role that may not use it is refused and changes nothing", async ({ browser, baseURL }) => {
  // The admin's create-account form, as the admin's browser has it.
  const admin = await browser.newContext({ baseURL });
  const page = await admin.newPage();
  const { email, password } = demoAccount("ADMIN");
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Create account" });
  await expect(form).toBeVisible();
  const fields = await form.evaluate((element) => [...new FormData(element as HTMLFormElement).entries()].filter(([, v]) => typeof v === "string") as [string, string][]);
  const hidden = fields.filter(([name]) => name.startsWith("$ACTION"));
  expect(hidden.length, "the form posts to a server action").toBeGreaterThan(0);

  const replay = async (who: Role, account: string) => {
    const request = await contextFor(browser, who, baseURL as string);
    const multipart: Record<string, string> = Object.fromEntries(hidden);
    Object.assign(multipart, { email: account, name: account.split("@")[0] as string, role: "ADMIN", password: "a long enough password" });
    return request.post("/admin", { multipart, headers: { origin: baseURL as string }, maxRedirects: 0 });
  };
  // The replay itself works: the admin's own replay creates the account...
  const own = await replay("ADMIN", "alice-replayed@understudy.test");
  expect(own.status(), await own.text().then((t) => t.slice(0, 300))).toBe(200);
  await page.reload();
  await expect(page.getByRole("table", { name: "Accounts" })).toContainText("alice-replayed@understudy.test");
  // ...and an inspector's, filled in to make themselves an admin, is refused.
  const refused = await replay("INSPECTOR", "mallory@understudy.test");
  // forbidden() inside a form action without JavaScript: Next 16 answers its not-found page (404), with JavaScript 403.
  expect([403, 404]).toContain(refused.status());
  await page.reload();
  await expect(page.getByRole("table", { name: "Accounts" })).not.toContainText("mallory@understudy.test");
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
  const post = (externalId: string) => camera.request.post(`/api/captures?externalId=${externalId}`, { data: png, headers: { authorization: `Bearer ${token}`, "content-type": "image/png" } });
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
