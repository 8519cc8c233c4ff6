import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import pg from "pg";
import { E2E_DATA_DIR } from "./env.ts";

type Role = "INSPECTOR" | "ENGINEER" | "MANAGER" | "ADMIN";

/** The demo accounts `npm start` printed on first run. */
export function demoAccount(role: Role): { email: string; password: string } {
  const credentials = JSON.parse(fs.readFileSync(path.join(E2E_DATA_DIR, "demo-credentials.json"), "utf8")) as {
    role: Role;
    email: string;
    password: string;
  }[];
  const account = credentials.find((c) => c.role === role);
  if (!account) throw new Error(`no demo account for ${role}`);
  return account;
}

/** Signs in through the form, on the shared server or, with `origin`, on another one. */
export async function signIn(page: Page, email: string, password: string, origin = ""): Promise<void> {
  await page.goto(`${origin}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function signInAs(page: Page, role: Role): Promise<void> {
  const { email, password } = demoAccount(role);
  await signIn(page, email, password);
}

/** Arranges state no UI can reach yet, straight in the e2e run's database. */
export async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const { port, password } = JSON.parse(fs.readFileSync(path.join(E2E_DATA_DIR, "postgres.json"), "utf8")) as {
    port: number;
    password: string;
  };
  const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password, database: "understudy" });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
