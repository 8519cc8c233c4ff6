import type { DbOrTx } from "../db/index.ts";

export interface LeasedUnit {
  id: string;
  capturedAt: Date;
  width: number;
  height: number;
  mimeType: string;
  leaseExpiresAt: Date;
}

export const DEFAULT_LEASE_SECONDS = 120;

/**
 * Units one inspector may hold at a station and not yet have judged
 * (UNDERSTUDY_LEASE_CAP, default 10), so that nobody starves the next
 * inspector. Units the client says it judged (waiting out the undo window in
 * its outbox) do not count, up to three times the cap in all: a client that
 * claims everything judged still cannot take the whole queue.
 */
export function leaseCap(env: Record<string, string | undefined> = process.env): number {
  const cap = Number(env.UNDERSTUDY_LEASE_CAP ?? "10");
  return Number.isInteger(cap) && cap >= 1 && cap <= 1000 ? cap : 10;
}

/**
 * Hands an inspector the station's next undecided units, oldest first, under
 * a lease: units leased to someone else are skipped until their lease expires,
 * and concurrent callers never lock the same rows (FOR UPDATE SKIP LOCKED), so
 * two inspectors never get the same unit while its lease holds. Units already
 * leased to this inspector are handed back (and their lease renewed), except
 * those the client says it already holds (`excludeIds`): judged units wait in
 * its outbox for the undo window and must not block the next ones.
 * Never more than `leaseCap` units in hand: those the client holds and has
 * not judged (`excludeIds` but not `judgedIds`) count against it. Units in
 * `releaseIds` are handed back to the queue first (a client that will not
 * judge them: a page closing, a simulator skipping others' units).
 */
export async function leaseNextUnits(
  db: DbOrTx,
  request: {
    stationId: string;
    inspectorId: string;
    count: number;
    leaseSeconds?: number;
    excludeIds?: string[];
    judgedIds?: string[];
    releaseIds?: string[];
    cap?: number;
  },
): Promise<LeasedUnit[]> {
  const seconds = request.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const cap = request.cap ?? leaseCap();
  if (request.releaseIds?.length) {
    await db.$executeRaw`
      UPDATE captures SET lease_user_id = NULL, lease_expires_at = NULL
       WHERE id = ANY(${request.releaseIds}::uuid[]) AND station_id = ${request.stationId}::uuid AND lease_user_id = ${request.inspectorId} AND decided_at IS NULL`;
  }
  const rows = await db.$queryRaw<{ id: string; captured_at: Date; width: number; height: number; mime_type: string; lease_expires_at: Date }[]>`
    WITH held AS (
      SELECT count(*) FILTER (WHERE NOT (id = ANY(${request.judgedIds ?? []}::uuid[]))) AS in_hand, count(*) AS all_held
        FROM captures
       WHERE station_id = ${request.stationId}::uuid
         AND lease_user_id = ${request.inspectorId}
         AND lease_expires_at > now()
         AND decided_at IS NULL
         AND id = ANY(${request.excludeIds ?? []}::uuid[])
    ), next AS (
      SELECT id FROM captures
       WHERE station_id = ${request.stationId}::uuid
         AND decided_at IS NULL
         AND (lease_user_id IS NULL OR lease_expires_at < now() OR lease_user_id = ${request.inspectorId})
         AND NOT (id = ANY(${request.excludeIds ?? []}::uuid[]))
       ORDER BY captured_at, id
       LIMIT (SELECT GREATEST(0, LEAST(${request.count}::int, ${cap}::int - in_hand, ${3 * cap}::int - all_held)) FROM held)
       FOR UPDATE SKIP LOCKED
    )
    UPDATE captures c
       SET lease_user_id = ${request.inspectorId},
           lease_expires_at = now() + make_interval(secs => ${seconds})
      FROM next
     WHERE c.id = next.id
    RETURNING c.id, c.captured_at, c.width, c.height, c.mime_type, c.lease_expires_at`;
  return rows
    .map((row) => ({
      id: row.id,
      capturedAt: row.captured_at,
      width: row.width,
      height: row.height,
      mimeType: row.mime_type,
      leaseExpiresAt: row.lease_expires_at,
    }))
    .sort((a, b) => a.capturedAt.getTime() - b.capturedAt.getTime() || a.id.localeCompare(b.id));
}

/** Gives an inspector's leased, undecided units back to the queue (e.g. when they leave the station). */
export async function releaseLeases(db: DbOrTx, stationId: string, inspectorId: string): Promise<number> {
  return db.$executeRaw`
    UPDATE captures SET lease_user_id = NULL, lease_expires_at = NULL
     WHERE station_id = ${stationId}::uuid AND lease_user_id = ${inspectorId} AND decided_at IS NULL`;
}
