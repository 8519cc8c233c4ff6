import { expect, test, type Browser } from "@playwright/test";
import { demoAccount, signInAs, withDatabase } from "./support/accounts";

// A page's forms change data through server actions that the browser calls
// with JavaScript (a POST carrying a Next-Action header and the arguments).
// Anyone can replay such a call with other arguments: the action must admit
// its caller as its /api operation does, not trust that the page hid the form.

type Who = "anonymous" | "INSPECTOR" | "ENGINEER" | "MANAGER" | "ADMIN";
const STATION = "line-1-screen";

const blindShare = () =>
  withDatabase(
    async (db) =>
      (
        await db.query<{ share: number }>(`SELECT a.blind_share AS share FROM station_automation a JOIN stations s ON s.id = a.station_id WHERE s.slug = $1`, [
          STATION,
        ])
      ).rows[0]?.share,
  );
const blindShareAudits = () =>
  withDatabase(async (db) => Number((await db.query(`SELECT count(*) FROM audit_events WHERE action = 'BLIND_SHARE_SET'`)).rows[0]?.count));

/** Calls a captured server action as `who` (signed in through the API, or no one), with its arguments as the browser encoded them. */
async function replay(browser: Browser, baseURL: string, who: Who, call: { url: string; action: string; body: string }) {
  const context = await browser.newContext({ baseURL });
  if (who !== "anonymous") {
    const { email, password } = demoAccount(who);
    expect((await context.request.post("/api/auth/sign-in/email", { data: { email, password }, headers: { origin: baseURL } })).status()).toBe(200);
  }
  const response = await context.request.post(call.url, {
    data: call.body,
    headers: { "next-action": call.action, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: baseURL },
    maxRedirects: 0,
  });
  const text = await response.text();
  await context.close();
  return { status: response.status(), text };
}

test("the blind-share action, replayed by a role its operation refuses, changes nothing and says why", async ({ page, browser, baseURL }) => {
  const origin = baseURL as string;
  const before = await blindShare();
  await signInAs(page, "MANAGER");
  await page.goto("/automation");
  const form = page.getByRole("form", { name: "Blind share of Line 1 · Screen" });
  await form.getByLabel("Blind share at AI assistance (%)").fill("30");
  await form.getByLabel("Why").fill("more blind units for the audit");
  const sent = page.waitForRequest((request) => request.method() === "POST" && Boolean(request.headers()["next-action"]));
  await form.getByRole("button", { name: "Set blind share" }).click();
  const request = await sent;
  const call = { url: new URL(request.url()).pathname, action: request.headers()["next-action"] as string, body: request.postData() as string };
  expect(call.body).toContain("0.3");
  await expect.poll(blindShare).toBeCloseTo(0.3);
  const audits = await blindShareAudits();

  // Everyone else, asking for 90%: refused with the operation's words, nothing stored, nothing audited.
  const forged = { ...call, body: call.body.replace("0.3", "0.9").replace("more blind units for the audit", "forged from a replayed call") };
  for (const who of ["anonymous", "INSPECTOR", "ENGINEER"] as const) {
    const answer = await replay(browser, origin, who, forged);
    expect(answer.text, `${who} is told why`).toContain(who === "anonymous" ? "Sign in first." : "Your role does not allow this.");
    expect(await blindShare(), `${who} changed no blind share`).toBeCloseTo(0.3);
  }
  expect(await blindShareAudits()).toBe(audits);

  // The replay itself works for a role that may: an admin's puts the share back.
  const restore = { ...call, body: call.body.replace("0.3", String(before)).replace("more blind units for the audit", "back as it was") };
  const own = await replay(browser, origin, "ADMIN", restore);
  expect(own.status, own.text.slice(0, 300)).toBe(200);
  expect(await blindShare()).toBeCloseTo(before as number);
  expect(await blindShareAudits()).toBe(audits + 1);
});
