// `npm run bench:uploads`: what hostile and large photo uploads cost the
// production server. Each upload in the table is posted 5 times by a camera
// while /api/health is asked every 50 ms; reports the median answer, how the
// upload was answered, the slowest health check and the server's peak memory
// over its idle size (the whole process tree's resident set). Writes
// bench/results/uploads.md. UPLOADS_PORT (default 3313) changes the port.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { createPrismaClient } from "../lib/db/client.ts";
import { startEmbeddedPostgres } from "../lib/postgres/index.ts";
import { migrate } from "../lib/db/migrate.ts";
import { pngBomb } from "../test/support/image-bombs.ts";
import { AppServer } from "../tools/load/load.ts";
import { buildIfNeeded } from "../scripts/serving.ts";
import { nearestRank } from "../lib/metrics/quantile.ts";
import { createStation } from "../lib/stations/stations.ts";
import { createStationToken } from "../lib/tokens/tokens.ts";

const port = Number(process.env.UPLOADS_PORT ?? 3313);
const base = `http://127.0.0.1:${port}`;
const log = (line: string) => console.error(`[uploads] ${line}`);

/** Resident memory of a process and its descendants, in MiB (Linux /proc). */
function treeRssMiB(root: number): number {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (!tree.has(parent) || tree.has(pid)) continue;
      tree.add(pid);
      grew = true;
    }
  }
  let kib = 0;
  for (const pid of tree) {
    try {
      kib += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kib / 1024;
}

buildIfNeeded(log);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-uploads-"));
const database = await startEmbeddedPostgres(path.join(dir, "postgres"));
await migrate(database.url);
const db = createPrismaClient(database.url);
const station = await createStation(db, { slug: "upload-line", name: "Upload line" });
const { token } = await createStationToken(db, station.id, "bench camera", null);
const server = new AppServer(port, { DATABASE_URL: database.url, UNDERSTUDY_DATA_DIR: dir, BETTER_AUTH_SECRET: crypto.randomBytes(32).toString("base64url") });
await server.start();

const flat = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 40, g: 90, b: 160 } } });
const cases: [string, Uint8Array][] = [
  ["6000x4000 PNG (the largest accepted)", new Uint8Array(await flat(6000, 4000).png().toBuffer())],
  ["6000x4000 JPEG", new Uint8Array(await flat(6000, 4000).jpeg({ quality: 90 }).toBuffer())],
  ["4000x4000 interlaced PNG", new Uint8Array(await flat(4000, 4000).png({ progressive: true }).toBuffer())],
  ["8192x8192 PNG (over the pixel limit)", new Uint8Array(await flat(8192, 8192).png({ compressionLevel: 9 }).toBuffer())],
  ["57-byte PNG declaring 30000x30000", pngBomb(30_000, 30_000)],
  ["57-byte interlaced PNG declaring 20000x20000", pngBomb(20_000, 20_000, 1)],
];

try {
  const pid = server.pid as number;
  // Warm the route up (its code and sharp's library load on first use), then measure from there.
  for (let i = 0; i < 3; i++) {
    const small = await flat(640, 480).png().toBuffer();
    await fetch(`${base}/api/captures?externalId=warm-${i}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: new Uint8Array(small),
    }).then((r) => r.arrayBuffer());
    await fetch(`${base}/api/health`).then((r) => r.arrayBuffer());
  }
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const idle = treeRssMiB(pid);
  const rows: string[] = [];
  for (const [name, body] of cases) {
    const health: number[] = [];
    let peak = idle;
    let isPosting = true;
    const watcher = (async () => {
      while (isPosting) {
        const started = performance.now();
        await fetch(`${base}/api/health`).then((r) => r.arrayBuffer());
        health.push(performance.now() - started);
        peak = Math.max(peak, treeRssMiB(pid));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const answers: number[] = [];
    const statuses = new Set<number>();
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const response = await fetch(`${base}/api/captures?externalId=bench-${crypto.randomUUID()}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body: Buffer.from(body),
      });
      await response.arrayBuffer();
      answers.push(performance.now() - started);
      statuses.add(response.status);
    }
    isPosting = false;
    await watcher;
    const row = `| ${name} | ${(body.length / 1024).toFixed(0)} KiB | ${[...statuses].join(", ")} | ${nearestRank(answers, 0.5).toFixed(0)} | ${Math.max(...health).toFixed(0)} | +${Math.max(0, peak - idle).toFixed(0)} |`;
    log(row);
    rows.push(row);
  }
  const report = [
    "# Photo uploads against the production server",
    "",
    `Measured by \`npm run bench:uploads\` on ${os.cpus().length} cores (${new Date().toISOString().slice(0, 10)}). Each upload posted 5 times by one camera while \`/api/health\` is asked every 50 ms; memory is the server's process tree over its idle ${idle.toFixed(0)} MiB (after three small uploads warm the route up).`,
    "",
    "| upload | size | answered | median answer (ms) | slowest health check (ms) | peak memory (MiB) |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
  fs.mkdirSync("bench/results", { recursive: true });
  fs.writeFileSync("bench/results/uploads.md", report);
  console.log(report);
} finally {
  await server.kill("SIGTERM");
  await db.$disconnect();
  await database.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
