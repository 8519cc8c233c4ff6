import { spawn, spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { buildIfNeeded } from "./serving.ts";
import { useAppDatabase, useEmptyDatabase } from "../test/support/test-database.ts";
import { freePort } from "../test/support/free-port.ts";
import { SCRIPT_NODE_ARGS } from "./serving.ts";

const SECRET = "serve-secret-serve-secret-serve-secret-01";
const running: ReturnType<typeof spawn>[] = [];
afterAll(() => running.forEach((child) => child.kill("SIGTERM")));

/** Runs `npm run serve`'s script until it exits (a refusal must be quick, and one sentence). */
function serve(env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [...SCRIPT_NODE_ARGS, "scripts/serve.ts"], {
    env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr.trim() };
}

describe("npm run serve", () => {
  it("refuses to start without a database, without the shared secret, or on a schema behind the code", async () => {
    expect(serve({ PORT: String(await freePort()), BETTER_AUTH_SECRET: SECRET })).toEqual({
      status: 1,
      stderr:
        "[understudy] npm run serve needs DATABASE_URL: a PostgreSQL migrated with npm run db:migrate, as a role that owns nothing (npm start is the demo, with a database of its own).",
    });
    const empty = await useEmptyDatabase();
    expect(serve({ PORT: String(await freePort()), DATABASE_URL: empty, BETTER_AUTH_SECRET: "short" }).stderr).toMatch(
      /needs BETTER_AUTH_SECRET of at least 32 characters/,
    );
    const behind = serve({ PORT: String(await freePort()), DATABASE_URL: empty, BETTER_AUTH_SECRET: SECRET });
    expect(behind.status).toBe(1);
    expect(behind.stderr).toMatch(
      /^\[understudy\] The database's schema is behind the code by \d+ migrations \(20261124000000_init, .*\): run npm run db:migrate as the schema's owner first\.$/,
    );
  });

  it("serves the app alone on a migrated database, as its own role, and seeds nothing", async () => {
    const { prisma } = await useAppDatabase();
    buildIfNeeded(() => {});
    const port = await freePort();
    const child = spawn(process.execPath, [...SCRIPT_NODE_ARGS, "scripts/serve.ts"], {
      env: { ...process.env, PORT: String(port), BETTER_AUTH_SECRET: SECRET, UNDERSTUDY_DATA_DIR: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.push(child);
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    let healthy = false;
    for (let i = 0; i < 240 && !healthy && child.exitCode === null; i++) {
      healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(healthy, output).toBe(true);
    expect([await prisma.user.count(), await prisma.station.count()]).toEqual([0, 0]);

    // Wrong passwords each claiming a new X-Forwarded-For: the app server hands
    // the app the socket's address instead, so the sixth holds the rest back.
    const signIn = (address: string) =>
      fetch(`http://127.0.0.1:${port}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: `http://localhost:${port}`, "x-forwarded-for": address, "x-real-ip": address },
        body: JSON.stringify({ email: "guessed@serve.local", password: "not the password" }),
      });
    const answers: number[] = [];
    for (let i = 1; i <= 7; i++) answers.push((await signIn(`203.0.113.${i}`)).status);
    expect(answers).toEqual([401, 401, 401, 401, 401, 401, 429]);
    const held = await prisma.rateLimit.findMany({
      where: { key: { startsWith: "sign-in:failures:guessed@serve.local:" } },
      select: { key: true, hits: true },
    });
    expect(held).toEqual([{ key: expect.stringMatching(/^sign-in:failures:guessed@serve\.local:(127\.0\.0\.1|::1)$/), hits: 6 }]);

    // A page elsewhere naming itself the host in X-Forwarded-Host: with no trusted proxy the app never sees the claim.
    const forged = await fetch(`http://127.0.0.1:${port}/api/stations/any/verdicts`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example", "x-forwarded-host": "evil.example" },
      body: "{}",
    });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ reason: "cross-site" });
    child.kill("SIGTERM");
  }, 480_000); // a fresh clone may build the app here first
});
