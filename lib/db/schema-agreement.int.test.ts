import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { describeCatalog } from "./catalog.ts";
import { sqlForSchema } from "./schema-engine.ts";
import { useEmptyDatabase, useTestDatabase } from "../../test/support/test-database.ts";

async function catalogOf(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await describeCatalog(client);
  } finally {
    await client.end();
  }
}

/** What the migrations make that schema.prisma cannot say (an index on an expression), each named in schema.prisma's comments. */
const BEYOND_SCHEMA_PRISMA = [
  "index CREATE INDEX comparisons_what_if_idx ON public.comparisons USING btree (score_bin(defect_score), station_id, model_version_id, decided_at)",
];

describe("schema.prisma and the migrations", () => {
  it("describe the same database: every table, column, type, nullability, default, key, index and enum", async () => {
    const migrated = await useTestDatabase();
    const fromSchema = await useEmptyDatabase();
    // What Prisma's own engine makes of schema.prisma, applied to an empty database.
    const sql = await sqlForSchema(inject("databaseServerUrl"));
    const client = new pg.Client({ connectionString: fromSchema });
    await client.connect();
    await client.query(sql);
    await client.end();

    const expected = [...(await catalogOf(fromSchema)), ...BEYOND_SCHEMA_PRISMA];
    const actual = await catalogOf(migrated.url);
    const missing = expected.filter((line) => !actual.includes(line));
    const extra = actual.filter((line) => !expected.includes(line));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    // Guards against a vacuous comparison of two empty catalogs.
    expect(actual).toContain("column verdicts.idempotency_key text not null");
    expect(actual).toContain("index CREATE UNIQUE INDEX verdicts_capture_id_inspector_id_key ON public.verdicts USING btree (capture_id, inspector_id)");
  });

  it("would notice a column the migrations forgot", async () => {
    const migrated = await useTestDatabase();
    const before = await catalogOf(migrated.url);
    await migrated.prisma.$executeRawUnsafe('ALTER TABLE "verdicts" DROP COLUMN "time_to_decide_ms"');
    const after = await catalogOf(migrated.url);
    expect(before.filter((line) => !after.includes(line))).toEqual(["column verdicts.time_to_decide_ms integer"]);
  });
});
