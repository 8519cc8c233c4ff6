import pg from "pg";
import { ConfigError, describeConnectionError } from "./config-error.ts";
import { startEmbeddedPostgres, withDatabase } from "./embedded.ts";

export interface OpenDatabase {
  url: string;
  isEmbedded: boolean;
  stop(): Promise<void>;
  /** The embedded server's liveness and restart, for `npm start`'s supervisor; absent for DATABASE_URL. */
  embedded?: { isRunning(): boolean; restart(): Promise<void> };
}

const APP_DATABASE = "understudy";

async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new ConfigError(describeConnectionError(url, error));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The database the app runs on: DATABASE_URL when set (checked to be
 * reachable), else the embedded server under the data directory, with an
 * `understudy` database created on first run.
 */
export async function openDatabase(dir: string, log: (line: string) => void): Promise<OpenDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) {
    await assertReachable(external);
    return { url: external, isEmbedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres(dir, log);
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [APP_DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${APP_DATABASE}`);
    await admin.end();
  } catch (error) {
    await server.stop();
    throw error;
  }
  log(`Embedded PostgreSQL on port ${server.port}, data in ${dir}`);
  return { url: withDatabase(server.url, APP_DATABASE), isEmbedded: true, stop: () => server.stop(), embedded: { isRunning: server.isRunning, restart: server.restart } };
}
