import crypto from "node:crypto";
import os from "node:os";
import type { Db, DbOrTx } from "../db/index.ts";
import { coalescedRunner } from "./coalesced.ts";

// Work a station is owed after a write, durable across app instances: a ladder
// review after a verdict or an escape (a canary may step, a station may be
// demoted), a drift check after a prediction. The request is stored in
// station_work before the write is acknowledged; any instance claims due work
// with FOR UPDATE SKIP LOCKED and a lease, runs it, and marks done the
// requests its run covered. An instance that dies mid-run leaves its lease to
// expire, and another instance takes the work up: nothing acknowledged is
// lost. The work itself decides under the station's row lock, so even two
// runs at once take a canary step once.

export type WorkKind = "review" | "drift";

type Handler = (db: Db, stationId: string) => Promise<void>;
const handlers = new Map<WorkKind, Handler>();

/** Says what a kind of work does (lib/automation/review-soon.ts, lib/drift/check-soon.ts). */
export function handleWork(kind: WorkKind, handler: Handler): void {
  handlers.set(kind, handler);
}

/** This process, as claims name it. */
export const WORKER_ID = `${os.hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;

/** How long a claim holds before another instance may take the work up. */
export const WORK_LEASE_MS = 60_000;

/** A failed run waits this long times 2^(attempts - 1), at most a minute, before it is tried again. */
const RETRY_BASE_MS = 1_000;

/** Stores a request for the station's work. Await it before acknowledging the write it follows. */
export async function requestWork(db: DbOrTx, stationId: string, kind: WorkKind): Promise<void> {
  await db.$executeRaw`
    INSERT INTO station_work (station_id, kind) VALUES (${stationId}::uuid, ${kind})
    ON CONFLICT (station_id, kind) DO UPDATE
      SET requested = station_work.requested + 1,
          requested_at = CASE WHEN station_work.done >= station_work.requested THEN now() ELSE station_work.requested_at END`;
}

export interface Claim {
  stationId: string;
  kind: WorkKind;
  /** The requests counted when claimed: the run covers them all. */
  requested: bigint;
}

/** Claims the longest-waiting due work of any station, or null when none is due. */
export async function claimWork(db: Db, worker: string = WORKER_ID, leaseMs: number = WORK_LEASE_MS): Promise<Claim | null> {
  const [row] = await db.$queryRaw<{ station_id: string; kind: WorkKind; requested: bigint }[]>`
    UPDATE station_work w
       SET claimed_by = ${worker}, claimed_until = now() + ${leaseMs}::int * interval '1 millisecond', attempts = w.attempts + 1
      FROM (SELECT station_id, kind FROM station_work
             WHERE done < requested AND (claimed_until IS NULL OR claimed_until < now())
             ORDER BY requested_at
             LIMIT 1
             FOR UPDATE SKIP LOCKED) due
     WHERE w.station_id = due.station_id AND w.kind = due.kind
    RETURNING w.station_id, w.kind, w.requested`;
  return row ? { stationId: row.station_id, kind: row.kind, requested: row.requested } : null;
}

/** Marks the requests a run covered as done, if the claim is still ours; later requests stay due. */
export async function completeWork(db: Db, claim: Claim, worker: string = WORKER_ID): Promise<void> {
  await db.$executeRaw`
    UPDATE station_work SET done = GREATEST(done, ${claim.requested}::bigint), claimed_by = NULL, claimed_until = NULL, attempts = 0, last_error = NULL
     WHERE station_id = ${claim.stationId}::uuid AND kind = ${claim.kind} AND claimed_by = ${worker}`;
}

/** Gives a failed run back, to be tried again after a growing pause. */
async function failWork(db: Db, claim: Claim, error: unknown, worker: string): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await db.$executeRaw`
    UPDATE station_work
       SET claimed_by = NULL, last_error = ${message.slice(0, 2000)},
           claimed_until = now() + LEAST(60000, ${RETRY_BASE_MS}::int * power(2, GREATEST(attempts - 1, 0)))::int * interval '1 millisecond'
     WHERE station_id = ${claim.stationId}::uuid AND kind = ${claim.kind} AND claimed_by = ${worker}`;
}

/** Runs one claim's work; true when it is done. */
export async function runClaim(db: Db, claim: Claim, worker: string = WORKER_ID): Promise<boolean> {
  const handler = handlers.get(claim.kind);
  try {
    if (!handler) throw new Error(`no handler for ${claim.kind} work`);
    await handler(db, claim.stationId);
    await completeWork(db, claim, worker);
    return true;
  } catch (error) {
    console.error(`${claim.kind} work on station ${claim.stationId} failed; it will be tried again`, error);
    await failWork(db, claim, error, worker).catch(() => {});
    return false;
  }
}

const drains = coalescedRunner(() => "running stations' background work");

/**
 * Works through the due work of every station in this process, one claim at
 * a time, until none is due: after a request here, and on the sweeper's beat
 * for work other instances left behind.
 */
export function drainWork(db: Db): Promise<void> {
  return drains.run("all", async () => {
    for (let claim = await claimWork(db); claim; claim = await claimWork(db)) await runClaim(db, claim);
  });
}

/** This process's background work, settled (tests wait for it before dropping their database). */
export function workDrained(): Promise<void> {
  return drains.settled("all");
}

/** Stores the request, then starts the work in this process without waiting for it. */
export async function requestWorkSoon(db: Db, stationId: string, kind: WorkKind): Promise<void> {
  await requestWork(db, stationId, kind);
  void drainWork(db);
}

/** Looks for due work every `intervalMs` (leases other instances let expire); returns the stop. */
export function startWorkSweeper(db: () => Db, intervalMs = 2_000): () => void {
  const timer = setInterval(() => {
    try {
      void drainWork(db());
    } catch {
      // No database yet: the next beat tries again.
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Waits until the station's requests of a kind made so far are done (tests, the simulator's end). */
export async function workSettled(db: Db, stationId: string, kind: WorkKind, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  const target = (await db.stationWork.findUnique({ where: { stationId_kind: { stationId, kind } } }))?.requested ?? 0n;
  for (;;) {
    const row = await db.stationWork.findUnique({ where: { stationId_kind: { stationId, kind } } });
    if (!row || row.done >= target) return;
    if (Date.now() - started > timeoutMs)
      throw new Error(`${kind} work on station ${stationId} not done after ${timeoutMs} ms (last error: ${row.lastError ?? "none"})`);
    void drainWork(db);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
