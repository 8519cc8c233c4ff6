import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn, signInAs } from "./support/accounts";

// An admin runs the people side of a line: a new inspector, a role change,
// an account disabled and enabled again, a forgotten password reset to a
// one-time one, and a sign-in held back by wrong passwords lifted. Each is
// felt at once by the person on the other browser.

const PASSWORD = "first password of kim";
const EMAIL = `kim-${Date.now()}@demo.local`;

async function personBrowser(browser: Browser, address: string): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": address } });
  return context.newPage();
}

/** The sign-in form's message (Next's route announcer is an alert too). */
const formAlert = (page: Page) => page.locator("form [role=alert]");

async function manage(admin: Page, reason: string): Promise<void> {
  await admin.goto("/admin");
  const row = admin.getByRole("row").filter({ hasText: EMAIL });
  await row.getByText("Manage", { exact: true }).click();
  await row.getByLabel("Reason (audit trail)").fill(reason);
}

test("an admin manages an account's whole life, and the person feels each change at once", async ({ browser, page: admin }) => {
  test.setTimeout(120_000);
  await signInAs(admin, "ADMIN");
  const created = await admin.request.post("/api/users", { data: { email: EMAIL, name: "Kim Newhire", role: "INSPECTOR", password: PASSWORD } });
  expect(created.status()).toBe(201);

  const kim = await personBrowser(browser, "10.77.0.1");
  await signIn(kim, EMAIL, PASSWORD);
  await expect(kim).toHaveURL(/\/inspect$/);

  // A role change signs Kim out; signed in again, Kim works where an ML engineer does.
  await manage(admin, "moved to the ML team");
  const row = admin.getByRole("row").filter({ hasText: EMAIL });
  await row.getByLabel("Role").selectOption("ENGINEER");
  await row.getByRole("button", { name: "Change role" }).click();
  await expect(row.getByRole("status")).toContainText("signed out everywhere");
  await kim.goto("/inspect");
  await expect(kim).toHaveURL(/\/sign-in/);
  await signIn(kim, EMAIL, PASSWORD);
  await expect(kim).toHaveURL(/\/dashboard/);

  // Disabled: out at once, and refused at sign-in with the reason; enabled: back in.
  await manage(admin, "left for another plant");
  admin.once("dialog", (dialog) => void dialog.accept());
  await admin.getByRole("row").filter({ hasText: EMAIL }).getByRole("button", { name: "Disable account" }).click();
  await expect(admin.getByRole("row").filter({ hasText: EMAIL })).toContainText("disabled");
  await kim.goto("/dashboard");
  await expect(kim).toHaveURL(/\/sign-in/);
  await kim.getByLabel("Email").fill(EMAIL);
  await kim.getByLabel("Password").fill(PASSWORD);
  await kim.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(kim)).toHaveText("This account is disabled; ask an admin.");
  await manage(admin, "came back");
  await admin.getByRole("row").filter({ hasText: EMAIL }).getByRole("button", { name: "Enable account" }).click();
  await expect(admin.getByRole("row").filter({ hasText: EMAIL }).getByRole("status")).toContainText("can sign in again");
  await signIn(kim, EMAIL, PASSWORD);

  // Reset: a one-time password shown once; with it Kim can do nothing but choose a new one.
  await manage(admin, "forgot the password");
  await admin.getByRole("row").filter({ hasText: EMAIL }).getByRole("button", { name: "Reset password" }).click();
  const oneTime = (await admin.getByLabel("One-time password").textContent()) ?? "";
  expect(oneTime).toMatch(/^[a-z2-9]{6}(-[a-z2-9]{6}){3}$/);
  await kim.goto("/dashboard");
  await expect(kim).toHaveURL(/\/sign-in/);
  await signIn(kim, EMAIL, oneTime);
  await expect(kim).toHaveURL(/\/account$/);
  await kim.goto("/dashboard");
  await expect(kim).toHaveURL(/\/account$/);
  expect((await kim.request.get("/api/stations")).status()).toBe(403);
  const newPassword = "kim chose this one herself";
  await kim.getByLabel("Current password").fill(oneTime);
  await kim.getByLabel("New password", { exact: true }).fill(newPassword);
  await kim.getByLabel("New password again").fill(newPassword);
  await kim.getByRole("button", { name: "Change password" }).click();
  await expect(kim).toHaveURL(/\/dashboard/);
  expect((await kim.request.get("/api/stations")).status()).toBe(200);

  // Wrong passwords from one address hold that address back, not Kim elsewhere; the admin lifts it.
  const guesser = await personBrowser(browser, "10.77.0.66");
  for (let i = 0; i < 6; i++) {
    await guesser.goto("/sign-in");
    await guesser.getByLabel("Email").fill(EMAIL);
    await guesser.getByLabel("Password").fill(`guess number ${i}`);
    await guesser.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(guesser)).toBeVisible();
  }
  await guesser.getByLabel("Email").fill(EMAIL);
  await guesser.getByLabel("Password").fill(newPassword);
  await guesser.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(guesser)).toContainText("Too many wrong passwords for this account from here");
  const elsewhere = await personBrowser(browser, "10.77.0.2");
  await signIn(elsewhere, EMAIL, newPassword);
  await manage(admin, "it was Kim on a new tablet");
  await expect(admin.getByRole("row").filter({ hasText: EMAIL })).toContainText("held back from 1 address");
  await admin.getByRole("row").filter({ hasText: EMAIL }).getByRole("button", { name: "Lift sign-in waits" }).click();
  await expect(admin.getByRole("row").filter({ hasText: EMAIL }).getByRole("status")).toContainText("1 addresses");
  await signIn(guesser, EMAIL, newPassword);

  // Every change is in the trail.
  await admin.goto("/automation/audit");
  for (const action of [
    "ACCOUNT_ROLE_CHANGED",
    "ACCOUNT_DISABLED",
    "ACCOUNT_ENABLED",
    "ACCOUNT_PASSWORD_RESET",
    "PASSWORD_CHANGED",
    "SIGN_IN_HELD_BACK",
    "SIGN_IN_UNLOCKED",
  ]) {
    await expect(admin.getByRole("table", { name: "Audit trail" }).getByRole("cell", { name: action, exact: true }).first()).toBeVisible();
  }
});

test("an admin finds an account by a part of its name or address", async ({ page: admin }) => {
  await signInAs(admin, "ADMIN");
  await admin.goto("/admin");
  const search = admin.getByRole("search", { name: "Find accounts" });
  await search.getByRole("searchbox").fill("EMIL");
  await search.getByRole("button", { name: "Find" }).click();
  await expect(admin).toHaveURL(/\/admin\?q=EMIL$/);
  const rows = admin.getByRole("table", { name: "Accounts" }).getByRole("row");
  // The header row and Emil Engineer.
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("Emil Engineer");
  await expect(admin.getByTestId("account-count")).toHaveText(/^1 of \d+ accounts match "EMIL"$/);
});
