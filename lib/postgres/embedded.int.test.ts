import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-embedded-"));
fs.chmodSync(dir, 0o755);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("the embedded PostgreSQL", () => {
  it("keeps its data across a stop and a start, moving off a port taken meanwhile", async () => {
    const first = await startEmbeddedPostgres(dir);
    await run(first.url, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')");
    await first.stop();

    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(first.port, "127.0.0.1", resolve));
    const second = await startEmbeddedPostgres(dir);
    try {
      expect(second.port).not.toBe(first.port);
      expect(await run(second.url, "SELECT note FROM kept")).toEqual([{ note: "still here" }]);
      expect(await run(second.url, "SHOW server_version_num")).toEqual([{ server_version_num: expect.stringMatching(/^18/) }]);
    } finally {
      await second.stop();
      squatter.close();
    }
  });
});

describe("a port taken between the probe and the server's start", () => {
  // Two commands started at the same moment (two benches, a test run beside `npm start`) both found the first free
  // port; the second server failed with "did not start (undefined)".
  const squatted = async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, "127.0.0.1", resolve));
    return { squatter, port: (squatter.address() as net.AddressInfo).port };
  };

  it("moves to another port and says so", async () => {
    const { squatter, port } = await squatted();
    const lines: string[] = [];
    let probes = 0;
    const server = await startEmbeddedPostgres(
      fs.mkdtempSync(path.join(dir, "raced-")),
      (line) => lines.push(line),
      async () => {
        // The first probe answers the port another process is about to bind; the next ones a free one.
        if (probes++ === 0) return port;
        const free = await squatted();
        free.squatter.close();
        return free.port;
      },
    );
    try {
      expect(server.port).not.toBe(port);
      expect(await run(server.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
      expect(lines).toContain(`Port ${port} was taken as the embedded PostgreSQL started; trying ${server.port}`);
    } finally {
      await server.stop();
      squatter.close();
    }
  });

  it("names the server's own reason when a restart after a crash fails", async () => {
    // The restart keeps its port (the app's pool holds that URL): taken meanwhile, the server cannot come back.
    const server = await startEmbeddedPostgres(fs.mkdtempSync(path.join(dir, "restarted-")), () => {});
    await server.stop();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(server.port, "127.0.0.1", resolve));
    try {
      await expect(server.restart()).rejects.toThrow(/did not come back \(could not create any TCP\/IP sockets\)/);
    } finally {
      squatter.close();
    }
  });

  it("gives up after a few ports, with the server's own reason", async () => {
    const { squatter, port } = await squatted();
    try {
      await expect(
        startEmbeddedPostgres(
          fs.mkdtempSync(path.join(dir, "raced-")),
          () => {},
          async () => port,
        ),
      ).rejects.toThrow(/did not start \(could not create any TCP\/IP sockets\)/);
    } finally {
      squatter.close();
    }
  });
});

describe.runIf(os.userInfo().uid === 0)("the embedded PostgreSQL as root", () => {
  it("starts from a private directory (mode 700, as mktemp -d makes), opening it for traversal only", async () => {
    const privateParent = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-private-"));
    fs.chmodSync(privateParent, 0o700);
    const server = await startEmbeddedPostgres(path.join(privateParent, "data"));
    try {
      expect(await run(server.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
      expect(fs.statSync(privateParent).mode & 0o777).toBe(0o701);
    } finally {
      await server.stop();
      fs.rmSync(privateParent, { recursive: true, force: true });
    }
  });
});
