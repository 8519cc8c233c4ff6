// `npm run bench:scale-out`: three app instances on one embedded PostgreSQL
// behind a round-robin proxy (bench/support/round-robin-proxy.ts), five
// stations at partial automation (four in a canary, one whose audits
// disagree with the model so that it must be demoted), a camera per station
// posting photos and 50 inspectors judging what the model leaves them, for
// 60 s; one instance is killed with SIGKILL a third of the way in and not
// restarted. Then: every acknowledged write stored exactly once, and every
// canary step and demotion in the audit trail exactly once, as a chain each
// station could have walked. Writes bench/results/scale-out.{json,md}.
// SCALE_INSPECTORS, SCALE_SECONDS, SCALE_INSTANCES, SCALE_CAMERA_MS change the run;
// SCALE_NOTE is printed under the setup (what else the machine was doing).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createAccount } from "../lib/auth/accounts.ts";
import { encodePng } from "../lib/captures/decode.ts";
import type { CaptureStore } from "../lib/captures/storage.ts";
import { createPrismaClient } from "../lib/db/client.ts";
import { startEmbeddedPostgres } from "../lib/postgres/index.ts";
import { migrate } from "../lib/db/migrate.ts";
import { toTenth } from "../lib/metrics/quantile.ts";
import { AppServer, latencyOf, signInAll } from "../tools/load/load.ts";
import { buildIfNeeded } from "../scripts/serving.ts";
import { serverModelRunner } from "../lib/model/server-model.ts";
import { demoModelOrder, shippedModels } from "../lib/model/shipped.ts";
import { upsertModelVersion } from "../lib/model/training/register.ts";
import { createStation } from "../lib/stations/stations.ts";
import { generatePhoto } from "../lib/synth/photo.ts";
import { createStationToken } from "../lib/tokens/tokens.ts";
import { startRoundRobinProxy } from "./support/round-robin-proxy.ts";

const inspectors = Number(process.env.SCALE_INSPECTORS ?? 50);
const seconds = Number(process.env.SCALE_SECONDS ?? 60);
const instances = Number(process.env.SCALE_INSTANCES ?? 3);
const cameraEveryMs = Number(process.env.SCALE_CAMERA_MS ?? 200);
const basePort = Number(process.env.SCALE_PORT ?? 3400);
const STATIONS = 5;
/** Units each camera posts before the clock starts, so inspectors have work from the first second. */
const BACKLOG = 150;
const PASSWORD = "scale-out-password";
const log = (line: string) => console.error(`[scale-out] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Op = "capture" | "lease" | "prediction" | "verdict";
interface Sample {
  op: Op;
  ms: number;
  status: number;
  at: number;
}

buildIfNeeded(log);
const [model] = demoModelOrder(shippedModels());
if (!model) throw new Error("no shipped model");

// A pool of photos, each scored once as the server will score it, so a client's prediction is the server's.
const POOL = 40;
const pool: {
  png: Uint8Array<ArrayBuffer>;
  label: string;
  prediction: { decision: string; defectScore: number; scores: Record<string, number>; confidence: number };
}[] = [];
{
  const bytes = new Map<string, Uint8Array>();
  const store: CaptureStore = { kind: "local", put: async () => {}, get: async (key) => bytes.get(key) ?? null, delete: async () => {} };
  const run = serverModelRunner(store);
  for (let i = 0; i < POOL; i++) {
    const photo = generatePhoto(9_000 + i);
    const png = new Uint8Array(encodePng(photo.width, photo.height, photo.rgba));
    bytes.set(`p${i}`, png);
    const server = await run({ storageKey: `p${i}` }, model.version, null);
    if (!server) throw new Error("the server model did not run");
    const scores = Object.fromEntries(
      model.classes.map((c) => [c, c === "ok" ? 1 - server.defectScore : server.defectScore / Math.max(1, model.classes.length - 1)]),
    );
    pool.push({
      png,
      label: photo.label,
      prediction: { decision: server.decision, defectScore: server.defectScore, scores, confidence: Math.max(server.defectScore, 1 - server.defectScore) },
    });
  }
  log(
    `${POOL} photos scored by ${model.version}: ${pool.filter((p) => p.prediction.defectScore < 0.05 || p.prediction.defectScore >= 0.95).length} confident enough for the model to decide at partial`,
  );
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-scale-"));
const database = await startEmbeddedPostgres(path.join(dir, "pg"));
const db = createPrismaClient(database.url);
const servers: AppServer[] = [];
const proxy = await startRoundRobinProxy(
  basePort,
  Array.from({ length: instances }, (_, i) => basePort + 1 + i),
);
let failed = false;
try {
  await migrate(database.url);
  const { id: modelId } = await upsertModelVersion(db, model, `/models/${model.version}`);
  const stations: { slug: string; token: string; demoted: boolean }[] = [];
  for (let s = 1; s <= STATIONS; s++) {
    const slug = `line-${s}`;
    const { id } = await createStation(db, { slug, name: `Line ${s}` });
    // The last station's audits disagree with the model: its gates must demote it, once.
    const demoted = s === STATIONS;
    await db.stationAutomation.update({
      where: { stationId: id },
      data: demoted
        ? { level: "PARTIAL", activeModelId: modelId, auditShare: 0.5, gateOverrides: { PARTIAL: { minUnits: 10, minDefects: 0 } } }
        : {
            level: "PARTIAL",
            activeModelId: modelId,
            auditShare: 0.5,
            canaryFromLevel: "AI_ASSIST",
            canarySteps: [0.25, 0.5, 1],
            canaryShare: 0.25,
            canaryStepIndex: 0,
            canaryStepStartedAt: new Date(),
            canaryMinUnits: 8,
            // The bench tests that each step is taken once, not the model: any agreeing evidence passes.
            gateOverrides: { PARTIAL: { kappa: -1, agreement: 0.5, defectRecall: 0, falseReject: 1, minDefects: 0 } },
          },
    });
    const { token } = await createStationToken(db, id, `camera ${s}`, null);
    stations.push({ slug, token, demoted });
  }
  const emails = Array.from({ length: inspectors }, (_, i) => `inspector-${i}@scale.test`);
  for (const [i, email] of emails.entries()) await createAccount(db, { email, name: `Inspector ${i}`, role: "INSPECTOR", password: PASSWORD });

  const secret = crypto.randomBytes(32).toString("base64url");
  const base = `http://127.0.0.1:${basePort}`;
  for (let i = 0; i < instances; i++) {
    servers.push(
      new AppServer(basePort + 1 + i, {
        DATABASE_URL: database.url,
        UNDERSTUDY_DATA_DIR: dir,
        BETTER_AUTH_SECRET: secret,
        BETTER_AUTH_URL: base,
        SIGN_IN_RATE_LIMIT: "100000",
      }),
    );
  }
  await Promise.all(servers.map((server) => server.start()));
  log(`${instances} instances up behind the proxy on ${base}`);

  const samples: Sample[] = [];
  const statuses: Record<string, number> = {};
  let connectionErrors = 0;
  let started = Date.now();
  const elapsed = () => (Date.now() - started) / 1000;
  let deadline = Infinity;
  const giveUp = () => Date.now() > deadline + 90_000;

  /**
   * One request, retried with the same body (so the same idempotency key)
   * until answered below 500 and read whole: an instance killed after its
   * headers leaves a body cut short, whose write may or may not be stored.
   */
  async function send(
    op: Op,
    init: { url: string; headers: Record<string, string>; body: string | Uint8Array<ArrayBuffer> },
  ): Promise<{ ok: boolean; body: unknown } | null> {
    let wait = 50;
    for (;;) {
      const t0 = performance.now();
      try {
        const response = await fetch(`${base}${init.url}`, {
          method: "POST",
          headers: { origin: base, ...init.headers },
          body: init.body,
          signal: AbortSignal.timeout(20_000),
        });
        const text = await response.text();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        samples.push({ op, ms: performance.now() - t0, status: response.status, at: elapsed() });
        if (response.status < 500) return { ok: response.ok, body: text ? (JSON.parse(text) as unknown) : null };
      } catch {
        connectionErrors++;
      }
      if (giveUp() || (op === "lease" && Date.now() > deadline)) return null;
      await sleep(wait);
      wait = Math.min(1_000, wait * 2);
    }
  }

  const cookies = await signInAll(base, emails, PASSWORD);

  // What clients were told was stored, by key.
  const acked = { capture: new Set<string>(), prediction: new Set<string>(), verdict: new Set<string>() };
  const photoOf = new Map<string, number>();
  const routes: Record<string, number> = {};

  async function postCapture(station: (typeof stations)[number], n: number): Promise<void> {
    const externalId = `${station.slug}-${n}`;
    const index = crypto.randomInt(POOL);
    const response = await send("capture", {
      url: `/api/captures?externalId=${externalId}`,
      headers: { authorization: `Bearer ${station.token}`, "content-type": "image/png" },
      body: (pool[index] as (typeof pool)[number]).png,
    });
    if (!response?.ok) return;
    const { capture } = response.body as { capture: { id: string } };
    photoOf.set(capture.id, index);
    acked.capture.add(externalId);
  }

  async function camera(station: (typeof stations)[number], from: number): Promise<void> {
    for (let n = from; Date.now() < deadline; n++) {
      const next = Date.now() + cameraEveryMs;
      await postCapture(station, n);
      await sleep(Math.max(0, next - Date.now()));
    }
  }

  async function inspector(index: number): Promise<void> {
    const cookie = cookies[index] as string;
    const station = stations[index % STATIONS] as (typeof stations)[number];
    const json = { cookie, "content-type": "application/json" };
    while (Date.now() < deadline) {
      const leased = await send("lease", { url: `/api/stations/${station.slug}/queue`, headers: json, body: JSON.stringify({ count: 3 }) });
      if (!leased) break;
      const { units = [] } = (leased.body ?? {}) as { units?: { id: string }[] };
      if (units.length === 0) {
        await sleep(250);
        continue;
      }
      for (const unit of units) {
        const photo = pool[photoOf.get(unit.id) ?? 0] as (typeof pool)[number];
        const predictionKey = crypto.randomUUID();
        const prediction = await send("prediction", {
          url: `/api/stations/${station.slug}/predictions`,
          headers: json,
          body: JSON.stringify({
            idempotencyKey: predictionKey,
            captureId: unit.id,
            modelVersion: model?.version,
            ...photo.prediction,
            latencyMs: 2,
            backend: "wasm",
            statistics: { brightness: 0.27, contrast: 0.11, sharpness: 0.036, meanRed: 0.27, meanGreen: 0.27, meanBlue: 0.27 },
          }),
        });
        if (!prediction?.ok) continue;
        acked.prediction.add(predictionKey);
        const { route } = prediction.body as { route: string | null };
        routes[route ?? "none"] = (routes[route ?? "none"] ?? 0) + 1;
        if (route === "MODEL") continue;
        // The demoted station's inspectors find a defect wherever the model saw none.
        const label = station.demoted && photo.prediction.decision === "ok" ? (model?.classes.find((c) => c !== "ok") ?? "ok") : photo.label;
        const verdictKey = crypto.randomUUID();
        const verdict = await send("verdict", {
          url: `/api/stations/${station.slug}/verdicts`,
          headers: json,
          body: JSON.stringify({ idempotencyKey: verdictKey, captureId: unit.id, label, timeToDecideMs: 900, decidedAt: new Date().toISOString() }),
        });
        if (verdict?.ok) acked.verdict.add(verdictKey);
      }
    }
  }

  log(`posting a backlog of ${BACKLOG} photos per station`);
  await Promise.all(
    stations.map(async (station) => {
      for (let n = 0; n < BACKLOG; n++) await postCapture(station, n);
    }),
  );
  samples.length = 0;
  started = Date.now();
  deadline = started + seconds * 1_000;
  const killAt = (seconds * 1_000) / 3;
  let killedAt: number | null = null;
  const killing = (async () => {
    await sleep(killAt);
    killedAt = elapsed();
    log(`t=${killedAt.toFixed(1)} s: kill -9 of instance 2 (pid ${servers[1]?.pid})`);
    await servers[1]?.kill("SIGKILL");
  })();
  await Promise.all([...stations.map((station) => camera(station, BACKLOG)), ...Array.from({ length: inspectors }, (_, i) => inspector(i)), killing]);
  const wall = (Date.now() - started) / 1_000;
  log(`load done in ${wall.toFixed(0)} s; waiting for background work to settle`);

  const dueWork = async () => (await db.$queryRaw<{ due: number }[]>`SELECT count(*)::int AS due FROM station_work WHERE requested > done`)[0]?.due ?? 0;
  // Work the killed instance held is taken up by another once its lease ends.
  const settleBy = Date.now() + 120_000;
  while (Date.now() < settleBy) {
    if ((await dueWork()) === 0) break;
    await sleep(1_000);
  }
  const pending = await dueWork();

  // Stored exactly once?
  const countBy = async (sql: string, keys: Set<string>) => {
    const rows = await db.$queryRawUnsafe<{ key: string; n: number }[]>(sql, [...keys]);
    return new Map(rows.map((row) => [row.key, row.n]));
  };
  const storedCaptures = await countBy(
    `SELECT external_id AS key, count(*)::int AS n FROM captures WHERE external_id = ANY($1::text[]) GROUP BY 1`,
    acked.capture,
  );
  const storedPredictions = await countBy(
    `SELECT idempotency_key AS key, count(*)::int AS n FROM predictions WHERE idempotency_key = ANY($1::text[]) GROUP BY 1`,
    acked.prediction,
  );
  const storedVerdicts = await countBy(
    `SELECT idempotency_key AS key, count(*)::int AS n FROM verdicts WHERE idempotency_key = ANY($1::text[]) GROUP BY 1`,
    acked.verdict,
  );
  const missing = (keys: Set<string>, stored: Map<string, number>) => [...keys].filter((k) => !stored.has(k)).length;
  const twice = (stored: Map<string, number>) => [...stored.values()].filter((n) => n > 1).length;
  const [modelRow] = await db.$queryRaw<{ model_verdicts: number; model_twice: number }[]>`
    SELECT count(*)::int AS model_verdicts, (count(*) - count(DISTINCT capture_id))::int AS model_twice FROM verdicts WHERE source = 'MODEL'`;
  const modelVerdicts = modelRow?.model_verdicts ?? 0;
  const modelTwice = modelRow?.model_twice ?? 0;

  // The audit trail: each station's level and canary events, in order, must chain.
  const events = await db.$queryRaw<
    { slug: string; action: string; from_level: string | null; to_level: string | null; share: number | null; step: number | null; at: Date }[]
  >`
    SELECT s.slug, a.action, a.from_level::text, a.to_level::text, (a.evidence->>'share')::float8 AS share, (a.evidence->>'stepIndex')::int AS step, a.created_at AS at
    FROM audit_events a JOIN stations s ON s.id = a.station_id
    WHERE a.action IN ('CANARY_WIDENED', 'CANARY_COMPLETED', 'CANARY_ROLLED_BACK', 'LEVEL_DEMOTED')
    ORDER BY a.id`;
  const trail: Record<string, string[]> = {};
  const chainErrors: string[] = [];
  for (const station of stations) {
    const own = events.filter((e) => e.slug === station.slug);
    // The evidence of a step is the step's own: its index and share before it widened.
    trail[station.slug] = own.map(
      (e) =>
        `${e.action}${e.action === "CANARY_WIDENED" ? ` from ${Math.round((e.share ?? 0) * 100)}%` : ""}${e.to_level && e.action !== "CANARY_WIDENED" && e.action !== "CANARY_COMPLETED" ? ` to ${e.to_level}` : ""}`,
    );
    let finished = false;
    let nextStep = 0;
    for (const event of own) {
      if (finished) chainErrors.push(`${station.slug}: ${event.action} after the canary or the level had already ended`);
      if (event.action === "CANARY_WIDENED") {
        if (event.step !== nextStep)
          chainErrors.push(`${station.slug}: widened from step ${event.step} where step ${nextStep} was due (a step taken twice or skipped)`);
        nextStep = (event.step ?? nextStep) + 1;
      } else {
        finished = true;
      }
    }
    if (station.demoted && own.filter((e) => e.action === "LEVEL_DEMOTED").length !== 1)
      chainErrors.push(`${station.slug}: ${own.filter((e) => e.action === "LEVEL_DEMOTED").length} demotions, expected exactly 1`);
  }

  const latency = (op: Op) => latencyOf(samples, op);
  const timedVerdicts = samples.filter((s) => s.op === "verdict" && s.status < 300).length;
  const timedPredictions = samples.filter((s) => s.op === "prediction" && s.status < 300).length;
  const report = {
    date: new Date().toISOString(),
    instances,
    inspectors,
    seconds,
    cameraEveryMs,
    killedAt,
    verdictsPerSecond: toTenth(timedVerdicts / seconds),
    unitsRoutedPerSecond: toTenth(timedPredictions / seconds),
    routes,
    statuses,
    serverErrors: samples.filter((s) => s.status >= 500).length,
    connectionErrors,
    proxy: proxy.counts,
    latencyMs: { capture: latency("capture"), lease: latency("lease"), prediction: latency("prediction"), verdict: latency("verdict") },
    acknowledged: { captures: acked.capture.size, predictions: acked.prediction.size, verdicts: acked.verdict.size },
    stored: {
      missing: missing(acked.capture, storedCaptures) + missing(acked.prediction, storedPredictions) + missing(acked.verdict, storedVerdicts),
      storedTwice: twice(storedCaptures) + twice(storedPredictions) + twice(storedVerdicts),
      modelVerdicts,
      modelVerdictsTwice: modelTwice,
    },
    backgroundWorkLeftDue: pending,
    auditTrail: trail,
    chainErrors,
  };
  const out = path.join(import.meta.dirname, "results");
  fs.writeFileSync(path.join(out, "scale-out.json"), `${JSON.stringify(report, null, 2)}\n`);
  const l = report.latencyMs;
  const md = [
    "# Scale-out: three instances, one killed",
    "",
    `\`npm run bench:scale-out\`, ${report.date.slice(0, 10)}, this machine (2 cores shared by the clients, ${instances} app instances (what \`npm run serve\` runs), the proxy and PostgreSQL 18).`,
    ...(process.env.SCALE_NOTE ? [`Note: ${process.env.SCALE_NOTE}`, ""] : []),
    `${STATIONS} stations at partial automation (four in a canary from AI assistance at 25%, half of the units the model may decide audited, widening to 50% and 100% once a step has 8 audited units (gates lowered so that any agreeing evidence passes: the bench is about each step being taken once); one whose inspectors disagree with every ok the model gives, so its gates must demote it), a camera per station posting a photo every ${cameraEveryMs} ms (after a backlog of ${BACKLOG}), ${inspectors} inspectors leasing units, posting the browser's prediction and, where the model does not decide, a verdict. Each write is retried with its idempotency key until answered below 500. ${seconds} s; instance 2 killed with SIGKILL at t=${killedAt === null ? "?" : (killedAt as number).toFixed(0)} s and not restarted.`,
    "",
    `- Human verdicts: **${report.verdictsPerSecond}/s**; units routed (prediction stored, server-verified where the model may decide): **${report.unitsRoutedPerSecond}/s** (${Object.entries(
      routes,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")})`,
    `- Latency p50 / p95 / p99 (ms): capture ${l.capture.p50} / ${l.capture.p95} / ${l.capture.p99}; lease ${l.lease.p50} / ${l.lease.p95} / ${l.lease.p99}; prediction ${l.prediction.p50} / ${l.prediction.p95} / ${l.prediction.p99}; verdict ${l.verdict.p50} / ${l.verdict.p95} / ${l.verdict.p99}`,
    `- 5xx answers: ${report.serverErrors} (the proxy's 502s for requests the killed instance was answering: ${proxy.counts.badGateway}; requests sent on to a live instance after a refused connection: ${proxy.counts.rerouted}); connection errors at the client: ${connectionErrors}`,
    `- Acknowledged: ${acked.capture.size} captures, ${acked.prediction.size} predictions, ${acked.verdict.size} verdicts. Missing: **${report.stored.missing}**; stored twice: **${report.stored.storedTwice}**; the model's own verdicts: ${modelVerdicts}, twice for one unit: **${modelTwice}**`,
    `- Background work still due after the run: ${pending} (the killed instance's claims are taken up when their 60 s lease ends)`,
    `- Audit trail, per station: ${Object.entries(trail)
      .map(([slug, events]) => `${slug}: ${events.length > 0 ? events.join(", ") : "none"}`)
      .join("; ")}`,
    `- Chain errors (a step or demotion taken twice or after the end): **${chainErrors.length === 0 ? "none" : chainErrors.join("; ")}**`,
    "",
  ].join("\n");
  fs.writeFileSync(path.join(out, "scale-out.md"), md);
  console.log(md);
  failed = report.stored.missing > 0 || report.stored.storedTwice > 0 || modelTwice > 0 || chainErrors.length > 0;
} finally {
  await Promise.all(servers.map((server) => server.kill("SIGTERM").catch(() => {})));
  await proxy.close().catch(() => {});
  await db.$disconnect().catch(() => {});
  await database.stop().catch(() => {});
  fs.rmSync(dir, { recursive: true, force: true });
}
// Set as process.exitCode, the verdict was lost (the run ended 0 with chain errors): end here with it.
process.exit(failed ? 1 : 0);
