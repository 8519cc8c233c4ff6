import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E_BASE_URL, E2E_PORT } from "./e2e/support/env";

// Debian's Chromium where installed (Playwright cannot download its own here);
// elsewhere Playwright's own browser.
const systemChromium = "/usr/bin/chromium";
const launchOptions = fs.existsSync(systemChromium)
  ? {
      executablePath: systemChromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    }
  : {};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 60_000,
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions } }],
  webServer: {
    // The real `npm start` on a throw-away data directory: embedded PostgreSQL,
    // migrations, demo seed, production build.
    command: "node --import ./scripts/server-only-hook.mjs --import tsx e2e/support/serve.ts",
    url: `${E2E_BASE_URL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    // As behind one proxy (TRUSTED_PROXIES=1): the X-Forwarded-For a browser
    // context sends is the address that proxy saw, so a spec can sign people
    // in from several addresses (admin-manages-people.spec.ts).
    env: { PORT: String(E2E_PORT), TRUSTED_PROXIES: "1" },
  },
});
