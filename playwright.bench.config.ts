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
});
