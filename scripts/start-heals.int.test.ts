import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../test/support/free-port.ts";
import { SCRIPT_NODE_ARGS } from "./serving.ts";
import { encodePng } from "../lib/captures/decode.ts";
import { createPrismaClient } from "../lib/db/client.ts";
import { readDemoCredentials } from "../lib/demo/seed-demo.ts";
import { runningEmbeddedPostgres, withDatabase } from "../lib/postgres/index.ts";
import { buildIfNeeded } from "./serving.ts";
import { createStationToken } from "../lib/tokens/tokens.ts";

// `npm start` keeps the app up by itself, under load: a crashed app server and
// a crashed embedded PostgreSQL are started again without a person, within
// 15 s, while cameras keep posting; nothing acknowledged is lost or stored
// twice, and no answer meanwhile is a 5xx other than 503.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-heal-"));
const dataDir = path.join(tmp, "data");
let start: ChildProcess | null = null;
let output = "";

afterAll(async () => {
  if (start && start.exitCode === null) {
    await new Promise<void>((resolve) => {
      start?.once("exit", () => resolve());
      start?.kill("SIGTERM");
    });
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function isHealthy(base: string): Promise<boolean> {
  try {
    return (await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

/** Milliseconds until /api/health answers 200, or throws after `limitMs`. */
async function untilHealthy(base: string, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (await isHealthy(base)) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not healthy within ${limitMs} ms; npm start said:\n${output.slice(-2_000)}`);
}

function childPids(pid: number): { pid: number; args: string }[] {
  let listed: string;
  try {
    listed = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(pid)], { encoding: "utf8" });
  } catch {
    return []; // ps exits 1 when no process matches
  }
  const lines = listed.trim().split("\n");
  return lines.filter(Boolean).map((line) => {
    const [id, ...args] = line.trim().split(/\s+/);
    return { pid: Number(id), args: args.join(" ") };
  });
}

function ownerUrl(): string {
  const running = runningEmbeddedPostgres(dataDir);
  if (!running) throw new Error(`no embedded PostgreSQL runs on ${dataDir}; npm start said:\n${output.slice(-2_000)}`);
  return withDatabase(running.url, "understudy");
}

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: ownerUrl() });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const storedCaptures = async () => Number((await query<{ n: string }>("SELECT count(*) AS n FROM captures"))[0]?.n);

/**
 * Cameras posting photos until stopped, each retried with its externalId
 * (so a post whose answer was lost is answered by the stored one) until
 * acknowledged. Counts every answer that was not a success.
 */
function cameras(base: string, token: string, count: number) {
  const acknowledged = new Set<string>();
  const refusals: Record<string, number> = {};
  let isRunning = true;
  const photo = new Uint8Array(encodePng(64, 64, new Uint8Array(64 * 64 * 4).fill(120)));
  const running = Array.from({ length: count }, async (_, camera) => {
    for (let shot = 0; isRunning; shot++) {
      const externalId = `heal-${camera}-${shot}`;
      for (;;) {
        const status = await fetch(`${base}/api/captures?externalId=${externalId}`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}` },
          body: photo,
          signal: AbortSignal.timeout(10_000),
        })
          .then(async (response) => (await response.arrayBuffer(), response.status))
          .catch(() => "no answer");
        if (status === 200 || status === 201) break;
        refusals[status] = (refusals[status] ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      acknowledged.add(externalId);
    }
  });
  return {
    acknowledged,
    refusals,
    async stop() {
      isRunning = false;
      await Promise.all(running);
    },
  };
}

describe("npm start heals itself", () => {
  it("starts a killed app server and a killed PostgreSQL again within 15 s while cameras post, losing and duplicating nothing acknowledged", async () => {
    buildIfNeeded(() => {});
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    start = spawn(process.execPath, [...SCRIPT_NODE_ARGS, "scripts/start.ts"], {
      env: { ...process.env, PORT: String(port), UNDERSTUDY_DATA_DIR: dataDir, UNDERSTUDY_DEMO_UNITS: "4", UNDERSTUDY_DEMO_HISTORY: "0", DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    start.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    start.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await untilHealthy(base, 120_000);
    expect(await storedCaptures()).toBeGreaterThan(0);
    const owner = createPrismaClient(ownerUrl());
    const station = await owner.station.findUniqueOrThrow({ where: { slug: "line-1-screen" } });
    const { token } = await createStationToken(owner, station.id, "heal camera", null);
    await owner.$disconnect();
    const load = cameras(base, token, 4);
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    // kill -9 of the app server (the app server child of npm start).
    const appServer = childPids(start.pid as number).find((child) => child.args.includes("app-server.mjs"));
    expect(appServer, output).toBeDefined();
    process.kill(appServer?.pid as number, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await untilHealthy(base, 15_000)).toBeLessThan(15_000);
    expect(output).toMatch(/The app server stopped \(SIGKILL\); starting it again/);

    // kill -9 of the embedded postmaster.
    const postmaster = Number(fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(postmaster, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await isHealthy(base)).toBe(false);
    // Pages too answer 503 with Retry-After meanwhile, never a 500.
    const page = await fetch(`${base}/sign-in`);
    expect([page.status, page.headers.get("retry-after")]).toEqual([503, "5"]);
    expect(await untilHealthy(base, 15_000)).toBeLessThan(15_000);
    expect(output).toMatch(/The embedded PostgreSQL stopped; starting it again/);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await load.stop();

    // Everything acknowledged is stored exactly once, and nothing else came of the posts.
    const stored = await query<{ external_id: string }>("SELECT external_id FROM captures WHERE external_id LIKE 'heal-%'");
    const storedIds = stored.map((row) => row.external_id);
    expect(load.acknowledged.size).toBeGreaterThan(20);
    expect(new Set(storedIds).size).toBe(storedIds.length);
    expect(storedIds.sort()).toEqual([...load.acknowledged].sort());
    // While a server was down: refused connections and 503s, never another 5xx.
    const lines = output.split("\n");
    const first = lines.findIndex((line) => /^(GET|POST|PUT|DELETE) \S+ failed/.test(line));
    const failures = first < 0 ? "" : lines.slice(first, first + 30).join("\n");
    expect(
      Object.keys(load.refusals).filter((status) => status !== "no answer" && status !== "503"),
      `${JSON.stringify(load.refusals)}\n${failures}`,
    ).toEqual([]);
    expect(load.refusals["503"] ?? 0, JSON.stringify(load.refusals)).toBeGreaterThan(0);
    expect(start.exitCode).toBeNull();
  }, 480_000); // a fresh clone builds the app here first (or waits for another file's build: tools/load/load.ts)
});

describe("npm start stops what it started", () => {
  it("stops the trainer its app server started when it is stopped", async () => {
    buildIfNeeded(() => {});
    const dir = path.join(tmp, "trainer-data");
    const port = await freePort();
    // The app's own origin (BETTER_AUTH_URL's default): changes from anywhere else are refused as cross-site.
    const base = `http://localhost:${port}`;
    const origin = base;
    let said = "";
    const app = spawn(process.execPath, [...SCRIPT_NODE_ARGS, "scripts/start.ts"], {
      env: { ...process.env, PORT: String(port), UNDERSTUDY_DATA_DIR: dir, UNDERSTUDY_DEMO_UNITS: "4", UNDERSTUDY_DEMO_HISTORY: "0", DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<void>((resolve) => app.once("exit", () => resolve()));
    try {
      app.stdout?.on("data", (chunk: Buffer) => (said += chunk.toString()));
      app.stderr?.on("data", (chunk: Buffer) => (said += chunk.toString()));
      for (let i = 0; i < 600 && !(await isHealthy(base)); i++) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await isHealthy(base), said).toBe(true);

      // An engineer queues a long run; the app server starts a trainer for it.
      const engineer = readDemoCredentials(dir)?.find((credential) => credential.role === "ENGINEER");
      const signedIn = await fetch(`${base}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify({ email: engineer?.email, password: engineer?.password }),
      });
      expect(signedIn.status).toBe(200);
      const cookie = signedIn.headers
        .getSetCookie()
        .map((line) => line.split(";")[0])
        .join("; ");
      const queued = await fetch(`${base}/api/stations/line-1-screen/training-runs`, {
        method: "POST",
        headers: { "content-type": "application/json", origin, cookie },
        body: JSON.stringify({ epochs: 40, synthShare: 0.9, earlyStop: false }),
      });
      expect(queued.status, await queued.clone().text()).toBe(201);
      const appServer = childPids(app.pid as number).find((child) => child.args.includes("app-server.mjs"));
      // The trainer: tsx, and the child it runs the script in.
      let trainers: { pid: number; args: string }[] = [];
      for (let i = 0; i < 100 && trainers.length < 2; i++) {
        const tsx = childPids(appServer?.pid as number).find((child) => child.args.includes("scripts/trainer.ts"));
        trainers = tsx ? [tsx, ...childPids(tsx.pid)] : [];
        if (trainers.length < 2) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(trainers.map((process) => process.args).join("\n"), said).toMatch(/scripts\/trainer\.ts[^]*scripts\/trainer\.ts/);

      app.kill("SIGTERM");
      await exited;
      const isAlive = (pid: number) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      // The process that trains is gone by the time npm start is (a moment's grace for the signal), not
      // later when it finds the database stopped; tsx, which waits on it, follows (slowly on a busy machine).
      await new Promise((resolve) => setTimeout(resolve, 500));
      const [tsx, ...training] = trainers;
      expect(
        training.filter((process) => isAlive(process.pid)),
        "trainer processes that outlived npm start",
      ).toEqual([]);
      for (let i = 0; i < 50 && isAlive(tsx?.pid as number); i++) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(isAlive(tsx?.pid as number), `${tsx?.args} outlived its trainer by 10 s`).toBe(false);
    } finally {
      // Stopped as a person would (SIGKILL would leave its app server running).
      if (app.exitCode === null && app.signalCode === null) {
        app.kill("SIGTERM");
        await exited;
      }
    }
  }, 480_000);
});
