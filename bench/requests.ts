// `npm run bench:requests`: what one API request costs the production server,
// idle, one at a time (median of 200 per route), and how many /api/health
// requests a second it serves with 20 clients at once for 10 s: the request
// overhead the load test's figures sit on. Writes bench/results/requests.md.
// REQUESTS_PORT (default 3312) changes the port.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createAccount } from "../lib/auth/accounts.ts";
import { createPrismaClient } from "../lib/db/client.ts";
import { startEmbeddedPostgres } from "../lib/postgres/index.ts";
import { migrate } from "../lib/db/migrate.ts";
import { AppServer } from "../tools/load/load.ts";
import { buildIfNeeded } from "../scripts/serving.ts";
import { nearestRank } from "../lib/metrics/quantile.ts";

const port = Number(process.env.REQUESTS_PORT ?? 3312);
const base = `http://127.0.0.1:${port}`;
const log = (line: string) => console.error(`[requests] ${line}`);

buildIfNeeded(log);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-requests-"));
const database = await startEmbeddedPostgres(path.join(dir, "postgres"));
await migrate(database.url);
const db = createPrismaClient(database.url);
await createAccount(db, { email: "admin@bench.test", name: "Admin", role: "ADMIN", password: "a long enough password" });
const server = new AppServer(port, { DATABASE_URL: database.url, UNDERSTUDY_DATA_DIR: dir, BETTER_AUTH_SECRET: crypto.randomBytes(32).toString("base64url") });
await server.start();

try {
  const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ email: "admin@bench.test", password: "a long enough password" }),
  });
  if (!signIn.ok) throw new Error(`sign-in answered ${signIn.status}`);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

  const routes: [string, string, HeadersInit][] = [
    ["GET /api/health (no session, one SQL query)", "/api/health", {}],
    ["GET /api/openapi.json (no session, no database)", "/api/openapi.json", {}],
    ["GET /api/auth/get-session (better-auth)", "/api/auth/get-session", { cookie }],
    ["GET /api/stations (session, role check, one query)", "/api/stations", { cookie }],
  ];
  const rows: string[] = [];
  for (const [name, route, headers] of routes) {
    const ms: number[] = [];
    for (let i = 0; i < 220; i++) {
      const started = performance.now();
      const response = await fetch(`${base}${route}`, { headers });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${route} answered ${response.status}`);
      if (i >= 20) ms.push(performance.now() - started); // the first 20 warm the route up
    }
    const row = `| ${name} | ${nearestRank(ms, 0.5).toFixed(1)} | ${nearestRank(ms, 0.95).toFixed(1)} |`;
    log(row);
    rows.push(row);
  }

  const clients = 20;
  const seconds = 10;
  let served = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const response = await fetch(`${base}/api/health`);
        await response.arrayBuffer();
        if (response.ok) served++;
      }
    }),
  );
  const perSecond = (served / seconds).toFixed(0);
  log(`${clients} clients on /api/health: ${perSecond} requests/s`);

  const md = [
    "# What one request costs",
    "",
    `\`npm run bench:requests\`, ${new Date().toISOString().slice(0, 10)}: the production build (the app server \`npm start\` runs) on an embedded PostgreSQL, idle, requests sent one at a time from the same 2-core machine (200 per route after 20 to warm up).`,
    "",
    "| request | p50 (ms) | p95 (ms) |",
    "|---|---:|---:|",
    ...rows,
    "",
    `With ${clients} clients at once for ${seconds} s, \`/api/health\` is served **${perSecond} times a second**. A request's fixed cost in Next's handling is a few milliseconds of latency, not a ceiling on throughput: the load test's verdicts/s (\`bench/results/load.md\`) is limited by what each verdict writes, not by this overhead.`,
    "",
  ].join("\n");
  fs.writeFileSync(path.join(import.meta.dirname, "results", "requests.md"), md);
  console.log(md);
} finally {
  await server.kill("SIGTERM");
  await db.$disconnect();
  await database.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
