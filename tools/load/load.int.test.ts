import { beforeAll, describe, expect, it } from "vitest";
import { buildIfNeeded } from "../../scripts/serving.ts";
import { runLoad, type LoadReport } from "./load.ts";

// The short form of `npm run bench:load` (which runs 60 s per scenario): 50
// inspectors against the production build on its own embedded PostgreSQL,
// undisturbed, then with the app server killed and restarted, then with the
// database restarted. Nothing acknowledged may be lost or stored twice.
// It brings its own database, so the second pass of the integration tests
// on an external server (DATABASE_URL, .ci/run) skips it.

const SECONDS = 12;
const external = Boolean(process.env.DATABASE_URL);

function expectEveryAcknowledgedWriteStoredOnce(report: LoadReport, atLeast = 30): void {
  expect(report.refusedWrites, "4xx answers to writes").toBe(0);
  expect(report.stored).toEqual({
    predictions: report.acknowledged.predictions,
    verdicts: report.acknowledged.verdicts,
    missing: 0,
    duplicated: 0,
    unacknowledgedStored: 0,
  });
  expect(report.acknowledged.verdicts).toBeGreaterThan(atLeast);
}

describe.skipIf(external)("load and faults (short form)", () => {
  beforeAll(() => buildIfNeeded((line) => console.log(`[load] ${line}`)), 600_000);

  it("serves 50 inspectors with no 5xx, every acknowledged write stored exactly once", async () => {
    const report = await runLoad({ inspectors: 50, seconds: SECONDS, fault: "none", port: 3310 });
    console.log(`[load] undisturbed: ${report.verdictsPerSecond} verdicts/s, verdict p99 ${report.latencyMs.verdict.p99} ms`);
    expect(report.serverErrors, JSON.stringify(report.serverLog)).toBe(0);
    expect(report.connectionErrors).toBe(0);
    expectEveryAcknowledgedWriteStoredOnce(report);
  }, 240_000);

  it("loses and duplicates nothing when the app server is killed and restarted under load", async () => {
    const report = await runLoad({ inspectors: 50, seconds: SECONDS, fault: "app-restart", port: 3311 });
    console.log(`[load] app restart: clients saw an outage of ${report.fault_window?.outageMs} ms, ${report.connectionErrors} connection errors retried`);
    expect(report.connectionErrors, "the kill was felt").toBeGreaterThan(0);
    expect(report.errorsOutsideFault).toBe(0);
    expect(report.statuses["500"] ?? 0).toBe(0);
    expectEveryAcknowledgedWriteStoredOnce(report);
  }, 240_000);

  it("loses and duplicates nothing when the database restarts under load, answering 503 meanwhile", async () => {
    const report = await runLoad({ inspectors: 50, seconds: SECONDS, fault: "db-restart", port: 3312 });
    console.log(`[load] database restart: ${report.serverErrors} answers of 503 retried, clients saw an outage of ${report.fault_window?.outageMs} ms`);
    expect(report.serverErrors, "the restart was felt").toBeGreaterThan(0);
    expect(report.statuses["500"] ?? 0, JSON.stringify(report.serverLog)).toBe(0);
    expect(report.errorsOutsideFault).toBe(0);
    expectEveryAcknowledgedWriteStoredOnce(report);
  }, 240_000);

  it("runs at PARTIAL on a history, and times ladder reviews in a process of their own", async () => {
    const report = await runLoad({ inspectors: 10, seconds: 8, fault: "none", port: 3313, history: 5_000 });
    console.log(`[load] history 5,000: ${report.verdictsPerSecond} verdicts/s, review ${JSON.stringify(report.history?.reviewMs)}`);
    expect(report.serverErrors, JSON.stringify(report.serverLog)).toBe(0);
    expectEveryAcknowledgedWriteStoredOnce(report, 5); // the run is short: it is here for the reviews
    const reviews = report.history?.reviewMs;
    expect(report.history?.units).toBe(5_000);
    expect(reviews?.count, "20 reviews of each of the 5 stations").toBe(100);
    expect(reviews?.p50).toBeGreaterThan(0);
    expect(reviews?.max).toBeGreaterThanOrEqual(reviews?.p50 ?? Infinity);
    expect(reviews?.maxLessGc).toBeLessThanOrEqual(reviews?.max ?? -1);
  }, 240_000);
});
