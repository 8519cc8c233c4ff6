import { type Db, type DbOrTx, ConfigError } from "../db/index.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { appendAudit, SYSTEM_ACTOR } from "../audit/index.ts";
import type { CaptureStore } from "./storage.ts";

// Photo retention: a capture's photo goes once it is older than the
// retention and nothing still rests on it; the capture, its verdicts,
// predictions and comparisons stay for ever (the counts and rates are made of
// them, not of pixels). A photo is kept, whatever its age, while it is:
// - a unit still waiting for its decision;
// - evidence of its station's current era (decided, compared or found an
//   escape since the era began): what the ladder's gates count, and what an
//   engineer opens to check them;
// - an open review: a disagreement with the active model nobody settled, or
//   a unit whose adjudicators disagree;
// - a known-truth (gold) unit.

const DAY_MS = 86_400_000;
/** Photos removed per transaction; the store's deletes run inside it, so a failing store undoes the batch. */
export const RETENTION_BATCH = 200;
/** One sweep at a time across every app instance (pg_try_advisory_xact_lock). */
const RETENTION_LOCK = 0x70686f74;

/** Days a photo is kept (PHOTO_RETENTION_DAYS), or null: kept for ever, the default. */
export function photoRetentionDays(env: Record<string, string | undefined>): number | null {
  const raw = env.PHOTO_RETENTION_DAYS?.trim();
  if (!raw) return null;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1) throw new ConfigError(`PHOTO_RETENTION_DAYS must be a whole number of days, 1 or more, not ${JSON.stringify(raw)}.`);
  return days;
}

/** Photos captured before this may go (unless still evidence or under review). */
function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** Every station, in slug order: a sweep and its dry run walk them alike. */
function stations(db: Db): Promise<{ id: string; slug: string }[]> {
  return db.station.findMany({ select: { id: true, slug: true }, orderBy: { slug: "asc" } });
}

export interface RetentionOptions {
  retentionDays: number;
  now?: Date;
  batchSize?: number;
}

export interface RetentionResult {
  /** Captures whose photo was removed, by station slug. */
  removed: Record<string, number>;
  /** Objects deleted from the store (captures of the same bytes on one day share one). */
  objects: number;
  /** False when another sweep held the lock: this one did nothing. */
  swept: boolean;
}

interface Candidate {
  id: string;
  storage_key: string;
  content_hash: string;
}

/** A station's photos that retention may remove now (rows of `captures c` joined to `station_automation sa`). */
function removable(stationId: string, cutoff: Date): Prisma.Sql {
  // Units captured since the era began are all evidence or waiting: the walk stops at the earlier of the cutoff and the era's start.
  // A waiting unit's decided_at is null: it fails the comparison with the era's start, as a unit decided in the era does.
  return Prisma.sql`
         c.station_id = ${stationId}::uuid
     AND c.photo_removed_at IS NULL
     AND c.captured_at < LEAST(${cutoff}::timestamptz, COALESCE(sa.era_started_at, 'infinity'))
     AND c.decided_at < COALESCE(sa.era_started_at, 'infinity')
     AND c.gold_label IS NULL
     AND NOT EXISTS (
           SELECT 1 FROM comparisons x
            WHERE x.capture_id = c.id
              AND (x.decided_at >= sa.era_started_at OR (x.model_role = 'ACTIVE' AND x.human_label <> x.model_label AND x.truth IS NULL)))
     AND NOT EXISTS (SELECT 1 FROM escapes e WHERE e.capture_id = c.id AND e.found_at >= sa.era_started_at)
     AND NOT EXISTS (SELECT 1 FROM adjudications a WHERE a.capture_id = c.id HAVING count(DISTINCT a.truth) > 1)`;
}

/** The oldest of a station's removable photos, locked (another sweep skips them). */
function candidates(tx: DbOrTx, stationId: string, cutoff: Date, limit: number): Promise<Candidate[]> {
  return tx.$queryRaw<Candidate[]>`
    SELECT c.id, c.storage_key, c.content_hash
      FROM captures c
      LEFT JOIN station_automation sa ON sa.station_id = c.station_id
     WHERE ${removable(stationId, cutoff)}
     ORDER BY c.captured_at, c.id
     LIMIT ${limit}
       FOR UPDATE OF c SKIP LOCKED`;
}

/** How many photos a sweep would remove now, by station slug (a dry run). */
export async function expiredPhotoCounts(db: Db, options: RetentionOptions): Promise<Record<string, number>> {
  const cutoff = retentionCutoff(options.now ?? new Date(), options.retentionDays);
  const counts: Record<string, number> = {};
  for (const station of await stations(db)) {
    const [row] = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM captures c LEFT JOIN station_automation sa ON sa.station_id = c.station_id WHERE ${removable(station.id, cutoff)}`;
    if (row && row.n > 0n) counts[station.slug] = Number(row.n);
  }
  return counts;
}

/**
 * Removes the photos retention allows (see above), oldest first, a batch per
 * transaction: the rows are marked, the audit trail gets a line per station
 * and batch, and the store's objects go last, so a store that fails undoes
 * the batch and the next sweep tries again. An object is deleted only when
 * no capture that keeps its photo shares it.
 */
export async function removeExpiredPhotos(db: Db, store: CaptureStore, options: RetentionOptions): Promise<RetentionResult> {
  const now = options.now ?? new Date();
  const cutoff = retentionCutoff(now, options.retentionDays);
  const batchSize = options.batchSize ?? RETENTION_BATCH;
  const result: RetentionResult = { removed: {}, objects: 0, swept: true };
  for (const station of await stations(db)) {
    for (;;) {
      const batch = await db.$transaction(
        async (tx) => {
          const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${RETENTION_LOCK}) AS locked`;
          if (!lock?.locked) return null;
          const rows = await candidates(tx, station.id, cutoff, batchSize);
          if (rows.length === 0) return { removed: 0, objects: 0 };
          const ids = rows.map((row) => row.id);
          const keys = [...new Set(rows.map((row) => row.storage_key))];
          const shared = await tx.$queryRaw<{ storage_key: string }[]>`
            SELECT DISTINCT o.storage_key FROM captures o
             WHERE o.content_hash = ANY(${[...new Set(rows.map((row) => row.content_hash))]}::text[])
               AND o.storage_key = ANY(${keys}::text[])
               AND o.photo_removed_at IS NULL
               AND o.id <> ALL(${ids}::uuid[])`;
          const stillNeeded = new Set(shared.map((row) => row.storage_key));
          const objects = keys.filter((key) => !stillNeeded.has(key));
          await tx.$executeRaw`UPDATE captures SET photo_removed_at = ${now} WHERE id = ANY(${ids}::uuid[])`;
          await appendAudit(tx, {
            stationId: station.id,
            actor: SYSTEM_ACTOR,
            action: "PHOTOS_REMOVED",
            reason: `Photo retention removed ${rows.length} photo${rows.length === 1 ? "" : "s"} captured before ${cutoff.toISOString()} (older than ${options.retentionDays} days, and no longer evidence or under review).`,
            evidence: { photos: rows.length, retentionDays: options.retentionDays, capturedBefore: cutoff.toISOString() },
            at: now,
          });
          for (const key of objects) await store.delete(key);
          return { removed: rows.length, objects: objects.length };
        },
        { timeout: 600_000 },
      );
      if (!batch) return { ...result, swept: false };
      if (batch.removed > 0) result.removed[station.slug] = (result.removed[station.slug] ?? 0) + batch.removed;
      result.objects += batch.objects;
      if (batch.removed < batchSize) break;
    }
  }
  return result;
}

/** Sweeps every `intervalMs` in this instance when PHOTO_RETENTION_DAYS is set (one instance at a time sweeps); returns the stop. */
export function startPhotoRetention(
  db: () => Db,
  store: () => CaptureStore,
  retentionDays: number,
  log: (line: string) => void,
  intervalMs = 3_600_000,
): () => void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const { removed, objects } = await removeExpiredPhotos(db(), store(), { retentionDays });
      const total = Object.values(removed).reduce((sum, n) => sum + n, 0);
      if (total > 0) log(`photo retention: removed ${total} photos (${objects} stored objects) older than ${retentionDays} days`);
    } catch (error) {
      log(`photo retention: the sweep failed and will run again: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void sweep(), Math.min(intervalMs, 60_000));
  const timer = setInterval(() => void sweep(), intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
