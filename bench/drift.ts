// `npm run bench:drift`: how often the data-drift checks alarm when nothing
// changed, and how long they take to notice the lights changing. Photos come
// from the synthetic generator and their input statistics from the same
// preprocessing the browser runs; the reference is the newest shipped model's
// training statistics, as on a station without a baseline window.
//
// 1. False alarms per window, at windows of 50, 200 and 1,000 units drawn from
//    a pool of `normal` photos, against the calibrated threshold (1% per window
//    over the 6 features) and, for contrast, the fixed PSI bands.
// 2. False alerts on a stream: the whole pool as one line, checked as the app
//    does (200-unit windows every 50 units, an alert after 2 in a row).
// 3. Detection delay: runs of 400 `normal` units then `lighting-shift` ones;
//    the units after the switch until a data-drift alert opens.
//
// Writes bench/results/drift.json and bench/results/drift.md.
// DRIFT_BENCH_POOL (default 12000) sets the pool of normal photos.
import fs from "node:fs";
import path from "node:path";
import { dataChecks, DRIFT_POLICY, type WindowRow as StreamRow } from "../lib/drift/checks.ts";
import { psi, histogram, PSI_BANDS } from "../lib/drift/psi.ts";
import { nearestRank } from "../lib/metrics/quantile.ts";
import { FEATURES, modelReference } from "../lib/drift/reference.ts";
import { replayDataDrift } from "../lib/drift/replay.ts";
import { preprocess } from "../lib/model/preprocess.ts";
import { demoModelOrder, shippedModels } from "../lib/model/shipped.ts";
import { generatePhoto, Random, type PresetName } from "../lib/synth/index.ts";

const POOL = Number(process.env.DRIFT_BENCH_POOL ?? 12_000);
const SHIFT_POOL = Math.max(2_000, Math.round(POOL / 4));
const TRIALS = 2_000;
const RUNS = 40;
const WINDOWS = [50, 200, 1000];

const [model] = demoModelOrder(shippedModels());
if (!model) throw new Error("no shipped model");
const reference = modelReference(model);

function statsOf(preset: PresetName, count: number, seedBase: number): StreamRow[] {
  const rows: StreamRow[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const photo = generatePhoto(seedBase + i, { preset });
    rows.push({ ...preprocess({ width: photo.width, height: photo.height, rgba: photo.rgba }).statistics, defectScore: 0, predictedDefect: false });
    if ((i + 1) % 2000 === 0) console.error(`  ${preset}: ${i + 1}/${count} photos (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  return rows;
}

console.error(`Generating ${POOL} normal and ${SHIFT_POOL} lighting-shift photos...`);
const normal = statsOf("normal", POOL, 9_100_000);
const shifted = statsOf("lighting-shift", SHIFT_POOL, 9_900_000);

// 1. Per-window false-alarm rates, windows drawn at random from the normal pool.
const random = new Random(20261125);
const perWindow = WINDOWS.map((windowSize) => {
  let anyFeature = 0;
  let featureAlarms = 0;
  const bandAlarms = { watch: 0, act: 0 };
  const perFeature = Object.fromEntries(FEATURES.map((f) => [f, 0])) as Record<(typeof FEATURES)[number], number>;
  let threshold = 0;
  for (let t = 0; t < TRIALS; t++) {
    const window = Array.from({ length: windowSize }, () => normal[Math.floor(random.next() * normal.length)] as StreamRow);
    const checks = dataChecks(window, reference);
    threshold = checks[0]?.threshold ?? 0;
    if (checks.some((c) => c.exceeded)) anyFeature++;
    for (const check of checks) {
      if (check.exceeded) {
        featureAlarms++;
        perFeature[check.feature as (typeof FEATURES)[number]]++;
      }
    }
    // The fixed bands on brightness alone, for contrast.
    const { edges, counts } = reference.features.brightness;
    const value =
      psi(
        counts,
        histogram(
          window.map((r) => r.brightness),
          edges,
        ),
      ) ?? 0;
    if (value > PSI_BANDS.watch) bandAlarms.watch++;
    if (value > PSI_BANDS.act) bandAlarms.act++;
  }
  return {
    windowSize,
    trials: TRIALS,
    threshold,
    anyFeatureRate: anyFeature / TRIALS,
    perFeatureRate: featureAlarms / (TRIALS * FEATURES.length),
    perFeature: Object.fromEntries(Object.entries(perFeature).map(([f, n]) => [f, n / TRIALS])),
    fixedWatchBandRate: bandAlarms.watch / TRIALS,
    fixedActBandRate: bandAlarms.act / TRIALS,
  };
});

// 2. The normal pool as one stream, checked as the app checks a station.
const stream = replayDataDrift(normal, reference, DRIFT_POLICY);

// 3. Detection delay: 400 normal units, then the lights change.
const delays: number[] = [];
const brightnessDelays: number[] = [];
const before = 400;
for (let run = 0; run < RUNS; run++) {
  const start = Math.floor(random.next() * (normal.length - before));
  const shiftStart = Math.floor(random.next() * shifted.length);
  const rows = [...normal.slice(start, start + before), ...Array.from({ length: 1000 }, (_, i) => shifted[(shiftStart + i) % shifted.length] as StreamRow)];
  const result = replayDataDrift(rows, reference, DRIFT_POLICY);
  const first = result.opened.find((o) => o.unitsSeen > before);
  const brightness = result.opened.find((o) => o.unitsSeen > before && o.feature === "brightness");
  if (result.opened.some((o) => o.unitsSeen <= before)) console.error(`  run ${run}: an alert opened before the switch`);
  delays.push(first ? first.unitsSeen - before : Infinity);
  brightnessDelays.push(brightness ? brightness.unitsSeen - before : Infinity);
}

const report = {
  date: new Date().toISOString(),
  model: model.version,
  reference: reference.label,
  policy: DRIFT_POLICY,
  pool: { normal: POOL, lightingShift: SHIFT_POOL },
  perWindow,
  stream: {
    units: normal.length,
    windows: stream.windows,
    windowsPast: stream.windowsPast,
    windowsPastRate: stream.windowsPast / Math.max(1, stream.windows),
    alertsOpened: stream.opened.length,
    alertsPer10kUnits: (stream.opened.length / normal.length) * 10_000,
    opened: stream.opened,
  },
  detection: {
    runs: RUNS,
    unitsBeforeSwitch: before,
    anyFeature: { median: nearestRank(delays, 0.5), p90: nearestRank(delays, 0.9), max: Math.max(...delays) },
    brightness: { median: nearestRank(brightnessDelays, 0.5), p90: nearestRank(brightnessDelays, 0.9), max: Math.max(...brightnessDelays) },
    detectedWithin500: brightnessDelays.filter((d) => d <= 500).length / RUNS,
  },
};

const out = path.join(import.meta.dirname, "results");
fs.writeFileSync(path.join(out, "drift.json"), `${JSON.stringify(report, null, 2)}\n`);
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const md = [
  "# Drift benchmark",
  "",
  `\`npm run bench:drift\`, ${report.date.slice(0, 10)}. Reference: ${report.reference}. Synthetic photos, input statistics as the browser computes them.`,
  "",
  "## False alarms on unchanged data (per window, any of 6 features)",
  "",
  `Target: ${pct(DRIFT_POLICY.alpha)} per window over the 6 features (Bonferroni). ${TRIALS} windows per size drawn from ${POOL} normal photos.`,
  "",
  "| window | calibrated threshold | calibrated: any feature | calibrated: per feature | fixed PSI > 0.1 (brightness) | fixed PSI > 0.25 (brightness) |",
  "|---:|---:|---:|---:|---:|---:|",
  ...perWindow.map(
    (w) =>
      `| ${w.windowSize} | ${w.threshold.toFixed(4)} | ${pct(w.anyFeatureRate)} | ${pct(w.perFeatureRate)} | ${pct(w.fixedWatchBandRate)} | ${pct(w.fixedActBandRate)} |`,
  ),
  "",
  "## False alerts on a stream of normal units",
  "",
  `${report.stream.units} units checked as a station is (window ${DRIFT_POLICY.windowSize}, every ${DRIFT_POLICY.step}, alert after ${DRIFT_POLICY.openAfter} in a row): ${report.stream.windowsPast} of ${report.stream.windows} windows past a threshold (${pct(report.stream.windowsPastRate)}), ${report.stream.alertsOpened} alerts opened (${report.stream.alertsPer10kUnits.toFixed(2)} per 10,000 units).`,
  "",
  "## Detection delay on lighting-shift",
  "",
  `${RUNS} runs of ${before} normal units then lighting-shift. Units after the switch until an alert opens:`,
  "",
  "| alert | median | p90 | max |",
  "|---|---:|---:|---:|",
  `| any data feature | ${report.detection.anyFeature.median} | ${report.detection.anyFeature.p90} | ${report.detection.anyFeature.max} |`,
  `| brightness | ${report.detection.brightness.median} | ${report.detection.brightness.p90} | ${report.detection.brightness.max} |`,
  "",
  `Brightness alert within 500 units in ${pct(report.detection.detectedWithin500)} of runs.`,
  "",
].join("\n");
fs.writeFileSync(path.join(out, "drift.md"), md);
console.log(md);
