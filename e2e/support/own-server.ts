import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { SCRIPT_NODE_ARGS } from "../../scripts/serving.ts";

/**
 * A second app server of the test's own, on its own port and data directory,
 * that the test can stop and start again (the shared one cannot be restarted).
 * It reuses the production build made for the shared server.
 */
export class OwnServer {
  private process: ChildProcess | null = null;
  readonly dataDir: string;

  constructor(
    readonly port: number,
    name: string,
  ) {
    this.dataDir = path.resolve(".data", name);
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  get baseUrl(): string {
    return `http://localhost:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = spawn(process.execPath, [...SCRIPT_NODE_ARGS, "scripts/start.ts"], {
      env: {
        ...process.env,
        PORT: String(this.port),
        UNDERSTUDY_DATA_DIR: this.dataDir,
        UNDERSTUDY_DEMO_UNITS: "12",
        UNDERSTUDY_DEMO_HISTORY: "0",
        DATABASE_URL: "",
      },
      stdio: "ignore",
    });
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${this.baseUrl}/api/health`)).ok) return;
      } catch {
        // not up yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`the server on ${this.port} did not start`);
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
    this.process = null;
  }

  credentials(role: string): { email: string; password: string } {
    const all = JSON.parse(fs.readFileSync(path.join(this.dataDir, "demo-credentials.json"), "utf8")) as { role: string; email: string; password: string }[];
    const found = all.find((c) => c.role === role);
    if (!found) throw new Error(`no ${role}`);
    return found;
  }

  async query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
    const { port, password } = JSON.parse(fs.readFileSync(path.join(this.dataDir, "postgres.json"), "utf8")) as { port: number; password: string };
    const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password, database: "understudy" });
    await client.connect();
    try {
      return (await client.query<T>(sql, values)).rows;
    } finally {
      await client.end();
    }
  }
}
