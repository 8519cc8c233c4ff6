// `npm run bench:dashboard [-- --units N]`: the dashboard at scale. Seeds N units
// (default 1,000,000) of history into a fresh embedded PostgreSQL under
// .data-bench/ (timed), then times every dashboard query for the default 30-day
// view (15 runs each after 3 warm-ups, sequential) and the whole /dashboard page
// server-rendered by the production build. Writes bench/results/dashboard.md
// (dashboard-10m.md for --units 10000000).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import { createAccount } from "../lib/auth/accounts.ts";
import { LocalDiskStore } from "../lib/captures/storage.ts";
import { createPrismaClient, migrate } from "../lib/db/index.ts";
import { openDatabase } from "../lib/postgres/index.ts";
import { DEMO_STATIONS, seedHistory } from "../lib/demo/index.ts";
import { driftStations } from "../lib/drift/index.ts";
import {
  agreementCountsByDay,
  automationBiasByInspector,
  agreementCountsBySlice,
  confidenceCounts,
  decisionTimeCounts,
  defectScoreCounts,
  evidenceDashboard,
  filterOptions,
  labelTriples,
  labelsForFilter,
  resolveEvidenceFilter,
} from "../lib/metrics/index.ts";
import { nearestRank } from "../lib/metrics/quantile.ts";
import { demoModelOrder, shippedModels } from "../lib/model/shipped.ts";
import { disagreementsForReview } from "../lib/review/index.ts";
import { createStation } from "../lib/stations/stations.ts";
import { replayWhatIf } from "../lib/automation/what-if.ts";
import { unitExportCsv, unitExportTotal } from "../lib/metrics/unit-export.ts";
import { APP_SERVER } from "../scripts/serving.ts";

const { values } = parseArgs({
  options: { units: { type: "string", default: "1000000" }, port: { type: "string", default: "3199" }, reuse: { type: "boolean", default: false } },
});
const UNITS = Number(values.units);
const PORT = Number(values.port);
const DIR = path.resolve(".data-bench");
const RUNS = 15;
/** The default size's report is dashboard.md; another size's is named by it (dashboard-10m.md). */
const REPORT = UNITS === 1_000_000 ? "bench/results/dashboard.md" : `bench/results/dashboard-${UNITS % 1_000_000 === 0 ? `${UNITS / 1_000_000}m` : UNITS}.md`;

async function timed(work: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return { p50: nearestRank(samples, 0.5), p95: nearestRank(samples, 0.95) };
}

// --reuse times the queries again on the history an earlier run seeded (of the same size), with that run's seeding time.
const SEEDED = path.join(DIR, "seeded.json");
const earlier = values.reuse && fs.existsSync(SEEDED) ? (JSON.parse(fs.readFileSync(SEEDED, "utf8")) as { units: number; seconds: number; at: string }) : null;
const reused = earlier?.units === UNITS ? earlier : null;
if (!reused) {
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
}
const database = await openDatabase(DIR, () => {});
const prisma = createPrismaClient(database.url);
const lines: string[] = [];
const say = (line: string) => {
  console.log(line);
  lines.push(line);
};
let server: ReturnType<typeof spawn> | undefined;
try {
  let seedSeconds = reused?.seconds ?? 0;
  // Seeding 10M units writes tens of GB of WAL: at PostgreSQL's default max_wal_size (1 GB) it
  // checkpoints every few seconds and waits on the disk (seen at 10M: half the time in I/O wait).
  await prisma.$executeRaw`ALTER SYSTEM SET max_wal_size = '8GB'`;
  await prisma.$queryRaw`SELECT pg_reload_conf()`;
  // Reused, the history still takes the migrations written since it was seeded (a new rollup's backfill among them).
  const migrateStarted = performance.now();
  await migrate(database.url);
  const migrateSeconds = (performance.now() - migrateStarted) / 1000;
  if (!reused) {
    for (const station of DEMO_STATIONS) await createStation(prisma, station);
    const seedStarted = performance.now();
    await seedHistory(prisma, { units: UNITS, days: 30, model: demoModelOrder(shippedModels())[0]!, store: new LocalDiskStore(path.join(DIR, "captures")) });
    seedSeconds = (performance.now() - seedStarted) / 1000;
    await prisma.$executeRaw`VACUUM ANALYZE`;
    fs.writeFileSync(SEEDED, JSON.stringify({ units: UNITS, seconds: seedSeconds, at: new Date().toISOString() }));
  }
  const [sizes] = await prisma.$queryRaw<{ comparisons: bigint; rollup_rows: bigint }[]>`
    SELECT (SELECT count(*) FROM comparisons) AS comparisons,
           (SELECT count(*) FROM evidence_daily) + (SELECT count(*) FROM evidence_scores_daily) + (SELECT count(*) FROM evidence_decision_times_daily) AS rollup_rows`;

  say(`# Dashboard at scale`);
  say("");
  say(`Measured ${new Date().toISOString().slice(0, 10)} on this machine (2 cores) by \`npm run bench:dashboard\`; embedded PostgreSQL 18.`);
  say("");
  say(
    `- Seeding ${UNITS.toLocaleString("en")} units (capture, verdict, prediction each) over 30 days: **${seedSeconds.toFixed(1)} s**${reused ? ` (by the run that seeded this history, ${reused.at.slice(0, 16).replace("T", " ")} UTC; this run reused it with --reuse, after ${migrateSeconds.toFixed(1)} s of migrations written since)` : ""}${UNITS === 1_000_000 ? " (target <= 300 s)" : ""}`,
  );
  say(
    `- Comparisons: ${Number(sizes!.comparisons).toLocaleString("en")}; rows in the three daily rollups the dashboard reads: ${Number(sizes!.rollup_rows).toLocaleString("en")}`,
  );
  // What a unit costs to keep: every table with its indexes and TOAST, per unit seeded (photos are files, counted apart).
  const tables = await prisma.$queryRaw<{ name: string; rows: bigint; bytes: bigint }[]>`
    SELECT c.relname AS name, c.reltuples::bigint AS rows, pg_total_relation_size(c.oid) AS bytes
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND pg_total_relation_size(c.oid) > 1024 * 1024
     ORDER BY bytes DESC`;
  const totalBytes = tables.reduce((sum, t) => sum + Number(t.bytes), 0);
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
  say(
    `- Database size: **${mib(totalBytes)}** for ${UNITS.toLocaleString("en")} units, **${Math.round(totalBytes / UNITS).toLocaleString("en")} bytes per unit** (${tables
      .map((t) => `${t.name} ${mib(Number(t.bytes))}`)
      .join(", ")}); about ${(((totalBytes / UNITS) * 1_000_000) / 1024 ** 3).toFixed(1)} GiB per million units, photos not included`,
  );
  say("");
  say(`Default view (last 30 days, all stations), ${RUNS} runs after 3 warm-ups, one at a time:`);
  say("");
  say("| query | p50 ms | p95 ms |");
  say("| --- | ---: | ---: |");
  const filter = await resolveEvidenceFilter(prisma, {});
  const options = await filterOptions(prisma);
  const queries: [string, () => Promise<unknown>][] = [
    ["labelTriples (confusion, kappa, error rates)", () => labelTriples(prisma, filter)],
    ["agreementCountsByDay", () => agreementCountsByDay(prisma, filter)],
    ["agreementCountsBySlice", () => agreementCountsBySlice(prisma, filter)],
    ["confidenceCounts (histogram, calibration)", () => confidenceCounts(prisma, filter)],
    ["defectScoreCounts (threshold what-if)", () => defectScoreCounts(prisma, filter)],
    ["decisionTimeCounts (time to decide)", () => decisionTimeCounts(prisma, filter)],
    ["filterOptions", () => filterOptions(prisma)],
    ["evidenceDashboard (all six at once)", () => evidenceDashboard(prisma, filter, labelsForFilter(options, undefined), null)],
    ["disagreementsForReview (first page)", () => disagreementsForReview(prisma)],
    // The page's other reads: the automation-bias panel and the drift banner.
    ["automationBiasByInspector", () => automationBiasByInspector(prisma, filter)],
    ["driftStations", () => driftStations(prisma)],
  ];
  for (const [name, work] of queries) {
    const { p50, p95 } = await timed(work);
    say(`| ${name} | ${p50.toFixed(1)} | ${p95.toFixed(1)} |`);
  }

  // The long-running reads a person waits for: the what-if over a station's whole history, and the CSV export of it.
  const station = await prisma.station.findFirstOrThrow({ where: { slug: DEMO_STATIONS[0]!.slug }, include: { automation: true } });
  const stationFilter = await resolveEvidenceFilter(prisma, { station: station.slug });
  const stationUnits = await unitExportTotal(prisma, stationFilter);
  const whatIf = await timed(() =>
    replayWhatIf(
      prisma,
      { stationId: station.id, modelVersionId: station.automation!.activeModelId!, since: stationFilter.from },
      { level: "PARTIAL", okThreshold: 0.05, defectThreshold: 0.95, auditShare: 0.05 },
    ),
  );
  say(
    `| replayWhatIf (one station, 30 days, ${stationUnits.toLocaleString("en")} units of its active model) | ${whatIf.p50.toFixed(1)} | ${whatIf.p95.toFixed(1)} |`,
  );
  const exportSeconds: number[] = [];
  let exportedBytes = 0;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    exportedBytes = 0;
    for await (const piece of unitExportCsv(prisma, stationFilter)) exportedBytes += piece.length;
    exportSeconds.push((performance.now() - started) / 1000);
  }
  const exportMedian = nearestRank(exportSeconds, 0.5);
  say("");
  say(
    `- CSV export of that station's 30 days (${stationUnits.toLocaleString("en")} rows, ${(exportedBytes / 1e6).toFixed(1)} MB, pages of 5,000): **median ${exportMedian.toFixed(1)} s** of 3 (${Math.round(stationUnits / exportMedian).toLocaleString("en")} rows/s), which is why the dashboard shows its progress`,
  );

  // The page as a browser gets it: the production build, signed in as an engineer.
  const next = createRequire(import.meta.url).resolve("next/dist/bin/next");
  if (!fs.existsSync(".next/BUILD_ID")) spawnSync(process.execPath, [next, "build"], { stdio: "inherit" });
  if (!(await prisma.user.findUnique({ where: { email: "bench@understudy.local" } })))
    await createAccount(prisma, { email: "bench@understudy.local", name: "Bench Engineer", role: "ENGINEER", password: "bench-password-1" });
  const origin = `http://localhost:${PORT}`;
  server = spawn(process.execPath, [APP_SERVER], {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      BETTER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(PORT),
    },
    stdio: "ignore",
  });
  for (let i = 0; ; i++) {
    const up = await fetch(`${origin}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 120) throw new Error("the app did not start");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const signIn = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ email: "bench@understudy.local", password: "bench-password-1" }),
  });
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  if (!signIn.ok || !cookie) throw new Error(`sign-in failed: ${signIn.status}`);
  const page = await timed(async () => {
    const response = await fetch(`${origin}/dashboard`, { headers: { cookie } });
    const html = await response.text();
    if (!response.ok || !html.includes("Units compared")) throw new Error(`the dashboard answered ${response.status}`);
  });
  say("");
  say(
    `- Whole /dashboard page, server-rendered (request to last byte): **p50 ${page.p50.toFixed(0)} ms**, p95 ${page.p95.toFixed(0)} ms (target p50 <= 1000 ms)`,
  );
  fs.writeFileSync(REPORT, lines.join("\n") + "\n");
} finally {
  server?.kill("SIGTERM");
  await prisma.$disconnect();
  await database.stop();
}
