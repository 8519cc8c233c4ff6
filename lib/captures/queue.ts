import type { DbOrTx } from "../db/client.ts";

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
 * Hands an inspector the station's next undecided units, oldest first, under
 * a lease: units leased to someone else are skipped until their lease expires,
 * and concurrent callers never lock the same rows (FOR UPDATE SKIP LOCKED), so
 * two inspectors never get the same unit while its lease holds. Units already
 * leased to this inspector are handed back (and their lease renewed), except
 * those the client says it already holds (`excludeIds`): judged units wait in
 * its outbox for the undo window and must not block the next ones.
 */
export async function leaseNextUnits(
  db: DbOrTx,
  request: { stationId: string; inspectorId: string; count: number; leaseSeconds?: number; excludeIds?: string[] },
): Promise<LeasedUnit[]> {
  const seconds = request.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const rows = await db.$queryRaw<{ id: string; captured_at: Date; width: number; height: number; mime_type: string; lease_expires_at: Date }[]>`
    WITH next AS (
      SELECT id FROM captures
       WHERE station_id = ${request.stationId}::uuid
         AND decided_at IS NULL
         AND (lease_user_id IS NULL OR lease_expires_at < now() OR lease_user_id = ${request.inspectorId})
         AND NOT (id = ANY(${request.excludeIds ?? []}::uuid[]))
       ORDER BY captured_at, id
       LIMIT ${request.count}
       FOR UPDATE SKIP LOCKED
    )
    UPDATE captures c
       SET lease_user_id = ${request.inspectorId},
           lease_expires_at = now() + make_interval(secs => ${seconds})
      FROM next
     WHERE c.id = next.id
    RETURNING c.id, c.captured_at, c.width, c.height, c.mime_type, c.lease_expires_at`;
  return rows
    .map((row) => ({ id: row.id, capturedAt: row.captured_at, width: row.width, height: row.height, mimeType: row.mime_type, leaseExpiresAt: row.lease_expires_at }))
    .sort((a, b) => a.capturedAt.getTime() - b.capturedAt.getTime() || a.id.localeCompare(b.id));
}

/** Gives an inspector's leased, undecided units back to the queue (e.g. when they leave the station). */
export async function releaseLeases(db: DbOrTx, stationId: string, inspectorId: string): Promise<number> {
  return db.$executeRaw`
    UPDATE captures SET lease_user_id = NULL, lease_expires_at = NULL
     WHERE station_id = ${stationId}::uuid AND lease_user_id = ${inspectorId} AND decided_at IS NULL`;
}
