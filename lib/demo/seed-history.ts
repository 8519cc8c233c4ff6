import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { DEFAULT_BLIND_SHARE, LEVEL_LABELS } from "../automation/index.ts";
import { encodePng, type CaptureStore, validatePhoto } from "../captures/index.ts";
import fs from "node:fs";
import path from "node:path";
import { chooseBackend, type ModelMetadata, modelDir } from "../model/index.ts";
import { loadDefectModel, upsertModelVersion } from "../model/training/index.ts";
import { DEFAULT_DEFECT_CLASSES, OK_LABEL } from "../stations/index.ts";
import { generatePhoto, type PresetName, seedFor } from "../synth/index.ts";
import type { Db } from "../db/index.ts";

// A realistic past for demos and benchmarks: months of units on every station,
// each with an inspector's verdict and a model prediction, generated in SQL
// (one INSERT ... SELECT per table) so a million units take minutes, not hours.
// Truth, lighting and both error rates are drawn per unit; the rates below are
// the generator's parameters, which the dashboard should then rediscover.

export interface HistoryOptions {
  units: number;
  days: number;
  /** The shipped model that is active now; history switches to it halfway. */
  model: ModelMetadata;
  store: CaptureStore;
  /** For repeatable histories. */
  seed?: number;
  now?: Date;
  /** Share of defective units an inspector gets wrong (of OK units, a quarter of it); one inspector per station is three times as sloppy. */
  humanErrorRate?: number;
}

export interface HistoryResult {
  units: number;
  stations: string[];
  from: Date;
  to: Date;
}

/** Share of units by truth: most units are fine. */
export const HISTORY_TRUTH_SHARES: Record<string, number> = { ok: 0.92, scratch: 0.03, crack: 0.025, dent: 0.025 };

/** Chance the model gets a unit wrong, by truth, under the lighting it was trained for. */
export const HISTORY_MODEL_ERROR: Record<string, number> = { ok: 0.015, scratch: 0.08, crack: 0.05, dent: 0.12 };

/**
 * Inspectors reject good units less often than they miss defects: their error
 * rate on OK units is this fraction of the rate on defective ones.
 */
export const HISTORY_HUMAN_FALSE_REJECT_FACTOR = 0.25;

/** How much more often the model errs under other lighting. */
export const HISTORY_LIGHTING_FACTOR = { normal: 1, dim: 2, bright: 2, shifted: 4 } as const;

/** The earlier model version the history starts with, worse by this factor. */
export const HISTORY_OLD_MODEL = { version: "v0-history", errorFactor: 1.4 } as const;

export const INSPECTORS_PER_STATION = 4;

/** At AI assistance, the chance an inspector shown a wrong suggestion takes it (automation bias, for the dashboard's panel). */
export const HISTORY_FOLLOWS_WRONG_SUGGESTION = 0.6;

/**
 * Each station's past levels as shares of the history; the last segment runs
 * at the station's current level and extends its current era backwards.
 * A station in shadow mode now takes plans 0-2 in turn; plan 2 has the
 * factory's lights change at 70-85% of the way (drift), after which the
 * station was taken back from AI assistance to shadow mode. A station at AI
 * assistance now climbed there on the new model's evidence (plan 3); one at
 * partial or full automation went on up (plan 4). The new model takes over
 * half way (HISTORY_OLD_MODEL).
 */
export const HISTORY_PLANS: { until: number; level: AutomationLevel | "CURRENT" }[][] = [
  [
    { until: 0.35, level: "SHADOW" },
    { until: 0.6, level: "AI_ASSIST" },
    { until: 1, level: "CURRENT" },
  ],
  [{ until: 1, level: "CURRENT" }],
  [
    { until: 0.5, level: "SHADOW" },
    { until: 0.72, level: "AI_ASSIST" },
    { until: 1, level: "CURRENT" },
  ],
  [
    { until: 0.65, level: "SHADOW" },
    { until: 1, level: "CURRENT" },
  ],
  [
    { until: 0.55, level: "SHADOW" },
    { until: 0.75, level: "AI_ASSIST" },
    { until: 1, level: "CURRENT" },
  ],
];
export const LIGHTING_SHIFT = { plan: 2, from: 0.7, until: 0.85 } as const;

/** The plan of a station at `level` now, `shadowIndex` being how many stations in shadow mode came before it. */
export function historyPlan(level: AutomationLevel, shadowIndex: number): number {
  if (level === "AI_ASSIST") return 3;
  if (level === "PARTIAL" || level === "FULL") return 4;
  return shadowIndex % 3;
}

const PHOTO_VARIANTS = 6;
const DAY_MS = 86_400_000;

export class HistoryError extends Error {}

/**
 * Seeds `units` decided units spread over the last `days` days across the
 * stations that run a model with the default taxonomy. Refuses a database that
 * already holds seeded history, so eras never overlap.
 */
export async function seedHistory(db: Db, options: HistoryOptions): Promise<HistoryResult> {
  const now = options.now ?? new Date();
  const from = new Date(now.getTime() - options.days * DAY_MS);
  const defects = DEFAULT_DEFECT_CLASSES.map((d) => d.key);
  const activeId = (await upsertModelVersion(db, options.model, `/models/${options.model.version}`)).id;
  const oldId = (
    await db.modelVersion.upsert({
      where: { version: HISTORY_OLD_MODEL.version },
      create: {
        version: HISTORY_OLD_MODEL.version,
        classes: options.model.classes,
        inputSize: options.model.inputSize,
        thresholds: { ...options.model.thresholds },
        metadata: { note: "An earlier model that exists only in seeded history: it has no artifact to load." },
        artifactPath: "",
      },
      update: {},
      select: { id: true },
    })
  ).id;
  if ((await db.capture.count({ where: { metadata: { path: ["history"], equals: true } } })) > 0) {
    throw new HistoryError("This database already holds seeded history; seed a fresh database instead.");
  }
  const stations = (
    await db.station.findMany({ orderBy: { slug: "asc" }, include: { defectClasses: { orderBy: { position: "asc" } }, automation: true } })
  ).filter((s) => s.defectClasses.map((d) => d.key).join() === defects.join());
  if (stations.length === 0) throw new HistoryError(`No station has the default taxonomy (${defects.join(", ")}) to seed history on.`);
  const photos = await storePhotoPool(options.store, await heatmapRunner(options.model));

  const stationRows: Prisma.Sql[] = [];
  const plans: number[] = [];
  for (const station of stations) {
    // A station that runs no model yet is put in shadow mode with the active model, as the demo does.
    const level: AutomationLevel = station.automation && station.automation.level !== "HUMAN_ONLY" ? station.automation.level : "SHADOW";
    const plan = historyPlan(level, plans.filter((p) => p < 3).length);
    plans.push(plan);
    await db.stationAutomation.upsert({
      where: { stationId: station.id },
      create: { stationId: station.id, level, activeModelId: activeId },
      update: { level, activeModelId: activeId },
    });
    const inspectors: string[] = [];
    for (let k = 1; k <= INSPECTORS_PER_STATION; k++) {
      const email = `history-${station.slug}-${k}@understudy.local`;
      const user = await db.user.upsert({
        where: { email },
        create: { id: `history-${station.slug}-${k}`, email, name: `${station.name} inspector ${k}`, role: "INSPECTOR" },
        update: {},
        select: { id: true },
      });
      inspectors.push(user.id);
    }
    // A screen station's history shows screens, a back-glass station's back glass.
    const surface = station.slug.includes("screen") ? "screen" : "back-glass";
    // At partial and full the model decided the units it was sure of alone, but for the audit share (lib/automation/routing).
    // A station without automation gets the schema's defaults when upserted above.
    const { okThreshold, defectThreshold, auditShare } = await db.stationAutomation.findUniqueOrThrow({ where: { stationId: station.id } });
    stationRows.push(
      Prisma.sql`(0, ${station.id}::uuid, ${plan}::int, ${level}::"AutomationLevel", ARRAY[${Prisma.join(inspectors)}]::text[], ${surface}, ${okThreshold}::float8, ${defectThreshold}::float8, ${auditShare}::float8)`,
    );
  }

  const [{ rolsuper: isSuperuser } = { rolsuper: false }] = await db.$queryRaw<
    { rolsuper: boolean }[]
  >`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`;
  // One transaction per station, all at once: their rows, and so the rollup
  // rows their triggers update, never overlap, so they neither wait for nor
  // deadlock with each other, and the server uses every core.
  const share = Math.floor(options.units / stations.length);
  await Promise.all(
    stations.map((_, index) =>
      db.$transaction(
        async (tx) => {
          const units = share + (index < options.units - share * stations.length ? 1 : 0);
          if (units === 0) return;
          await tx.$executeRaw`SELECT setseed(${(((options.seed ?? 2026) * 7 + index) % 1000) / 1000})`;
          // Nobody else can see these units before commit: the comparison triggers may skip their locks.
          await tx.$executeRaw`SELECT set_config('understudy.bulk_load', 'on', true)`;
          // The rows are built consistent from one table, so a superuser skips the foreign-key checks
          // (a third of the time); the evidence triggers are ENABLE ALWAYS and still run.
          if (isSuperuser) await tx.$executeRaw`SET LOCAL session_replication_role = replica`;
          await tx.$executeRaw`CREATE TEMP TABLE history_stations (idx int, station_id uuid, plan int, current_level "AutomationLevel", inspectors text[], surface text, ok_threshold float8, defect_threshold float8, audit_share float8) ON COMMIT DROP`;
          await tx.$executeRaw`INSERT INTO history_stations VALUES ${stationRows[index]!}`;
          await tx.$executeRaw`CREATE TEMP TABLE history_photos (truth text, lighting text, variant int, surface text, storage_key text, content_hash text, width int, height int, heatmap jsonb) ON COMMIT DROP`;
          await tx.$executeRaw`INSERT INTO history_photos VALUES ${Prisma.join(
            photos.map(
              (p) =>
                Prisma.sql`(${p.truth}, ${p.preset}, ${p.variant}::int, ${p.surface}, ${p.storageKey}, ${p.contentHash}, ${p.width}::int, ${p.height}::int, ${p.heatmap === null ? null : JSON.stringify(p.heatmap)}::jsonb)`,
            ),
          )}`;
          await tx.$executeRaw(generateUnitsSql(options, units, from, now, defects, activeId, oldId));
          await tx.$executeRaw`ANALYZE history_units`;
          await tx.$executeRaw`
            INSERT INTO captures (id, station_id, source, captured_at, received_at, storage_key, content_hash, mime_type, width, height, metadata, decided_at)
            SELECT u.id, u.station_id, 'SYNTHETIC', u.at - interval '40 seconds', u.at - interval '39 seconds', p.storage_key, p.content_hash,
                   'image/png', p.width, p.height, jsonb_build_object('history', true, 'lighting', u.lighting), u.at
              FROM history_units u
              JOIN history_photos p ON p.truth = u.truth AND p.lighting = u.preset AND p.variant = u.variant AND p.surface = u.surface`;
          await tx.$executeRaw`
            INSERT INTO verdicts (id, capture_id, station_id, inspector_id, source, label, level, suggestion_shown, time_to_decide_ms, decided_at, idempotency_key, created_at)
            SELECT uuid_v7(u.at), u.id, u.station_id,
                   CASE WHEN u.model_decides THEN NULL ELSE u.inspector_id END,
                   CASE WHEN u.model_decides THEN 'MODEL' ELSE 'INSPECTOR' END::"VerdictSource",
                   CASE WHEN u.model_decides THEN u.model_label ELSE u.human_label END, u.level, u.suggestion_shown,
                   CASE WHEN u.model_decides THEN NULL ELSE u.time_to_decide_ms END, u.at,
                   CASE WHEN u.model_decides THEN 'model-' || u.id ELSE 'history-' || u.id || '-v' END, u.at
              FROM history_units u`;
          await tx.$executeRaw`
            INSERT INTO predictions (id, capture_id, model_version_id, station_id, model_role, level, scores, decision, confidence, defect_score,
                                     latency_ms, backend, heatmap, brightness, contrast, sharpness, mean_red, mean_green, mean_blue, idempotency_key, created_at)
            SELECT uuid_v7(u.at - interval '30 seconds'), u.id, u.model_version_id, u.station_id, 'ACTIVE', u.level, u.scores, u.model_label, u.confidence, u.defect_score,
                   u.latency_ms, u.backend, CASE WHEN u.model_version_id = ${activeId}::uuid THEN p.heatmap END, u.brightness, u.contrast, u.sharpness,
                   u.mean_red, u.mean_green, u.mean_blue, 'history-' || u.id || '-p', u.at - interval '30 seconds'
              FROM history_units u
              JOIN history_photos p ON p.truth = u.truth AND p.lighting = u.preset AND p.variant = u.variant AND p.surface = u.surface`;
        },
        { timeout: seedTransactionTimeoutMs(share + 1), maxWait: 60_000 },
      ),
    ),
  );
  await db.$transaction((tx) => writeEras(tx, stations, plans, from, now, { id: activeId, version: options.model.version }), { timeout: 60_000 });
  return { units: options.units, stations: stations.map((s) => s.slug), from, to: now };
}

/**
 * How long one station's seeding transaction may take: a minute per 20,000
 * units, at least half an hour. A fixed 30 minutes failed `bench:dashboard
 * -- --units 10000000` here (2M units a station; "Transaction API error: ...
 * 1848198 ms passed since the start of the transaction").
 */
export function seedTransactionTimeoutMs(units: number): number {
  return Math.max(30, Math.ceil(units / 20_000)) * 60_000;
}

/**
 * The active model's heatmap of a photo, run for real (tfjs cpu, as the
 * server runs it): the history's scores are drawn, but where its cards say the
 * model looked is what the model does look at. Null without the model's files.
 */
async function heatmapRunner(model: ModelMetadata): Promise<(photo: { width: number; height: number; rgba: Uint8ClampedArray }) => Promise<number[] | null>> {
  const dir = modelDir(model.version);
  if (!fs.existsSync(path.join(dir, "model.json"))) return async () => null;
  await chooseBackend(["cpu"]);
  const runner = await loadDefectModel(dir, model);
  return async (photo) => (await runner.predict(photo)).heatmap.map((heat) => Math.round(heat * 1000) / 1000);
}

/** A few synthetic photos per truth, lighting and surface, shared by all history units of that surface, with the active model's heatmap of each. */
async function storePhotoPool(store: CaptureStore, heatmapOf: (photo: { width: number; height: number; rgba: Uint8ClampedArray }) => Promise<number[] | null>) {
  const pool: {
    truth: string;
    preset: PresetName;
    variant: number;
    surface: "back-glass" | "screen";
    storageKey: string;
    contentHash: string;
    width: number;
    height: number;
    heatmap: number[] | null;
  }[] = [];
  for (const surface of ["back-glass", "screen"] as const) {
    for (const truth of Object.keys(HISTORY_TRUTH_SHARES)) {
      for (const preset of ["normal", "lighting-shift"] as const) {
        for (let variant = 0; variant < PHOTO_VARIANTS; variant++) {
          const synthetic = generatePhoto(seedFor(4_040_404, pool.length), { label: truth as "ok", preset, surface });
          const photo = await validatePhoto(encodePng(synthetic.width, synthetic.height, synthetic.rgba));
          const storageKey = `history/${photo.contentHash}.png`;
          await store.put(storageKey, photo.bytes, photo.type);
          pool.push({
            truth,
            preset,
            variant,
            surface,
            storageKey,
            contentHash: photo.contentHash,
            width: photo.width,
            height: photo.height,
            heatmap: await heatmapOf(synthetic),
          });
        }
      }
    }
  }
  return pool;
}

function levelSql(): Prisma.Sql {
  const whens: Prisma.Sql[] = [];
  HISTORY_PLANS.forEach((plan, p) => {
    for (const segment of plan) {
      if (segment.level === "CURRENT") continue;
      whens.push(Prisma.sql`WHEN s.plan = ${p}::int AND phase < ${segment.until}::float8 THEN ${segment.level}::"AutomationLevel"`);
    }
  });
  return whens.length > 0 ? Prisma.sql`CASE ${Prisma.join(whens, " ")} ELSE s.current_level END` : Prisma.sql`s.current_level`;
}

function caseOf(column: string, values: Record<string, number>): Prisma.Sql {
  const whens = Object.entries(values).map(([key, value]) => Prisma.sql`WHEN ${Prisma.raw(column)} = ${key} THEN ${value}::float8`);
  return Prisma.sql`(CASE ${Prisma.join(whens, " ")} END)`;
}

/**
 * One station's units, one row each, drawn with PostgreSQL's random() (seeded). Labels
 * go wrong as in real life: a missed defect is most often called OK; an OK
 * unit wrongly rejected gets any defect class.
 */
function generateUnitsSql(options: HistoryOptions, units: number, from: Date, to: Date, defects: string[], activeId: string, oldId: string): Prisma.Sql {
  // Input statistics drawn from the model's training reference (its deciles,
  // linear between them), so that history under normal lighting is what the
  // model was trained on, and the lighting-shift episode moved off it (what
  // drift monitoring catches). Each statistic has its own uniform draw: one
  // draw shared by all six ranked every window's units alike on each (six
  // identical PSI curves on /drift), and squeezing dim and bright units into
  // the reference's ends made normal history drift from it. Dim and bright
  // units are instead the darkest and brightest 5% (see `lit`).
  const fromReference = (feature: keyof HistoryOptions["model"]["reference"], shift: string) => {
    const deciles = options.model.reference?.[feature]?.deciles ?? [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
    const d = Prisma.sql`ARRAY[${Prisma.join(deciles.map((q) => Prisma.sql`${q}::float8`))}]`;
    const u = Prisma.raw(`(10 * r_${feature.toLowerCase()})`);
    return Prisma.sql`LEAST(1, GREATEST(0, (${d})[1 + floor(${u})::int] + (${u} - floor(${u})) * ((${d})[LEAST(11, 2 + floor(${u})::int)] - (${d})[1 + floor(${u})::int]) + ${Prisma.raw(shift)}))`;
  };
  const span = (to.getTime() - from.getTime()) / 1000;
  const human = options.humanErrorRate ?? 0.02;
  let cumulative = 0;
  const truthWhens = Object.entries(HISTORY_TRUTH_SHARES).map(([label, share]) => {
    cumulative += share;
    return Prisma.sql`WHEN r_truth < ${cumulative}::float8 THEN ${label}`;
  });
  const defectArray = Prisma.sql`ARRAY[${Prisma.join(defects)}]::text[]`;
  // Another label than `truth`, chosen by `pick` in [0, 1).
  const wrongLabel = (
    pick: string,
  ) => Prisma.sql`(CASE WHEN truth = ${OK_LABEL} THEN (${defectArray})[1 + floor(${Prisma.raw(pick)} * ${defects.length}::int)::int]
      WHEN ${Prisma.raw(pick)} < 0.6 THEN ${OK_LABEL}
      ELSE (array_remove(${defectArray}, truth))[1 + floor((${Prisma.raw(pick)} - 0.6) / 0.4 * ${defects.length - 1}::int)::int] END)`;
  return Prisma.sql`
    CREATE TEMP TABLE history_units ON COMMIT DROP AS
    WITH raw AS (
      SELECT 0 AS idx, random() AS r_time,
             random() AS r_truth, random() AS r_human, random() AS r_human_pick,
             random() AS r_brightness, random() AS r_contrast, random() AS r_sharpness, random() AS r_meanred, random() AS r_meangreen, random() AS r_meanblue,
             random() AS r_model, random() AS r_model_pick, random() AS r_score, random() AS r_inspector,
             random() AS r_ttd1, random() AS r_ttd2, random() AS r_misc, random() AS r_blind, random() AS r_follow, random() AS r_audit,
             floor(random() * ${PHOTO_VARIANTS}::int)::int AS variant
        FROM generate_series(1, ${units}::int) g
    ), timed AS (
      SELECT raw.*, s.station_id, s.plan, s.current_level, s.inspectors, s.surface, s.ok_threshold, s.defect_threshold, s.audit_share, r_time AS phase,
             CASE ${Prisma.join(truthWhens, " ")} ELSE ${OK_LABEL} END AS truth
        FROM raw JOIN history_stations s ON s.idx = raw.idx
    ), lit AS (
      SELECT s.*,
             CASE WHEN plan = ${LIGHTING_SHIFT.plan}::int AND phase >= ${LIGHTING_SHIFT.from}::float8 AND phase < ${LIGHTING_SHIFT.until}::float8 THEN 'shifted'
                  WHEN r_brightness < 0.05 THEN 'dim' WHEN r_brightness >= 0.95 THEN 'bright' ELSE 'normal' END AS lighting,
             ${levelSql()} AS level
        FROM timed s
    ), judged AS (
      SELECT lit.*,
             CASE WHEN lighting = 'shifted' THEN 'lighting-shift' ELSE 'normal' END AS preset,
             ${caseOf("truth", HISTORY_MODEL_ERROR)} * ${caseOf("lighting", HISTORY_LIGHTING_FACTOR)}
               * (CASE WHEN phase < 0.5 THEN ${HISTORY_OLD_MODEL.errorFactor}::float8 ELSE 1 END) AS model_error,
             ${human}::float8 * (CASE WHEN floor(r_inspector * ${INSPECTORS_PER_STATION}::int) = 1 THEN 3 ELSE 1 END)
               * (CASE WHEN truth = ${OK_LABEL} THEN ${HISTORY_HUMAN_FALSE_REJECT_FACTOR}::float8 ELSE 1 END) AS human_error
        FROM lit
    ), modelled AS (
      SELECT judged.*,
             CASE WHEN r_model < model_error THEN ${wrongLabel("r_model_pick")} ELSE truth END AS model_label,
             (r_model < model_error) AS model_wrong,
             -- At AI assistance the blind share saw no suggestion; the rest did.
             (level = 'AI_ASSIST' AND r_blind >= ${DEFAULT_BLIND_SHARE}::float8) AS suggestion_shown
        FROM judged
    ), labelled AS (
      SELECT modelled.*,
             -- Automation bias: shown a wrong suggestion, people follow it more often than not.
             CASE WHEN suggestion_shown AND model_wrong AND r_follow < ${HISTORY_FOLLOWS_WRONG_SUGGESTION}::float8 THEN model_label
                  WHEN r_human < human_error THEN ${wrongLabel("r_human_pick")} ELSE truth END AS human_label
        FROM modelled
    ), scored AS (
      SELECT labelled.*,
             -- P(defect): confident when right, less so when wrong.
             CASE WHEN model_label = ${OK_LABEL} THEN 0.5 * power(r_score, CASE WHEN model_wrong THEN 1.5 ELSE 4 END)
                  ELSE 1 - 0.5 * power(r_score, CASE WHEN model_wrong THEN 1.5 ELSE 4 END) END AS defect_score
        FROM labelled
    )
    -- Time-ordered ids (UUIDv7), as the app gives captures, dated when the unit was photographed.
    SELECT uuid_v7(${Prisma.sql`to_timestamp(${from.getTime() / 1000}::float8 + phase * ${span}::float8)`} - interval '40 seconds') AS id,
           station_id, truth, lighting, preset, variant, surface, level, suggestion_shown, human_label, model_label, defect_score,
           -- At partial the model decides alone where it is sure, at full always; a random audit share still goes to a person.
           (model_decides(level, defect_score, ok_threshold, defect_threshold) AND r_audit >= audit_share) AS model_decides,
           ${Prisma.sql`to_timestamp(${from.getTime() / 1000}::float8 + phase * ${span}::float8)`} AS at,
           inspectors[1 + floor(r_inspector * ${INSPECTORS_PER_STATION}::int)::int] AS inspector_id,
           CASE WHEN phase < 0.5 THEN ${oldId}::uuid ELSE ${activeId}::uuid END AS model_version_id,
           CASE WHEN model_label = ${OK_LABEL} THEN 1 - defect_score ELSE defect_score * (0.8 + 0.2 * r_misc) END AS confidence,
           jsonb_build_object(${Prisma.join(
             defects.map(
               (d) => Prisma.sql`${d}::text, round((CASE WHEN model_label = ${d} THEN defect_score ELSE defect_score * 0.1 * r_misc END)::numeric, 4)`,
             ),
           )}) AS scores,
           -- Log-normal time to decide around 1.6 s (Box-Muller); suggestions make people a little faster.
           round(1600 * exp(0.45 * sqrt(-2 * ln(1 - r_ttd1)) * cos(2 * pi() * r_ttd2)) * (CASE WHEN level = 'AI_ASSIST' THEN 0.8 ELSE 1 END))::int AS time_to_decide_ms,
           8 + 40 * r_misc AS latency_ms,
           CASE WHEN r_misc < 0.7 THEN 'webgl' WHEN r_misc < 0.95 THEN 'wasm' ELSE 'cpu' END AS backend,
           ${fromReference("brightness", "CASE lighting WHEN 'shifted' THEN 0.25 ELSE 0 END")} AS brightness,
           ${fromReference("contrast", "0")} AS contrast,
           ${fromReference("sharpness", "0")} AS sharpness,
           ${fromReference("meanRed", "CASE lighting WHEN 'shifted' THEN 0.25 ELSE 0 END")} AS mean_red,
           ${fromReference("meanGreen", "CASE lighting WHEN 'shifted' THEN 0.1 ELSE 0 END")} AS mean_green,
           ${fromReference("meanBlue", "CASE lighting WHEN 'shifted' THEN -0.1 ELSE 0 END")} AS mean_blue
      FROM scored`;
}

/** Historic eras per plan, the last one extending the station's current era back; audit events for each change. */
async function writeEras(
  tx: Prisma.TransactionClient,
  stations: { id: string; name: string }[],
  plans: number[],
  from: Date,
  to: Date,
  active: { id: string; version: string },
): Promise<void> {
  const at = (share: number) => new Date(from.getTime() + share * (to.getTime() - from.getTime()));
  // The history has the active model replace the old one half way: it was registered by then, and its evidence begins there.
  await tx.$executeRaw`UPDATE model_versions SET created_at = LEAST(created_at, ${at(0.5)}) WHERE id = ${active.id}::uuid`;
  for (const [index, station] of stations.entries()) {
    const plan = HISTORY_PLANS[plans[index]!]!;
    const current = await tx.stationAutomation.findUniqueOrThrow({ where: { stationId: station.id } });
    let start = from;
    let previous: AutomationLevel = "HUMAN_ONLY";
    for (const segment of plan) {
      const level = segment.level === "CURRENT" ? current.level : segment.level;
      if (segment.level === "CURRENT") {
        // The open era is the station's current level, which the history says began here.
        const open = await tx.automationEra.findFirst({ where: { stationId: station.id, endedAt: null }, orderBy: { startedAt: "desc" } });
        if (open) await tx.automationEra.update({ where: { id: open.id }, data: { startedAt: start, level } });
        else await tx.automationEra.create({ data: { stationId: station.id, level, startedAt: start } });
        await tx.stationAutomation.update({ where: { stationId: station.id }, data: { eraStartedAt: start } });
      } else {
        await tx.automationEra.create({ data: { stationId: station.id, level, startedAt: start, endedAt: at(segment.until) } });
      }
      await tx.auditEvent.create({
        data: {
          stationId: station.id,
          actorKind: "SYSTEM",
          action: "HISTORY_LEVEL",
          reason: `Seeded history: ${station.name} ran at ${LEVEL_LABELS[level]}`,
          fromLevel: previous,
          toLevel: level,
          evidence: { seeded: true },
          createdAt: start,
        },
      });
      previous = level;
      start = at(segment.until);
    }
    await tx.auditEvent.create({
      data: {
        stationId: station.id,
        actorKind: "SYSTEM",
        action: "HISTORY_MODEL_SWITCH",
        reason: `Seeded history: model ${HISTORY_OLD_MODEL.version} replaced by ${active.version}`,
        evidence: { seeded: true, from: HISTORY_OLD_MODEL.version, to: active.version },
        createdAt: at(0.5),
      },
    });
    await tx.stationAutomation.update({
      where: { stationId: station.id },
      data: { evidenceSince: at(0.5), evidenceSinceReason: `${active.version} became active, replacing ${HISTORY_OLD_MODEL.version}` },
    });
  }
}
