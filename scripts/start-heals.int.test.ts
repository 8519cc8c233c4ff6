import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "./testing/free-port.ts";
import { ensureBuild } from "../lib/load/load.ts";

// `npm start` keeps the app up by itself: a crashed app server and a crashed
// embedded PostgreSQL are started again without a person, within 15 s, and
// what was stored is still there.

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
  const lines = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(pid)], { encoding: "utf8" }).trim().split("\n");
  return lines.filter(Boolean).map((line) => {
    const [id, ...args] = line.trim().split(/\s+/);
    return { pid: Number(id), args: args.join(" ") };
  });
}

async function storedCaptures(): Promise<number> {
  const { port, password } = JSON.parse(fs.readFileSync(path.join(dataDir, "postgres.json"), "utf8")) as { port: number; password: string };
  const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password, database: "understudy" });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM captures")).rows[0]?.n);
  } finally {
    await client.end();
  }
}

describe("npm start heals itself", () => {
  it("starts a killed app server and a killed PostgreSQL again within 15 s, keeping what was stored", async () => {
    ensureBuild(() => {});
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    start = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      env: { ...process.env, PORT: String(port), UNDERSTUDY_DATA_DIR: dataDir, UNDERSTUDY_DEMO_UNITS: "4", UNDERSTUDY_DEMO_HISTORY: "0", DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    start.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    start.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await untilHealthy(base, 120_000);
    const captures = await storedCaptures();
    expect(captures).toBeGreaterThan(0);

    // kill -9 of the app server (the `next start` child of npm start).
    const next = childPids(start.pid as number).find((child) => child.args.includes("next"));
    expect(next, output).toBeDefined();
    process.kill(next?.pid as number, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await untilHealthy(base, 15_000)).toBeLessThan(15_000);
    expect(output).toMatch(/The app server stopped \(SIGKILL\); starting it again/);

    // kill -9 of the embedded postmaster.
    const postmaster = Number(fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(postmaster, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await isHealthy(base)).toBe(false);
    expect(await untilHealthy(base, 15_000)).toBeLessThan(15_000);
    expect(output).toMatch(/The embedded PostgreSQL stopped; starting it again/);
    expect(await storedCaptures()).toBe(captures);
    expect(start.exitCode).toBeNull();
  }, 240_000);
});
