import { expect, test } from "@playwright/test";
import { demoAccount, signIn, signInAs } from "./support/accounts";

test("an anonymous visitor is sent to sign in, and comes back after", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdashboard$/);
  const { email, password } = demoAccount("ENGINEER");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("a wrong password is refused", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demoAccount("MANAGER").email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an inspector lands on the stations and cannot open automation", async ({ page }) => {
  await signInAs(page, "INSPECTOR");
  await expect(page).toHaveURL(/\/inspect$/);
  await expect(page.getByRole("heading", { name: "Inspect" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Line 1 · Back glass/ })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link")).toHaveText(["Inspect"]);

  const response = await page.goto("/automation");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not for your role" })).toBeVisible();

  await page.goto("/inspect/line-1-screen");
  await expect(page.getByRole("heading", { name: "Line 1 · Screen" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Verdict" }).getByRole("button", { name: /^OK/ })).toBeVisible();
});

test("an engineer lands on the dashboard and sees the evidence of every station", async ({ page }) => {
  await signInAs(page, "ENGINEER");
  await expect(page).toHaveURL(/\/dashboard$/);
  const slices = page.getByRole("table", { name: "Agreement by station, inspector and lighting" });
  for (const station of ["Line 1 · Back glass", "Line 1 · Screen", "Line 2 · Back glass"])
    await expect(slices.getByRole("cell", { name: station, exact: true })).toBeVisible();
});

test("a manager lands on automation and signs out", async ({ page }) => {
  await signInAs(page, "MANAGER");
  await expect(page).toHaveURL(/\/automation$/);
  // The demo stations run the shipped model in shadow mode.
  await expect(page.getByTestId("level-line-1-screen")).toHaveText("Shadow");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  const response = await page.goto("/automation");
  await expect(page).toHaveURL(/\/sign-in/);
  expect(response?.ok()).toBe(true);
});

test("an admin creates an inspector account, who can then sign in", async ({ page }) => {
  await signInAs(page, "ADMIN");
  await expect(page).toHaveURL(/\/admin$/);
  const form = page.getByRole("form", { name: "Create account" });
  await form.getByLabel("Name").fill("Nora Newcomer");
  await form.getByLabel("Email").fill("nora@understudy.local");
  await form.getByLabel("Role").selectOption("INSPECTOR");
  await form.getByLabel(/First password/).fill("a-long-first-password");
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(form.getByRole("status")).toHaveText("Account created for nora@understudy.local.");
  await expect(page.getByRole("table", { name: "Accounts" })).toContainText("nora@understudy.local");
  // The same address twice is refused, and the form keeps the name and address typed (not the password).
  await form.getByLabel("Name").fill("Nora Again");
  await form.getByLabel("Email").fill("nora@understudy.local");
  await form.getByLabel("Role").selectOption("ENGINEER");
  await form.getByLabel(/First password/).fill("another-long-password");
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(form.getByRole("alert")).toHaveText("An account for nora@understudy.local exists already.");
  await expect(form.getByLabel("Name")).toHaveValue("Nora Again");
  await expect(form.getByLabel(/First password/)).toHaveValue("");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signIn(page, "nora@understudy.local", "a-long-first-password");
  await expect(page).toHaveURL(/\/inspect$/);
});
