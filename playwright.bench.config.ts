import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// Benchmarks use the same server and browser as the end-to-end tests, but are
// not tests: they report numbers (bench/*.bench.ts), run with `npm run bench:inference`.
export default defineConfig({
  ...base,
  testDir: "bench",
  testMatch: /.*\.bench\.ts$/,
  timeout: 300_000,
  reporter: [["list"]],
  // No trace: its screencast makes Chromium copy out every changed frame,
  // 35-55 ms each with software compositing, which swamped the key-to-photo
  // figures (p95 60-76 ms traced against 28 ms untraced, same page).
  use: { ...base.use, trace: "off" },
});
