// `npm run bench:load`: 50 inspectors for 60 s against the production build on
// an embedded PostgreSQL, three times: undisturbed, with the app server killed
// and restarted a third of the way in, and with the database restarted there.
// Writes bench/results/load.json and bench/results/load.md.
// `npm run bench:load -- --history 1000000`: instead, twice undisturbed with
// the stations at PARTIAL (every verdict's review reads the gates' evidence):
// on an empty history and on that many units already in the stations' era,
// then ladder reviews timed on each by a lean process of their own. Writes bench/results/load-history.{json,md}.
// LOAD_INSPECTORS, LOAD_SECONDS and LOAD_PORT (default 3300) change the run.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { runLoad, type Fault, type LoadReport } from "../tools/load/load.ts";
import { buildIfNeeded } from "../scripts/serving.ts";

const inspectors = Number(process.env.LOAD_INSPECTORS ?? 50);
const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const port = Number(process.env.LOAD_PORT ?? 3300);
const log = (line: string) => console.error(`[load] ${line}`);
const { values } = parseArgs({ options: { history: { type: "string" } } });
const history = values.history === undefined ? null : Number(values.history);
if (history !== null && !(Number.isInteger(history) && history > 0)) throw new Error("--history takes a number of units, e.g. --history 1000000");

buildIfNeeded(log);
const out = path.join(import.meta.dirname, "results");
const row = (r: LoadReport, first: string) =>
  `| ${first} | ${r.acknowledged.verdicts} | ${r.verdictsPerSecond} | ${r.latencyMs.verdict.p50} / ${r.latencyMs.verdict.p95} / ${r.latencyMs.verdict.p99} | ${r.latencyMs.prediction.p99} | ${r.latencyMs.lease.p99} | ${r.serverErrors} (${r.errorsOutsideFault} outside the fault) | ${r.connectionErrors} | ${r.fault_window ? `${r.fault_window.outageMs} ms` : "–"} | ${r.stored.missing} | ${r.stored.duplicated} |`;
const header = [
  "| run | verdicts acknowledged | verdicts/s | verdict latency p50 / p95 / p99 (ms) | prediction p99 | lease p99 | 5xx answers | connection errors | outage seen by clients | acknowledged but missing | stored twice |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
];
const workHeader = [
  "| run | WAL per verdict (bytes) | full-page images per verdict | blocks read from outside shared buffers, per verdict | shared-buffer hit ratio |",
  "|---|---:|---:|---:|---:|",
];
const workRow = (r: LoadReport, first: string) =>
  `| ${first} | ${r.database.walBytes.toLocaleString("en-US")} | ${r.database.fullPageImages} | ${r.database.blocksRead} | ${(r.database.bufferHitRatio * 100).toFixed(2)}% |`;
const workNote =
  "What the database did per acknowledged verdict over the run (its prediction, the leases and the background work included), from `pg_stat_wal` and `pg_stat_database` read before and after it:";
const setup = `${inspectors} inspectors for ${seconds} s per run, each leasing 5 units at a time and posting a prediction and a verdict per unit, retried with the same idempotency key until acknowledged. Production build (the app server \`npm start\` runs) on an embedded PostgreSQL, 2 cores shared by the clients, the server and the database.`;

if (history === null) {
  const reports: LoadReport[] = [];
  for (const fault of ["none", "app-restart", "db-restart"] as Fault[]) {
    const report = await runLoad({ inspectors, seconds, fault, port, log });
    log(
      `${fault}: ${report.acknowledged.verdicts} verdicts (${report.verdictsPerSecond}/s), p99 verdict ${report.latencyMs.verdict.p99} ms, 5xx ${report.serverErrors}, missing ${report.stored.missing}, duplicated ${report.stored.duplicated}`,
    );
    reports.push(report);
  }
  fs.writeFileSync(path.join(out, "load.json"), `${JSON.stringify({ date: new Date().toISOString(), reports }, null, 2)}\n`);
  const md = [
    "# Load and faults",
    "",
    `\`npm run bench:load\`, ${new Date().toISOString().slice(0, 10)}: ${setup}`,
    "",
    ...header,
    ...reports.map((r) => row(r, r.fault)),
    "",
    workNote,
    "",
    ...workHeader,
    ...reports.map((r) => workRow(r, r.fault)),
    "",
  ].join("\n");
  fs.writeFileSync(path.join(out, "load.md"), md);
  console.log(md);
} else {
  const reports: LoadReport[] = [];
  for (const units of [0, history]) {
    const report = await runLoad({ inspectors, seconds, fault: "none", port, log, history: units });
    log(
      `history ${units}: ${report.verdictsPerSecond} verdicts/s, review p50 ${report.history?.reviewMs.p50} ms, max ${report.history?.reviewMs.max} ms; per verdict ${JSON.stringify(report.database)}`,
    );
    reports.push(report);
  }
  const [empty, full] = reports as [LoadReport, LoadReport];
  const ratio = full.verdictsPerSecond / empty.verdictsPerSecond;
  fs.writeFileSync(path.join(out, "load-history.json"), `${JSON.stringify({ date: new Date().toISOString(), ratio, reports }, null, 2)}\n`);
  const reviews = (r: LoadReport) =>
    `${r.history?.reviewMs.p50} ms p50, ${r.history?.reviewMs.max} ms at most, ${r.history?.reviewMs.maxLessGc} ms less the timing process's garbage collection (${r.history?.reviewMs.count} reviews)`;
  const md = [
    "# Load on a year's worth of history",
    "",
    `\`npm run bench:load -- --history ${history}\`, ${new Date().toISOString().slice(0, 10)}: ${setup} The five stations run at PARTIAL, so every verdict's ladder review reads the gates' evidence; the second run starts with ${history.toLocaleString("en-US")} predicted and decided units in the stations' current era, spread over 30 days: the oldest fifth in shadow (a person judged every unit), the rest at PARTIAL (the model decided the units it was sure of alone but for a 5% audit, a person the others), drift monitoring caught up and the model's calibration fitted on the shadow era.`,
    "",
    ...header,
    row(empty, "empty history"),
    row(full, `${history.toLocaleString("en-US")} units of history`),
    "",
    `- Verdicts/s on the history: **${Math.round(ratio * 100)}%** of the empty run's (target at least 80%).`,
    `- A ladder review, timed one at a time after each run by a process that does nothing else (20 per station; the app server stopped): empty history ${reviews(empty)}; with the history **${reviews(full)}** (target: none over 20 ms).`,
    "",
    workNote,
    "",
    ...workHeader,
    workRow(empty, "empty history"),
    workRow(full, `${history.toLocaleString("en-US")} units of history`),
    "",
  ].join("\n");
  fs.writeFileSync(path.join(out, "load-history.md"), md);
  console.log(md);
}
