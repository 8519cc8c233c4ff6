// `npm test`: lint (ESLint and Prettier), unit tests, integration tests on
// real PostgreSQL, and Playwright end-to-end tests on the production build.
// Runs every step even when one fails, then prints one line of totals and
// exits non-zero on any failure.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

const reports = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-test-"));
const bin = (name: string) => path.join("node_modules", ".bin", name);

function run(label: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status === 0;
}

function vitestTotals(file: string): Totals {
  if (!fs.existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const report = JSON.parse(fs.readFileSync(file, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests?: number;
  };
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + (report.numTodoTests ?? 0) };
}

function playwrightTotals(file: string): Totals {
  if (!fs.existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const { stats } = JSON.parse(fs.readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
}

const results: { label: string; ok: boolean; totals: Totals }[] = [];
results.push({ label: "lint", ok: run("lint", "npm", ["run", "--silent", "lint"]), totals: { passed: 0, failed: 0, skipped: 0 } });
for (const project of ["unit", "integration"] as const) {
  const output = path.join(reports, `${project}.json`);
  const ok = run(`${project} tests`, bin("vitest"), ["run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${output}`]);
  // Its own count of failures too, not only its exit status: a failing run once exited 0 (lib/postgres/embedded.ts).
  const totals = vitestTotals(output);
  results.push({ label: project, ok: ok && totals.failed === 0, totals });
}
const e2eOutput = path.join(reports, "e2e.json");
const e2eOk = run("end-to-end tests", bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eOutput });
const e2eTotals = playwrightTotals(e2eOutput);
results.push({ label: "end-to-end", ok: e2eOk && e2eTotals.failed === 0, totals: e2eTotals });
fs.rmSync(reports, { recursive: true, force: true });

console.log("");
for (const { label, ok, totals } of results) {
  console.log(`${ok ? "ok  " : "FAIL"} ${label}: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
}
const sum = (key: keyof Totals) => results.reduce((total, r) => total + r.totals[key], 0);
const failed = results.some((r) => !r.ok) ? Math.max(sum("failed"), 1) : sum("failed");
console.log(`${sum("passed")} passed, ${failed} failed, ${sum("skipped")} skipped`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
