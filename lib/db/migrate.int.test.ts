import pg from "pg";
import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.ts";
import { migrate, readMigrations } from "./migrate.ts";
import { useEmptyDatabase } from "../../test/support/test-database.ts";

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migrate", () => {
  it("applies every migration once and records it as Prisma does", async () => {
    const url = await useEmptyDatabase();
    const names = readMigrations().map((m) => m.name);
    expect(await migrate(url)).toEqual(names);
    expect(await migrate(url)).toEqual([]);
    const rows = await query<{ migration_name: string; checksum: string }>(
      url,
      'SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows).toEqual(readMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum })));
  });

  it("leaves nothing behind from a migration that fails", async () => {
    const url = await useEmptyDatabase();
    const broken = [{ name: "0001_broken", checksum: "x", sql: "CREATE TABLE half (id int); SELECT no_such_function();" }];
    await expect(migrate(url, broken)).rejects.toThrow(/Migration 0001_broken failed/);
    expect(await query(url, "SELECT to_regclass('half') AS t")).toEqual([{ t: null }]);
    expect(await query(url, 'SELECT count(*)::int AS n FROM "_prisma_migrations"')).toEqual([{ n: 0 }]);
  });

  it("refuses a migration edited after it was applied", async () => {
    const url = await useEmptyDatabase();
    await migrate(url, [{ name: "0001_a", checksum: "one", sql: "CREATE TABLE a (id int)" }]);
    await expect(migrate(url, [{ name: "0001_a", checksum: "two", sql: "CREATE TABLE a (id bigint)" }])).rejects.toThrow(
      new ConfigError("Migration 0001_a was edited after it was applied to this database; add a new migration instead."),
    );
  });

  it("says in one sentence when the server cannot be reached", async () => {
    await expect(migrate("postgresql://u:p@127.0.0.1:1/x")).rejects.toThrow(
      "Cannot reach PostgreSQL at 127.0.0.1:1/x: nothing is listening there. Start the server or fix DATABASE_URL.",
    );
  });

  it("makes the audit trail append-only in the database itself", async () => {
    const url = await useEmptyDatabase();
    await migrate(url);
    await query(url, `INSERT INTO audit_events (actor_kind, action) VALUES ('SYSTEM', 'TEST')`);
    await expect(query(url, "UPDATE audit_events SET reason = 'rewritten'")).rejects.toThrow(/append-only: UPDATE/);
    await expect(query(url, "DELETE FROM audit_events")).rejects.toThrow(/append-only: DELETE/);
    await expect(query(url, "TRUNCATE audit_events")).rejects.toThrow(/append-only: TRUNCATE/);
    expect(await query(url, "SELECT action, reason FROM audit_events")).toEqual([{ action: "TEST", reason: "" }]);
  });
});
