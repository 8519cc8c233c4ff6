import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { APP_SERVER, ROOT } from "../../scripts/serving.ts";
import { createAccount } from "../../lib/auth/accounts.ts";
import { createPrismaClient, type Db } from "../../lib/db/client.ts";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../lib/postgres/index.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { nearestRank, toTenth } from "../../lib/metrics/quantile.ts";
import { demoModelOrder, shippedModels } from "../../lib/model/shipped.ts";
import { upsertModelVersion } from "../../lib/model/training/register.ts";
import { newIdempotencyKey, predictionIdempotencyKey } from "../../lib/inspection/idempotency-key.ts";
import { createStation } from "../../lib/stations/stations.ts";
import { reviewStation } from "../../lib/automation/ladder.ts";
import { checkDrift, LIVE_MAX_WINDOWS } from "../../lib/drift/index.ts";
import { timeReviews, type ReviewTimes } from "./review-timer.ts";

// Load and faults against the production build on an embedded PostgreSQL:
// virtual inspectors lease units, post a prediction and a verdict for each
// (with idempotency keys, retried until acknowledged, as the browser's outbox
// does), while the app server or the database may be restarted under them.
// Afterwards every acknowledged write must be stored exactly once.

export type Fault = "none" | "app-restart" | "db-restart";

export interface LoadOptions {
  inspectors: number;
  seconds: number;
  fault: Fault;
  port: number;
  /** Units waiting per station at the start (5 stations). */
  unitsPerStation?: number;
  /**
   * Judged and predicted units already in the stations' current era before
   * the clock starts, spread over the last 30 days. With it (even 0) the
   * stations run at PARTIAL, where every verdict's ladder review reads the
   * gates' evidence; without it, at SHADOW.
   */
  history?: number;
  log?: (line: string) => void;
}

interface Sample {
  op: "lease" | "prediction" | "verdict";
  ms: number;
  status: number;
  at: number;
}

export interface LoadReport {
  fault: Fault;
  inspectors: number;
  seconds: number;
  requests: number;
  statuses: Record<string, number>;
  /** Answers >= 500 and connection failures, and when they happened (seconds from start). */
  serverErrors: number;
  connectionErrors: number;
  errorsOutsideFault: number;
  /** 4xx answers to writes: a client bug or a lost lease, never expected. */
  refusedWrites: number;
  retries: number;
  latencyMs: Record<Sample["op"], { count: number; p50: number; p95: number; p99: number }>;
  acknowledged: { predictions: number; verdicts: number };
  verdictsPerSecond: number;
  stored: { predictions: number; verdicts: number; missing: number; duplicated: number; unacknowledgedStored: number };
  /** When the fault began and ended (seconds from the start), and how long clients saw failures before writes succeeded again. */
  fault_window: { start: number; end: number; outageMs: number | null } | null;
  idleLeases: number;
  /** The start of what the app logged as unexpected, for answers of 500. */
  serverLog: string[];
  /** With a history: units of it, and one ladder review of a station timed in turn after the run, 20 per station, by a process of their own. */
  history?: { units: number; reviewMs: ReviewTimes };
  /** What the database did per acknowledged verdict during the run (with its prediction, leases and background work). */
  database: DatabaseWork;
}

/** The database's work per acknowledged verdict: WAL written, full-page images in it, and blocks read from outside shared buffers. */
export interface DatabaseWork {
  walBytes: number;
  fullPageImages: number;
  blocksRead: number;
  /** Of the blocks the run touched, the share found in shared buffers. */
  bufferHitRatio: number;
}

interface DatabaseCounters {
  walBytes: number;
  fullPageImages: number;
  blocksRead: number;
  blocksHit: number;
  /** Blocks read from outside shared buffers, per table and index. */
  readByRelation: Map<string, number>;
}

/** The server's cumulative counters; backends flush theirs on exit, so read them after the app's connections have closed. */
async function databaseCounters(url: string): Promise<DatabaseCounters> {
  const db = createPrismaClient(url);
  try {
    const [row] = await db.$queryRaw<Omit<DatabaseCounters, "readByRelation">[]>`
      SELECT w.wal_bytes::float8 AS "walBytes", w.wal_fpi::float8 AS "fullPageImages",
             d.blks_read::float8 AS "blocksRead", d.blks_hit::float8 AS "blocksHit"
        FROM pg_stat_wal w, pg_stat_database d WHERE d.datname = current_database()`;
    if (!row) throw new Error("no statistics for the current database");
    const relations = await db.$queryRaw<{ name: string; read: number }[]>`
      SELECT relname AS name, (coalesce(heap_blks_read, 0) + coalesce(toast_blks_read, 0))::float8 AS read FROM pg_statio_user_tables
      UNION ALL
      SELECT indexrelname, coalesce(idx_blks_read, 0)::float8 FROM pg_statio_user_indexes`;
    return { ...row, readByRelation: new Map(relations.map((r) => [r.name, r.read])) };
  } finally {
    await db.$disconnect();
  }
}

/** The relations most read from outside shared buffers between two readings. */
function mostRead(before: DatabaseCounters, after: DatabaseCounters): string {
  return [...after.readByRelation]
    .map(([name, read]) => [name, read - (before.readByRelation.get(name) ?? 0)] as const)
    .filter(([, read]) => read > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([name, read]) => `${name} ${read}`)
    .join(", ");
}

/** The counters' growth between two readings, per verdict. */
export function databaseWork(before: DatabaseCounters, after: DatabaseCounters, verdicts: number): DatabaseWork {
  const per = (key: Exclude<keyof DatabaseCounters, "readByRelation">) => (after[key] - before[key]) / Math.max(1, verdicts);
  const read = after.blocksRead - before.blocksRead;
  const hit = after.blocksHit - before.blocksHit;
  return {
    walBytes: Math.round(per("walBytes")),
    fullPageImages: toTenth(per("fullPageImages")),
    blocksRead: toTenth(per("blocksRead")),
    bufferHitRatio: read + hit > 0 ? Math.round((hit / (read + hit)) * 10_000) / 10_000 : 1,
  };
}

const PASSWORD = "load-test-password";

export class AppServer {
  private child: ChildProcess | null = null;
  /** What the server logged on stderr (errors it answered 500 for, with their causes). */
  readonly errors: string[] = [];
  constructor(
    private readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  async start(): Promise<void> {
    this.child = spawn(process.execPath, [APP_SERVER], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(this.port) },
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.child.stderr?.on("data", (chunk: Buffer) => {
      if (this.errors.length < 200) this.errors.push(chunk.toString());
    });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const ok = await fetch(`http://127.0.0.1:${this.port}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await sleep(100);
    }
    throw new Error("the app server did not become healthy within 60 s");
  }

  /** The server's process id (the app server, scripts/app-server.mjs), while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function seed(
  db: Db,
  options: Required<Pick<LoadOptions, "inspectors" | "unitsPerStation">> & Pick<LoadOptions, "history">,
): Promise<{ stations: string[]; emails: string[] }> {
  const [model] = demoModelOrder(shippedModels());
  if (!model) throw new Error("no shipped model");
  const { id: modelId } = await upsertModelVersion(db, model, `/models/${model.version}`);
  const stations: string[] = [];
  for (let s = 1; s <= 5; s++) {
    const slug = `load-${s}`;
    const { id } = await createStation(db, { slug, name: `Load ${s}` });
    if (options.history === undefined) {
      await db.stationAutomation.update({ where: { stationId: id }, data: { level: "SHADOW", activeModelId: modelId } });
    } else {
      // The era began before the history; a drift alert on the bench's made-up statistics must not demote the station mid-run.
      const eraStart = new Date(Date.now() - 31 * 86_400_000);
      await db.stationAutomation.update({
        where: { stationId: id },
        data: { level: "PARTIAL", activeModelId: modelId, eraStartedAt: eraStart, evidenceSince: eraStart, driftDemotes: false },
      });
    }
    // Photographed over the last hour, with time-ordered ids as the app gives captures; the content hash is random, as a photo's is.
    await db.$executeRaw`
      INSERT INTO captures (id, station_id, captured_at, storage_key, content_hash, mime_type, width, height)
      SELECT id, ${id}::uuid, at, 'load/' || id || '.png', md5(random()::text), 'image/png', 192, 192
        FROM (SELECT uuid_v7(at) AS id, at
                FROM (SELECT now() - interval '1 hour' * (1 - n::float8 / ${options.unitsPerStation}) AS at FROM generate_series(1, ${options.unitsPerStation}::int) AS n) AS times) AS waiting`;
    stations.push(slug);
  }
  const emails: string[] = [];
  const historian = await createAccount(db, { email: "history@load.test", name: "History", role: "INSPECTOR", password: PASSWORD });
  if (options.history) await seedHistory(db, stations, { id: modelId, version: model.version }, historian.id, options.history);
  for (let i = 0; i < options.inspectors; i++) {
    const email = `inspector-${i}@load.test`;
    await createAccount(db, { email, name: `Inspector ${i}`, role: "INSPECTOR", password: PASSWORD });
    emails.push(email);
  }
  return { stations, emails };
}

/** The oldest share of the bench's history, before the stations reached PARTIAL: every unit judged by a person. */
const SHADOW_SHARE = 0.2;

/**
 * `units` predicted and decided units spread over the stations and the last
 * 30 days, as the app writes them (the triggers make their comparisons and
 * rollups), in one era of the model: its oldest fifth in shadow (every unit
 * judged by a person), then at PARTIAL, where the model decided the units it
 * was sure of alone but for the station's audit share, and a person judged
 * the rest. Nine in ten ok and one a scratch, model and person agreeing, so
 * the gates pass and the stations stay at PARTIAL. Oldest first, with the ids
 * and keys the app and the browser give them (time-ordered). One transaction
 * per station, all at once; a superuser skips the foreign-key checks. Then
 * each station's drift monitoring catches up as the app's would have, which
 * fits the model's calibration on the shadow era.
 */
async function seedHistory(db: Db, slugs: string[], model: { id: string; version: string }, inspectorId: string, units: number): Promise<void> {
  const { id: modelId, version: modelVersion } = model;
  const stations = await db.station.findMany({ where: { slug: { in: slugs } }, select: { id: true, automation: true } });
  const share = Math.ceil(units / stations.length);
  await Promise.all(
    stations.map(({ id, automation }) =>
      db.$transaction(
        async (tx) => {
          if (!automation) throw new Error(`station ${id} has no automation row`);
          const { okThreshold, defectThreshold, auditShare } = automation;
          await tx.$executeRaw`SELECT set_config('understudy.bulk_load', 'on', true)`;
          await tx.$executeRaw`SET LOCAL session_replication_role = replica`;
          // n counts down from the oldest unit; one in ten is unsure (a score between the thresholds), never a defect.
          await tx.$executeRaw`
            CREATE TEMP TABLE history_units ON COMMIT DROP AS
            SELECT uuid_v7(at) AS id, at, defect, level, defect_score,
                   (model_decides(level, defect_score, ${okThreshold}::float8, ${defectThreshold}::float8) AND random() >= ${auditShare}::float8) AS model_decides
              FROM (SELECT at, defect, level,
                           CASE WHEN defect THEN 0.99 WHEN unsure THEN (${okThreshold}::float8 + ${defectThreshold}::float8) / 2 ELSE 0.01 END AS defect_score
                      FROM (SELECT now() - (n::float8 / ${share}) * interval '30 days' - interval '1 minute' AS at, (n % 10 = 0) AS defect, (n % 10 = 5) AS unsure,
                                   CASE WHEN n > ${share} * (1 - ${SHADOW_SHARE}::float8) THEN 'SHADOW' ELSE 'PARTIAL' END::"AutomationLevel" AS level
                              FROM generate_series(${share}::int, 1, -1) AS n) AS drawn) AS scored`;
          await tx.$executeRaw`
            INSERT INTO captures (id, station_id, captured_at, storage_key, content_hash, mime_type, width, height, decided_at)
            SELECT id, ${id}::uuid, at, 'history/' || id || '.png', md5(random()::text), 'image/png', 192, 192, at FROM history_units`;
          await tx.$executeRaw`
            INSERT INTO predictions (id, capture_id, station_id, model_version_id, model_role, level, scores, decision, confidence, defect_score,
                                     latency_ms, backend, brightness, contrast, sharpness, mean_red, mean_green, mean_blue, idempotency_key, created_at)
            SELECT uuid_v7(at), id, ${id}::uuid, ${modelId}::uuid, 'ACTIVE', level, '{}', CASE WHEN defect THEN 'scratch' ELSE 'ok' END,
                   greatest(defect_score, 1 - defect_score), defect_score, 2, 'wasm', 0.27, 0.11, 0.036, 0.27, 0.27, 0.27, 'p-' || id || '-' || ${modelVersion}, at
            FROM history_units`;
          // The model's verdicts as the app records them (lib/inspection/predictions.ts), the people's as the browser sends them.
          await tx.$executeRaw`
            INSERT INTO verdicts (id, capture_id, station_id, inspector_id, source, label, level, suggestion_shown, time_to_decide_ms, decided_at, idempotency_key)
            SELECT uuid_v7(at), id, ${id}::uuid, CASE WHEN model_decides THEN NULL ELSE ${inspectorId} END,
                   CASE WHEN model_decides THEN 'MODEL' ELSE 'INSPECTOR' END::"VerdictSource", CASE WHEN defect THEN 'scratch' ELSE 'ok' END,
                   level, false, CASE WHEN model_decides THEN NULL ELSE 900 END, at, CASE WHEN model_decides THEN 'model-' || id ELSE uuid_v7(at)::text END
            FROM history_units`;
        },
        { timeout: 3_600_000, maxWait: 60_000 },
      ),
    ),
  );
  // A year's history is not a fresh bulk insert: vacuum it now, or autovacuum works through it during the run,
  // and write out every page the load and the vacuum dirtied, or the run's checkpoints do.
  await db.$executeRawUnsafe("VACUUM (ANALYZE)");
  // Drift monitoring caught up, as the app's live runs leave it (at most the latest LIVE_MAX_WINDOWS windows).
  for (const { id } of stations) await checkDrift(db, id, { maxWindows: LIVE_MAX_WINDOWS });
  for (const { id } of stations) {
    const calibrated = await db.scoreCalibration.findUnique({ where: { stationId_modelVersionId: { stationId: id, modelVersionId: modelId } } });
    if (!calibrated) throw new Error(`no drift calibration stored for station ${id} after its shadow era`);
    // A history the gates would demote on would measure another level than the one it claims.
    const outcome = await reviewStation(db, id);
    if (outcome.action !== "none") throw new Error(`the history's ladder review of station ${id} did not leave it at PARTIAL: ${JSON.stringify(outcome)}`);
  }
  await db.$executeRawUnsafe("CHECKPOINT");
}

/** Signs each account in through the app, in parallel; their session cookies, in order. */
export async function signInAll(base: string, emails: readonly string[], password: string): Promise<string[]> {
  return Promise.all(
    emails.map(async (email) => {
      const response = await fetch(`${base}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base },
        body: JSON.stringify({ email, password }),
      });
      if (!response.ok) throw new Error(`sign-in of ${email} failed: ${response.status} ${await response.text()}`);
      return response.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
    }),
  );
}

/** Count and p50/p95/p99 (ms) of an operation's answers below 500. */
export function latencyOf<Op extends string>(
  samples: readonly { op: Op; ms: number; status: number }[],
  op: Op,
): { count: number; p50: number; p95: number; p99: number } {
  const ms = samples.filter((s) => s.op === op && s.status < 500).map((s) => s.ms);
  const at = (q: number) => (ms.length > 0 ? toTenth(nearestRank(ms, q)) : 0);
  return { count: ms.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/**
 * With LOAD_ACTIVITY set, a profile of the database during the run: every
 * 50 ms, which statements are active and what each waits on (CPU when
 * nothing), counted and ranked. Where the time goes, before optimising.
 */
function sampleActivity(url: string): { stop: () => Promise<string> } {
  const sampler = createPrismaClient(url);
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = await sampler.$queryRaw<{ what: string }[]>`
        SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') || ' | ' || left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 160) AS what
          FROM pg_stat_activity WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()`.catch(() => []);
      samples++;
      for (const { what } of rows) counts.set(what, (counts.get(what) ?? 0) + 1);
      await sleep(50);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await sampler.$disconnect();
      const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 20);
      return `${samples} samples (busy backends per sample, statement):\n${top.map(([what, n]) => `  ${(n / samples).toFixed(2)}  ${what}`).join("\n")}`;
    },
  };
}

/** Runs one load scenario from scratch (its own database and server) and reports what was asked, answered and stored. */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const log = options.log ?? (() => {});
  const unitsPerStation = options.unitsPerStation ?? 6_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-load-"));
  let database: EmbeddedDatabase | null = await startEmbeddedPostgres(path.join(dir, "pg"));
  const server = new AppServer(options.port, {
    DATABASE_URL: database.url,
    UNDERSTUDY_DATA_DIR: dir,
    BETTER_AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    BETTER_AUTH_URL: `http://127.0.0.1:${options.port}`,
    // 50 inspectors sign in at once from one address.
    SIGN_IN_RATE_LIMIT: "100000",
  });
  const db = createPrismaClient(database.url);
  try {
    await migrate(database.url);
    const seeding = Date.now();
    const { stations, emails } = await seed(db, { inspectors: options.inspectors, unitsPerStation, history: options.history });
    if (options.history) log(`${options.history} units of history seeded in ${Math.round((Date.now() - seeding) / 1000)} s`);
    await server.start();
    const base = `http://127.0.0.1:${options.port}`;
    const cookies = await signInAll(base, emails, PASSWORD);
    log(`${options.inspectors} inspectors signed in; ${5 * unitsPerStation} units waiting; fault: ${options.fault}`);

    const samples: Sample[] = [];
    const statuses: Record<string, number> = {};
    let connectionErrors = 0;
    let refusedWrites = 0;
    let retries = 0;
    let idleLeases = 0;
    const failuresAt: number[] = [];
    const acked = { prediction: new Set<string>(), verdict: new Set<string>() };
    const sent = { prediction: new Set<string>(), verdict: new Set<string>() };
    const started = Date.now();
    const elapsed = () => (Date.now() - started) / 1000;
    const deadline = started + options.seconds * 1000;
    // Writes in flight keep being retried after the deadline, for at most this long.
    const giveUpAt = deadline + 90_000;
    const [model] = demoModelOrder(shippedModels());
    // The seeding connections close so their counters are flushed before the first reading.
    await db.$disconnect();
    const countersBefore = await databaseCounters(database.url);

    /** One request, retried on connection failures and 5xx with backoff (the same body, so the same idempotency key), until answered below 500. */
    async function send(op: Sample["op"], cookie: string, url: string, body: unknown): Promise<Response | null> {
      let wait = 50;
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) retries++;
        const t0 = performance.now();
        let response: Response;
        try {
          response = await fetch(`${base}${url}`, {
            method: "POST",
            headers: { "content-type": "application/json", cookie, origin: base },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(15_000),
          });
        } catch {
          connectionErrors++;
          statuses.network = (statuses.network ?? 0) + 1;
          failuresAt.push(elapsed());
          if (Date.now() > giveUpAt || (op === "lease" && Date.now() > deadline)) return null;
          await sleep(wait);
          wait = Math.min(1000, wait * 2);
          continue;
        }
        const ms = performance.now() - t0;
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        samples.push({ op, ms, status: response.status, at: elapsed() });
        if (response.status >= 500) failuresAt.push(elapsed());
        if (response.status < 500) return response;
        await response.body?.cancel();
        if (Date.now() > giveUpAt || (op === "lease" && Date.now() > deadline)) return null;
        await sleep(wait);
        wait = Math.min(1000, wait * 2);
      }
    }

    async function inspector(index: number): Promise<void> {
      const cookie = cookies[index] as string;
      const station = stations[index % stations.length] as string;
      while (Date.now() < deadline) {
        const leased = await send("lease", cookie, `/api/stations/${station}/queue`, { count: 5 });
        if (!leased) break;
        const { units = [] } = (await leased.json().catch(() => ({}))) as { units?: { id: string }[] };
        if (units.length === 0) {
          idleLeases++;
          await sleep(200);
          continue;
        }
        for (const unit of units) {
          // The keys the browser gives them (components/inspect/use-unit-queue.ts).
          const predictionKey = predictionIdempotencyKey(unit.id, model?.version ?? "none");
          const verdictKey = newIdempotencyKey();
          sent.prediction.add(predictionKey);
          const prediction = await send("prediction", cookie, `/api/stations/${station}/predictions`, {
            idempotencyKey: predictionKey,
            captureId: unit.id,
            modelVersion: model?.version,
            scores: Object.fromEntries((model?.classes ?? []).map((c, i) => [c, i === 0 ? 0.9 : 0.1 / Math.max(1, (model?.classes.length ?? 1) - 1)])),
            decision: model?.classes[0],
            confidence: 0.9,
            defectScore: 0.1,
            latencyMs: 2,
            backend: "wasm",
            statistics: { brightness: 0.27, contrast: 0.11, sharpness: 0.036, meanRed: 0.27, meanGreen: 0.27, meanBlue: 0.27 },
          });
          if (prediction?.ok) acked.prediction.add(predictionKey);
          else if (prediction) refusedWrites++;
          await prediction?.body?.cancel();
          sent.verdict.add(verdictKey);
          const verdict = await send("verdict", cookie, `/api/stations/${station}/verdicts`, {
            idempotencyKey: verdictKey,
            captureId: unit.id,
            label: "ok",
            timeToDecideMs: 900,
            decidedAt: new Date().toISOString(),
          });
          if (verdict?.ok) acked.verdict.add(verdictKey);
          else if (verdict) refusedWrites++;
          await verdict?.body?.cancel();
          if (Date.now() >= deadline) break;
        }
      }
    }

    let faultWindow: LoadReport["fault_window"] = null;
    const faulting = (async () => {
      if (options.fault === "none") return;
      await sleep((options.seconds * 1000) / 3);
      const start = elapsed();
      if (options.fault === "app-restart") {
        log(`t=${start.toFixed(1)} s: killing the app server (SIGKILL)`);
        await server.kill("SIGKILL");
        await sleep(1000);
        await server.start();
      } else {
        log(`t=${start.toFixed(1)} s: stopping PostgreSQL`);
        await db.$disconnect();
        await database?.stop();
        database = null;
        await sleep(1500);
        database = await startEmbeddedPostgres(path.join(dir, "pg"));
      }
      const end = elapsed();
      log(`t=${end.toFixed(1)} s: back`);
      faultWindow = { start, end, outageMs: null };
    })();

    const activity = process.env.LOAD_ACTIVITY ? sampleActivity(database.url) : null;
    await Promise.all([...Array.from({ length: options.inspectors }, (_, i) => inspector(i)), faulting]);
    const seconds = (Date.now() - started) / 1000;
    if (activity) log(`what the database was doing, ${await activity.stop()}`);
    // The server stops first: its connections' counters reach the statistics when they close. Reviews are then timed alone too.
    await server.kill("SIGTERM");
    const countersAfter = await databaseCounters((database as EmbeddedDatabase).url);
    log(`blocks read from outside shared buffers, by relation: ${mostRead(countersBefore, countersAfter)}`);

    // What the database holds for the keys the clients used.
    const check = createPrismaClient((database as EmbeddedDatabase).url);
    const count = async (table: "predictions" | "verdicts", keys: Set<string>) => {
      const rows = await check.$queryRawUnsafe<{ idempotency_key: string; n: bigint }[]>(
        `SELECT idempotency_key, count(*) AS n FROM ${table} WHERE idempotency_key = ANY($1::text[]) GROUP BY idempotency_key`,
        [...keys],
      );
      return new Map(rows.map((r) => [r.idempotency_key, Number(r.n)]));
    };
    const storedPredictions = await count("predictions", sent.prediction);
    const storedVerdicts = await count("verdicts", sent.verdict);
    await check.$disconnect();
    // Reviews timed alone: the server stopped, so none waits on the app's own review for the station's lock.
    let history: LoadReport["history"];
    if (options.history !== undefined) {
      history = { units: options.history, reviewMs: await timeReviews((database as EmbeddedDatabase).url, stations, log) };
    }
    const missing = [...acked.prediction].filter((k) => !storedPredictions.has(k)).length + [...acked.verdict].filter((k) => !storedVerdicts.has(k)).length;
    const duplicated = [...storedPredictions.values(), ...storedVerdicts.values()].filter((n) => n > 1).length;
    const unacknowledgedStored =
      [...storedPredictions.keys()].filter((k) => !acked.prediction.has(k)).length + [...storedVerdicts.keys()].filter((k) => !acked.verdict.has(k)).length;

    const window = faultWindow as LoadReport["fault_window"];
    const failures = samples.filter((s) => s.status >= 500);
    const outside = window ? failures.filter((s) => s.at < window.start || s.at > window.end + 10).length : failures.length;
    if (window && failuresAt.length > 0) {
      // The outage as clients saw it: from the first failed request to the first write acknowledged after the last one.
      const first = Math.min(...failuresAt);
      const last = Math.max(...failuresAt);
      const recovered = samples.filter((s) => s.at > last && s.status < 500 && s.op !== "lease").sort((a, b) => a.at - b.at)[0];
      window.outageMs = recovered ? Math.round((recovered.at - first) * 1000) : null;
    }
    const latency = (op: Sample["op"]) => latencyOf(samples, op);
    return {
      fault: options.fault,
      inspectors: options.inspectors,
      seconds: toTenth(seconds),
      requests: samples.length + connectionErrors,
      statuses,
      serverErrors: failures.length,
      connectionErrors,
      errorsOutsideFault: outside,
      refusedWrites,
      retries,
      latencyMs: { lease: latency("lease"), prediction: latency("prediction"), verdict: latency("verdict") },
      acknowledged: { predictions: acked.prediction.size, verdicts: acked.verdict.size },
      verdictsPerSecond: toTenth(acked.verdict.size / options.seconds),
      stored: { predictions: storedPredictions.size, verdicts: storedVerdicts.size, missing, duplicated, unacknowledgedStored },
      fault_window: window,
      idleLeases,
      ...(history ? { history } : {}),
      database: databaseWork(countersBefore, countersAfter, acked.verdict.size),
      serverLog: server.errors.slice(0, 5).map((entry) => entry.slice(0, 600)),
    };
  } finally {
    await server.kill("SIGTERM").catch(() => {});
    await db.$disconnect().catch(() => {});
    await database?.stop().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
