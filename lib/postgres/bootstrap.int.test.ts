import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./bootstrap.ts";

// Scripts (import, train, evaluate, seed) run while `npm start` holds the
// embedded cluster: they use its server instead of failing to start a second
// one on the same directory ("postmaster.pid already exists"), and leave it running.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-bootstrap-"));
fs.chmodSync(dir, 0o755);
const external = process.env.DATABASE_URL;
delete process.env.DATABASE_URL;
afterAll(() => {
  if (external !== undefined) process.env.DATABASE_URL = external;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return (await client.query("SELECT 1 AS one")).rows[0]?.one === 1;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe("opening the embedded database while npm start runs", () => {
  it("uses the running server, leaves it running, and refuses a second npm start on it", async () => {
    const app = await openDatabase(dir, () => {});
    try {
      const lines: string[] = [];
      const script = await openDatabase(dir, (line) => lines.push(line));
      expect([script.url, script.appUrl]).toEqual([app.url, app.appUrl]);
      expect(lines).toEqual([expect.stringMatching(/^Using the embedded PostgreSQL that runs on port \d+ \(npm start\)$/)]);
      expect(await answers(script.url)).toBe(true);
      await script.stop();
      expect(await answers(app.url)).toBe(true);
      await expect(openDatabase(dir, () => {}, { attach: false })).rejects.toThrow(/^Understudy already runs on .* stop it first/);
    } finally {
      await app.stop();
    }
  });
});
