import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { ConfigError, describeConnectionError } from "./config-error.ts";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

// Read at run time from the working directory, never traced into a build (the app's routes import lib/db).
export const MIGRATIONS_DIR = path.resolve(/*turbopackIgnore: true*/ "prisma/migrations");

// Any constant: serialises migrators started at once (app servers, test workers).
const MIGRATION_LOCK = 727_411_203;

/** The SQL migrations in Prisma's layout, oldest first. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

/** A client connected to `url`, or the ConfigError that says why not. */
async function connected(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new ConfigError(describeConnectionError(url, error));
  }
  return client;
}

/**
 * The migrations not yet applied to the database at `url`, oldest first; read
 * only, so any role that can connect may ask (an app instance that must not
 * migrate checks the schema is current before it serves).
 */
export async function pendingMigrations(url: string, migrations: Migration[] = readMigrations()): Promise<string[]> {
  const client = await connected(url);
  try {
    const [{ exists } = { exists: false }] = (await client.query<{ exists: boolean }>(`SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS exists`))
      .rows;
    if (!exists) return migrations.map((m) => m.name);
    const done = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const names = new Set(done.rows.map((row) => row.migration_name));
    return migrations.filter((m) => !names.has(m.name)).map((m) => m.name);
  } finally {
    await client.end();
  }
}

/**
 * Applies every migration not yet applied, each in its own transaction, and
 * records it in Prisma's own `_prisma_migrations` table so that `prisma migrate
 * deploy` would agree on a machine that has Prisma's native engine.
 * Returns the names applied now.
 */
export async function migrate(url: string, migrations: Migration[] = readMigrations()): Promise<string[]> {
  const client = await connected(url);
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const done = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const doneByName = new Map(done.rows.map((row) => [row.migration_name, row.checksum]));
    for (const migration of migrations) {
      const checksum = doneByName.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new ConfigError(`Migration ${migration.name} was edited after it was applied to this database; add a new migration instead.`);
        }
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 1)`,
          [crypto.randomUUID(), migration.checksum, migration.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.name);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
  return applied;
}
