import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkAppRole } from "../lib/postgres/index.ts";
import { useEmptyDatabase } from "../test/support/test-database.ts";
import { freePort } from "../test/support/free-port.ts";
import { SCRIPT_NODE_ARGS } from "./serving.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-start-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs `npm start`'s script with some configuration; it must fail fast with one sentence. */
function start(env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [...SCRIPT_NODE_ARGS, "scripts/start.ts"], {
    env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmp, UNDERSTUDY_DATA_DIR: path.join(tmp, "data"), ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr };
}

function expectOneSentence(stderr: string, sentence: string) {
  expect(stderr.trim()).toBe(`[understudy] ${sentence}`);
}

describe("npm start with bad configuration", () => {
  it("says the port is in use", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const port = (server.address() as net.AddressInfo).port;
    const result = start({ PORT: String(port) });
    server.close();
    expect(result.status).toBe(1);
    expectOneSentence(result.stderr, `Port ${port} is in use: stop what runs there, or start Understudy on another port with PORT=<port> npm start.`);
  });

  it("says DATABASE_URL cannot be reached", async () => {
    const result = start({ PORT: String(await freePort()), DATABASE_URL: "postgresql://app:pw@127.0.0.1:1/understudy" });
    expect(result.status).toBe(1);
    expectOneSentence(result.stderr, "Cannot reach PostgreSQL at 127.0.0.1:1/understudy: nothing is listening there. Start the server or fix DATABASE_URL.");
  });

  it("refuses to serve as a role that could rewrite the audit trail", async () => {
    const url = await useEmptyDatabase();
    // Migrating as DATABASE_URL's role makes it the tables' owner: the app must not run as it.
    const result = start({ PORT: String(await freePort()), DATABASE_URL: url, UNDERSTUDY_DEMO_HISTORY: "0", UNDERSTUDY_DEMO_UNITS: "1" });
    const role = await checkAppRole(url);
    expect(result.status).toBe(1);
    expectOneSentence(
      result.stderr,
      `DATABASE_URL signs in as ${JSON.stringify(role.role)}, ${role.isSuperuser ? "a superuser" : "a role that owns or may rewrite audit_events"}: the app could disable ` +
        "the audit trail's triggers and rewrite it. Give the app a role that owns nothing (DATABASE_URL) and run migrations as the owner " +
        "(MIGRATION_DATABASE_URL), or set UNDERSTUDY_ALLOW_SUPERUSER=1 to run anyway.",
    );
  });

  it("says the data directory cannot be written", async () => {
    const file = path.join(tmp, "a-file");
    fs.writeFileSync(file, "");
    const result = start({ PORT: String(await freePort()), UNDERSTUDY_DATA_DIR: path.join(file, "data") });
    expect(result.status).toBe(1);
    expectOneSentence(
      result.stderr,
      `Cannot write to ${path.join(file, "data")} (ENOTDIR): give this user write access to it, or set UNDERSTUDY_DATA_DIR to a directory it can write.`,
    );
  });

  it("says PORT is not a port", () => {
    const result = start({ PORT: "http" });
    expect(result.status).toBe(1);
    expectOneSentence(result.stderr, 'PORT must be a whole number from 1 to 65535, not "http".');
  });
});
