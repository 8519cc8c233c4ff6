// `npm run bench:load`: 50 inspectors for 60 s against the production build on
// an embedded PostgreSQL, three times: undisturbed, with the app server killed
// and restarted a third of the way in, and with the database restarted there.
// Writes bench/results/load.json and bench/results/load.md.
// LOAD_INSPECTORS, LOAD_SECONDS and LOAD_PORT (default 3300) change the run.
import fs from "node:fs";
import path from "node:path";
import { ensureBuild, runLoad, type Fault, type LoadReport } from "../tools/load/load.ts";

const inspectors = Number(process.env.LOAD_INSPECTORS ?? 50);
const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const port = Number(process.env.LOAD_PORT ?? 3300);
const log = (line: string) => console.error(`[load] ${line}`);

ensureBuild(log);
const reports: LoadReport[] = [];
for (const fault of ["none", "app-restart", "db-restart"] as Fault[]) {
  const report = await runLoad({ inspectors, seconds, fault, port, log });
  log(`${fault}: ${report.acknowledged.verdicts} verdicts (${report.verdictsPerSecond}/s), p99 verdict ${report.latencyMs.verdict.p99} ms, 5xx ${report.serverErrors}, missing ${report.stored.missing}, duplicated ${report.stored.duplicated}`);
  reports.push(report);
}

const out = path.join(import.meta.dirname, "results");
fs.writeFileSync(path.join(out, "load.json"), `${JSON.stringify({ date: new Date().toISOString(), reports }, null, 2)}\n`);
const row = (r: LoadReport) =>
  `| ${r.fault} | ${r.acknowledged.verdicts} | ${r.verdictsPerSecond} | ${r.latencyMs.verdict.p50} / ${r.latencyMs.verdict.p95} / ${r.latencyMs.verdict.p99} | ${r.latencyMs.prediction.p99} | ${r.latencyMs.lease.p99} | ${r.serverErrors} (${r.errorsOutsideFault} outside the fault) | ${r.connectionErrors} | ${r.fault_window ? `${r.fault_window.outageMs} ms` : "–"} | ${r.stored.missing} | ${r.stored.duplicated} |`;
const md = [
  "# Load and faults",
  "",
  `\`npm run bench:load\`, ${new Date().toISOString().slice(0, 10)}: ${inspectors} inspectors for ${seconds} s per run, each leasing 5 units at a time and posting a prediction and a verdict per unit, retried with the same idempotency key until acknowledged. Production build (\`next start\`) on an embedded PostgreSQL, 2 cores shared by the clients, the server and the database.`,
  "",
  "| fault | verdicts acknowledged | verdicts/s | verdict latency p50 / p95 / p99 (ms) | prediction p99 | lease p99 | 5xx answers | connection errors | outage seen by clients | acknowledged but missing | stored twice |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...reports.map(row),
  "",
].join("\n");
fs.writeFileSync(path.join(out, "load.md"), md);
console.log(md);
