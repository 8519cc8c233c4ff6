import crypto from "node:crypto";
import pg from "pg";
import { ConfigError, describeConnectionError } from "../db/index.ts";
import { runningEmbeddedPostgres, startEmbeddedPostgres, withDatabase } from "./embedded.ts";
import { APP_ROLE, ensureAppRole } from "./roles.ts";

export interface OpenDatabase {
  /** The schema owner's connection: migrations, seeding and the operator's scripts. */
  url: string;
  /** The app server's connection, as a role that owns nothing (lib/postgres/roles.ts). */
  appUrl: string;
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

/** The app role's password on the embedded server: derived from the cluster's own secret, so nothing more to keep. */
function appRolePassword(superuserUrl: string): string {
  const secret = decodeURIComponent(new URL(superuserUrl).password);
  return crypto.createHmac("sha256", secret).update(APP_ROLE).digest("base64url");
}

function withRole(url: string, role: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/**
 * The database the app runs on: DATABASE_URL when set (checked to be
 * reachable; migrations then run on MIGRATION_DATABASE_URL, the owner's,
 * when set), else the embedded server under the data directory, with an
 * `understudy` database created on first run, owned by the cluster's
 * superuser, and the app's own role (`understudy_app`).
 */
export async function openDatabase(dir: string, log: (line: string) => void, options: { attach?: boolean } = {}): Promise<OpenDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const owner = process.env.MIGRATION_DATABASE_URL || external;
    await assertReachable(external);
    if (owner !== external) await assertReachable(owner);
    return { url: owner, appUrl: external, isEmbedded: false, stop: async () => {} };
  }
  // A running `npm start` holds the cluster: scripts (import, train, evaluate, seed) use its server
  // instead of starting a second one on the same directory, and never stop it.
  const running = runningEmbeddedPostgres(dir);
  if (running) {
    if (options.attach === false) {
      throw new ConfigError(
        `Understudy already runs on ${dir} (its PostgreSQL is on port ${running.port}): stop it first, or start another with UNDERSTUDY_DATA_DIR=<another directory>.`,
      );
    }
    const url = withDatabase(running.url, APP_DATABASE);
    await assertReachable(url);
    log(`Using the embedded PostgreSQL that runs on port ${running.port} (npm start)`);
    return { url, appUrl: withRole(url, APP_ROLE, appRolePassword(running.url)), isEmbedded: true, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres(dir, log);
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [APP_DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${APP_DATABASE}`);
    await admin.end();
    await ensureAppRole(server.url, APP_ROLE, appRolePassword(server.url));
  } catch (error) {
    await server.stop();
    throw error;
  }
  log(`Embedded PostgreSQL on port ${server.port}, data in ${dir}`);
  const url = withDatabase(server.url, APP_DATABASE);
  return {
    url,
    appUrl: withRole(url, APP_ROLE, appRolePassword(server.url)),
    isEmbedded: true,
    stop: () => server.stop(),
    embedded: { isRunning: server.isRunning, restart: server.restart },
  };
}
