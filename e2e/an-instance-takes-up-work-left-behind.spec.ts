import { expect, test } from "@playwright/test";
import { withDatabase } from "./support/accounts";

test("the running server takes up a review another instance claimed and never finished", async () => {
  // An instance that died after acknowledging a verdict: its review is requested and claimed, the lease long expired.
  const stationId = await withDatabase(async (db) => {
    const { rows } = await db.query(`SELECT id FROM stations WHERE slug = 'line-1-back-glass'`);
    const id = (rows[0] as { id: string }).id;
    await db.query(
      `INSERT INTO station_work (station_id, kind, requested, done, claimed_by, claimed_until, attempts)
       VALUES ($1, 'review', 1, 0, 'dead-instance:1', now() - interval '1 minute', 1)
       ON CONFLICT (station_id, kind) DO UPDATE SET requested = station_work.done + 1, claimed_by = 'dead-instance:1', claimed_until = now() - interval '1 minute'`,
      [id],
    );
    return id;
  });
  // No request reaches the server: its sweeper finds the work on its own.
  await expect
    .poll(
      () =>
        withDatabase(async (db) => {
          const { rows } = await db.query(`SELECT requested, done, claimed_by FROM station_work WHERE station_id = $1 AND kind = 'review'`, [stationId]);
          const row = rows[0] as { requested: string; done: string; claimed_by: string | null };
          return row.done === row.requested && row.claimed_by === null;
        }),
      { timeout: 15_000 },
    )
    .toBe(true);
});
