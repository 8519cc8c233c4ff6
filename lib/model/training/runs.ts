import { randomBytes } from "node:crypto";
import { z } from "zod";
import { appendAudit } from "../../audit/index.ts";
import type { Role } from "../../auth/index.ts";
import type { Db, DbOrTx } from "../../db/index.ts";
import type { TrainingRunStatus } from "../../generated/prisma/enums.ts";
import type { Evaluation } from "../evaluation.ts";
import { refuse, type Refusal } from "../../refusals/index.ts";

// Retraining runs an engineer starts on /models. The web app only records the
// request; a trainer process (scripts/trainer.ts, lib/model/training/trainer.ts) claims queued runs
// one at a time, writes progress, log and outcome to the run's row, and
// registers the new version. Nothing lives in one app instance's memory, so
// every instance shows the same run and any of them can start a trainer.

export const MAY_TRAIN: readonly Role[] = ["ENGINEER", "ADMIN"];

/** What an engineer chooses for a run; the rest are the pipeline's defaults. */
export const trainingRunOptionsSchema = z
  .object({
    epochs: z.number().int().min(1).max(40).default(8).describe("Passes over the training photos at most (early stopping may end sooner)."),
    holdout: z.number().min(0.1).max(0.6).default(0.3).describe("Share of photos held out: half to validate and place the threshold, half to test."),
    photos: z.number().int().min(20).max(20_000).default(2_000).describe("The most distinct labelled photos of the station to read."),
    synthShare: z
      .number()
      .min(0)
      .max(0.9)
      .default(0)
      .describe("Share of synthetic photos mixed in, so adapting to the line does not forget the product's own (0: none)."),
    folds: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(0)
      .describe(
        "Folds (0 or 1: none): k more trainings, each without a k-th of the training and validation photos, scoring them; a camera model places its threshold on all of them.",
      ),
    fineTune: z.boolean().default(true).describe("Start from the active model's weights (its classes kept, new ones fresh) rather than from scratch."),
    newClassesOnly: z
      .boolean()
      .default(false)
      .describe(
        "With fineTune: learn only the station's classes the active model lacks; every other weight stays the active model's, so it scores its own classes exactly as before.",
      ),
    earlyStop: z
      .boolean()
      .default(true)
      .describe("Stop when the validation loss has not improved for a few epochs; off, every epoch asked for is trained (the best one is kept)."),
  })
  .strict();
export type TrainingRunOptions = z.infer<typeof trainingRunOptionsSchema>;

/** A trainer that has not written for this long has died: its run is lost. */
export const HEARTBEAT_TIMEOUT_MS = 60_000;
const LOG_LIMIT = 20_000;

export interface RunComparison {
  /** Photos of the held-out test split, scored by both. */
  photos: number;
  trained: { version: string; evaluation: Evaluation };
  /** The station's active model on the same photos; null when it has none (or its files are missing). */
  active: { version: string; evaluation: Evaluation } | null;
  /** With synthetic photos mixed in: both on fresh synthetic photos, to see what adapting cost the base line. */
  base: { photos: number; trained: Evaluation; active: Evaluation | null } | null;
  thresholdWarning: string | null;
}

export interface TrainingRunView {
  id: string;
  station: string;
  stationName: string;
  /** The station's time zone: when the run started is shown in it. */
  timeZone: string;
  version: string;
  status: TrainingRunStatus;
  /** A RUNNING run whose trainer stopped writing: it will not finish. */
  isLost: boolean;
  progress: number;
  log: string;
  options: TrainingRunOptions;
  comparison: RunComparison | null;
  error: string | null;
  cancelRequested: boolean;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
  /** Whether the version is the station's candidate now. */
  isCandidate: boolean;
}

/** A version name for a run: the station, the second and a tag, e.g. line-1-screen-20261201-164210-3fa2. */
export function runVersionName(slug: string, at: Date): string {
  const stamp = at.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  return `${slug.slice(0, 20).replace(/-+$/, "")}-${stamp}-${randomBytes(2).toString("hex")}`;
}

/** An engineer asks for a run on a station's labelled photos; one run per station at a time. */
export async function requestTrainingRun(
  db: Db,
  slug: string,
  person: { id: string; role: Role },
  options: TrainingRunOptions,
): Promise<{ ok: true; id: string; version: string } | Refusal> {
  if (!MAY_TRAIN.includes(person.role)) return refuse("forbidden", "role", "Only engineers and admins start retraining runs.");
  if (options.newClassesOnly && !options.fineTune)
    return refuse("invalid", "new-classes-need-a-start", "Learning only the new classes starts from the active model's weights: turn fine-tuning on.");
  return db.$transaction(async (tx) => {
    const station = await tx.station.findUnique({ where: { slug }, select: { id: true, name: true } });
    if (!station) return refuse("not-found", "unknown-station", `No station ${JSON.stringify(slug)}.`);
    // One at a time per station: serialise requests on the station's row.
    await tx.$queryRaw`SELECT 1 FROM stations WHERE id = ${station.id}::uuid FOR UPDATE`;
    const open = await tx.trainingRun.findFirst({
      where: { stationId: station.id, status: { in: ["QUEUED", "RUNNING"] } },
      select: { version: true, heartbeatAt: true, status: true },
    });
    if (open && !isLostRun(open, new Date()))
      return refuse("conflict", "already-training", `${station.name} is already training ${open.version}; cancel it or wait for it.`);
    if (open) await markLost(tx, station.id);
    const at = new Date();
    const version = runVersionName(slug, at);
    const run = await tx.trainingRun.create({
      data: { stationId: station.id, requestedById: person.id, version, options, createdAt: at },
      select: { id: true },
    });
    await appendAudit(tx, {
      stationId: station.id,
      actor: { kind: "USER", id: person.id },
      action: "TRAINING_RUN_STARTED",
      reason: `retraining ${version} on ${station.name}'s labelled photos`,
      evidence: { run: run.id, version, ...options },
      at,
    });
    return { ok: true, id: run.id, version } as const;
  });
}

/** Cancels a queued run at once; a running one stops at its next batch. */
export async function cancelTrainingRun(db: Db, id: string, person: { id: string; role: Role }): Promise<{ ok: true; status: TrainingRunStatus } | Refusal> {
  if (!MAY_TRAIN.includes(person.role)) return refuse("forbidden", "role", "Only engineers and admins cancel retraining runs.");
  if (!z.uuid().safeParse(id).success) return refuse("not-found", "unknown-run", `No training run ${JSON.stringify(id)}.`);
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ id: string; status: TrainingRunStatus; station_id: string; version: string }[]>`
      SELECT id, status, station_id, version FROM training_runs WHERE id = ${id}::uuid FOR UPDATE`;
      const run = rows[0];
      if (!run) return refuse("not-found", "unknown-run", `No training run ${id}.`);
      if (run.status !== "QUEUED" && run.status !== "RUNNING") return refuse("conflict", "finished", `This run has ${run.status.toLowerCase()} already.`);
      const at = new Date();
      const status: TrainingRunStatus = run.status === "QUEUED" ? "CANCELLED" : "RUNNING";
      await tx.trainingRun.update({
        where: { id },
        data: run.status === "QUEUED" ? { status: "CANCELLED", finishedAt: at, cancelRequested: true } : { cancelRequested: true },
      });
      await appendAudit(tx, {
        stationId: run.station_id,
        actor: { kind: "USER", id: person.id },
        action: "TRAINING_RUN_CANCELLED",
        reason: `cancelled ${run.version}`,
        evidence: { run: id, version: run.version },
        at,
      });
      return { ok: true, status } as const;
      // A cancel is what people press when the machine is busiest (a run training in this process blocks it for
      // seconds at a time): wait longer than Prisma's 2 s for the transaction to start rather than answer 500.
    },
    { maxWait: 15_000 },
  );
}

export function isLostRun(run: { status: TrainingRunStatus; heartbeatAt: Date | null }, now: Date): boolean {
  return run.status === "RUNNING" && (run.heartbeatAt?.getTime() ?? 0) < now.getTime() - HEARTBEAT_TIMEOUT_MS;
}

/** Runs whose trainer died are failed with why, so the station can train again. */
async function markLost(tx: DbOrTx, stationId: string | null = null): Promise<number> {
  return tx.$executeRaw`
    UPDATE training_runs SET status = 'FAILED', finished_at = now(), error = 'The trainer stopped without finishing (no progress for a minute); start the run again.'
     WHERE status = 'RUNNING' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => ${HEARTBEAT_TIMEOUT_MS / 1000}))
       AND (${stationId}::uuid IS NULL OR station_id = ${stationId}::uuid)`;
}

/**
 * The trainer's claim on the oldest queued run, or null: at most one run
 * trains at a time on the whole installation (training takes a core for
 * minutes), whichever trainer process asks.
 */
export async function claimNextRun(db: Db): Promise<{ id: string; stationSlug: string; version: string; options: TrainingRunOptions } | null> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('understudy:training-claim'))`;
    await markLost(tx);
    const live = await tx.trainingRun.count({ where: { status: "RUNNING" } });
    if (live > 0) return null;
    const next = await tx.trainingRun.findFirst({
      where: { status: "QUEUED" },
      orderBy: { createdAt: "asc" },
      include: { station: { select: { slug: true } } },
    });
    if (!next) return null;
    await tx.trainingRun.update({ where: { id: next.id }, data: { status: "RUNNING", startedAt: new Date(), heartbeatAt: new Date(), progress: 0 } });
    return { id: next.id, stationSlug: next.station.slug, version: next.version, options: trainingRunOptionsSchema.parse(next.options) };
  });
}

/** Whether queued runs wait with no trainer at work: the app then starts one. */
export async function needsTrainer(db: Db): Promise<boolean> {
  const [queued, live] = await Promise.all([
    db.trainingRun.count({ where: { status: "QUEUED" } }),
    db.trainingRun.count({ where: { status: "RUNNING", heartbeatAt: { gte: new Date(Date.now() - HEARTBEAT_TIMEOUT_MS) } } }),
  ]);
  return queued > 0 && live === 0;
}

/** The trainer's report: progress and new log lines; answers whether the run was cancelled. */
export async function reportProgress(db: Db, id: string, progress: number, lines: readonly string[]): Promise<{ isCancelled: boolean }> {
  const text = lines.map((line) => `${line}\n`).join("");
  const rows = await db.$queryRaw<{ cancel_requested: boolean }[]>`
    UPDATE training_runs SET progress = GREATEST(progress, ${progress}), heartbeat_at = now(), log = right(log || ${text}, ${LOG_LIMIT})
     WHERE id = ${id}::uuid RETURNING cancel_requested`;
  return { isCancelled: rows[0]?.cancel_requested ?? true };
}

export async function finishRun(
  db: Db,
  id: string,
  outcome: { status: "SUCCEEDED"; comparison: RunComparison } | { status: "FAILED"; error: string } | { status: "CANCELLED" },
): Promise<void> {
  await db.trainingRun.update({
    where: { id },
    data: {
      status: outcome.status,
      finishedAt: new Date(),
      ...(outcome.status === "SUCCEEDED" ? { progress: 1, comparison: JSON.parse(JSON.stringify(outcome.comparison)) as object } : {}),
      ...(outcome.status === "FAILED" ? { error: outcome.error } : {}),
    },
  });
}

/** The newest runs, of one station or all, as /models shows them. */
export async function listTrainingRuns(db: Db, options: { stationSlug?: string; id?: string; limit?: number } = {}): Promise<TrainingRunView[]> {
  const runs = await db.trainingRun.findMany({
    where: { ...(options.stationSlug ? { station: { slug: options.stationSlug } } : {}), ...(options.id ? { id: options.id } : {}) },
    orderBy: { createdAt: "desc" },
    take: options.limit ?? 10,
    include: {
      station: { select: { slug: true, name: true, timeZone: true, automation: { select: { candidateModel: { select: { version: true } } } } } },
      requestedBy: { select: { name: true } },
    },
  });
  const now = new Date();
  return runs.map((run) => ({
    id: run.id,
    station: run.station.slug,
    stationName: run.station.name,
    timeZone: run.station.timeZone,
    version: run.version,
    status: run.status,
    isLost: isLostRun(run, now),
    progress: run.progress,
    log: run.log,
    options: trainingRunOptionsSchema.parse(run.options),
    comparison: (run.comparison as RunComparison | null) ?? null,
    error: run.error,
    cancelRequested: run.cancelRequested,
    requestedBy: run.requestedBy.name,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    isCandidate: run.station.automation?.candidateModel?.version === run.version,
  }));
}
