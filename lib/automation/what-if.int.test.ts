import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { useAppDatabase } from "../../test/support/test-database.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { atUtcDay as at, judgedUnitsInBulk, modelVersion, UTC_TODAY as today } from "../../test/support/evidence-factory.ts";
import { rowsRead } from "../../test/support/rows-read.ts";
import { createStation, OK_LABEL } from "../stations/index.ts";
import { EVIDENCE_REFERENCE, INDEPENDENT_EVIDENCE } from "./evidence.ts";
import { replayWhatIf, type WhatIfProposal } from "./what-if.ts";

// The what-if reads whole days and whole P(defect) bins from what_if_daily
// and scans comparisons only for the part-day it begins in and the bins its
// thresholds fall in: its counts must be those of the scan it replaces, at any
// threshold (on a bin's edge, inside one, both in one bin), through
// adjudications, deletions and changed rows, and a replay must not read the
// history it does not need.

const { prisma } = await useAppDatabase();
let stationId = "";
let modelId = "";
let inspectorId = "";
let adjudicatorId = "";

type Scope = { stationId: string; modelVersionId: string; since: Date };

/** The scan replayWhatIf used to run over every compared unit since `since`. */
async function scanned(scope: Scope, proposal: WhatIfProposal) {
  const isFull = proposal.level === "FULL";
  const [row] = await prisma.$queryRaw<
    { units: number; decidable: number; escaped: number; false_rejects: number; disagreements: number; mean_ms: number | null }[]
  >`
    WITH replay AS (
      SELECT ${EVIDENCE_REFERENCE} AS human_label, model_label, time_to_decide_ms,
             model_decides(${proposal.level}::"AutomationLevel", defect_score, ${proposal.okThreshold}::float8, ${proposal.defectThreshold}::float8) AS decidable,
             CASE WHEN ${isFull} THEN model_label = ${OK_LABEL} ELSE defect_score <= ${proposal.okThreshold} END AS model_passes
        FROM comparisons
       WHERE station_id = ${scope.stationId}::uuid AND model_version_id = ${scope.modelVersionId}::uuid AND decided_at >= ${scope.since} AND ${INDEPENDENT_EVIDENCE}
    )
    SELECT count(*)::int AS units,
           count(*) FILTER (WHERE decidable)::int AS decidable,
           count(*) FILTER (WHERE decidable AND human_label <> ${OK_LABEL} AND model_passes)::int AS escaped,
           count(*) FILTER (WHERE decidable AND human_label = ${OK_LABEL} AND NOT model_passes)::int AS false_rejects,
           count(*) FILTER (WHERE decidable AND human_label <> model_label)::int AS disagreements,
           avg(time_to_decide_ms) FILTER (WHERE decidable)::float8 AS mean_ms
      FROM replay`;
  return {
    units: row!.units,
    decidable: row!.decidable,
    escapedDefects: row!.escaped,
    falseRejects: row!.false_rejects,
    disagreements: row!.disagreements,
    meanDecisionMs: row!.mean_ms,
  };
}

type Counts = Awaited<ReturnType<typeof scanned>>;

const replayed = async (scope: Scope, proposal: WhatIfProposal): Promise<Counts> => {
  const { units, decidable, escapedDefects, falseRejects, disagreements, meanDecisionMs } = await replayWhatIf(prisma, scope, proposal);
  return { units, decidable, escapedDefects, falseRejects, disagreements, meanDecisionMs };
};

/** The same counts, and the same mean time to decide but for the last bits of a float. */
function expectSame(actual: Counts, expected: Counts, label: string) {
  expect({ ...actual, meanDecisionMs: null }, label).toEqual({ ...expected, meanDecisionMs: null });
  if (expected.meanDecisionMs === null) expect(actual.meanDecisionMs, label).toBeNull();
  else expect(actual.meanDecisionMs, label).toBeCloseTo(expected.meanDecisionMs, 6);
}

/** Thresholds on a bin's edge, inside a bin, both in one bin, at the ends of the scale, and crossed. */
const THRESHOLDS: [number, number][] = [
  [0.05, 0.95],
  [0.0523, 0.9531],
  [0.145, 0.855],
  [0.051, 0.054],
  [0, 1],
  [0.996, 0.999],
  [0.6, 0.4],
];

async function replaysAgree(): Promise<number> {
  const sinces = [at(-5, 13), at(-2, 0), at(-1, 23.5), at(0, 0), new Date(Date.now() - 1_800_000)];
  let checked = 0;
  for (const since of sinces) {
    for (const level of ["SHADOW", "AI_ASSIST", "PARTIAL", "FULL"] as const satisfies readonly AutomationLevel[]) {
      for (const [okThreshold, defectThreshold] of level === "PARTIAL" ? THRESHOLDS : THRESHOLDS.slice(0, 1)) {
        const scope = { stationId, modelVersionId: modelId, since };
        const proposal = { level, okThreshold, defectThreshold, auditShare: 0 };
        const label = `since ${since.toISOString()}, ${level} at ${okThreshold}/${defectThreshold}`;
        expectSame(await replayed(scope, proposal), await scanned(scope, proposal), label);
        checked++;
      }
    }
  }
  return checked;
}

async function units(
  decidedAt: Date,
  human: string,
  model: string,
  defectScore: number,
  count: number,
  extra: { suggestionShown?: boolean; ms?: number } = {},
) {
  await judgedUnitsInBulk(prisma, {
    stationId,
    modelVersionId: modelId,
    inspectorId,
    level: "SHADOW",
    decidedAt,
    human,
    model,
    defectScore,
    count,
    suggestionShown: extra.suggestionShown ?? false,
    timeToDecideMs: extra.ms ?? 2000,
  });
}

beforeAll(async () => {
  stationId = (await createStation(prisma, { slug: "replayed", name: "Replayed line" })).id;
  modelId = (await modelVersion(prisma, "v-replayed")).id;
  inspectorId = (await createAccount(prisma, { email: "ida@replayed.local", name: "Ida", role: "INSPECTOR", password: "a long password" })).id;
  adjudicatorId = (await createAccount(prisma, { email: "eli@replayed.local", name: "Eli", role: "ENGINEER", password: "a long password" })).id;
  // Six days of units at hours that straddle the days a replay may begin on, scored on and beside the thresholds' bins.
  for (const day of [-5, -4, -2, -1, 0]) {
    for (const hour of day === 0 ? [0.25, Math.max(0.5, (Date.now() - today) / 3_600_000 - 0.1)] : [2, 13, 23.75]) {
      const when = at(day, hour);
      await units(when, "ok", "ok", 0.01, 5, { ms: 1500 });
      await units(when, "ok", "ok", 0.05, 2, { ms: 1800 });
      await units(when, "dent", "ok", 0.0523, 1, { ms: 4100 });
      await units(when, "ok", "ok", 0.053, 2);
      await units(when, "ok", "ok", 0.145, 1);
      await units(when, "scratch", "ok", 0.5, 2, { ms: 9000 });
      await units(when, "ok", "scratch", 0.95, 1, { ms: 2500 });
      await units(when, "scratch", "scratch", 0.9531, 2);
      await units(when, "crack", "crack", 0.999, 2, { ms: 700 });
      await units(when, "scratch", "crack", 1, 1);
      // Assisted: evidence only once adjudicated.
      await units(when, "scratch", "scratch", 0.96, 2, { suggestionShown: true });
      await units(when, "ok", "ok", 0.04, 2, { suggestionShown: true });
    }
  }
});

describe("the what-if from rollups", () => {
  it("counts what the full scan counted, at any threshold, level and start", async () => {
    expect(await replaysAgree()).toBe(5 * (3 + THRESHOLDS.length));
  });

  it("follows adjudications, deletions and a changed time to decide", async () => {
    const assisted = await prisma.comparison.findMany({ where: { stationId, suggestionShown: true }, select: { captureId: true }, take: 20 });
    for (const [i, { captureId }] of assisted.entries()) {
      await prisma.adjudication.create({ data: { captureId, truth: i % 3 === 0 ? "ok" : "scratch", adjudicatorId } });
    }
    const gone = await prisma.comparison.findMany({ where: { stationId, defectScore: 0.0523 }, select: { captureId: true }, take: 4 });
    await prisma.capture.deleteMany({ where: { id: { in: gone.map((g) => g.captureId) } } });
    await prisma.$executeRaw`UPDATE comparisons SET time_to_decide_ms = NULL WHERE station_id = ${stationId}::uuid AND defect_score IN (0.01, 0.999, 1)`;
    expect(await replaysAgree()).toBe(5 * (3 + THRESHOLDS.length));
    // No time to decide among the units the model would decide: no hours saved to claim.
    const timeless = await replayed(
      { stationId, modelVersionId: modelId, since: at(-5, 0) },
      { level: "PARTIAL", okThreshold: 0.02, defectThreshold: 0.998, auditShare: 0 },
    );
    expect(timeless).toMatchObject({ meanDecisionMs: null });
    expect(timeless.decidable).toBeGreaterThan(0);
  });

  it("reads comparisons of the first part-day and the thresholds' bins only, whatever the history", async () => {
    // Thirty more days of history, far more units than the first day and the thresholds' bins hold.
    for (let day = -40; day < -10; day++) {
      await units(at(day, 12), "ok", "ok", 0.01, 60);
      await units(at(day, 12), "scratch", "scratch", 0.99, 40);
    }
    const since = at(-35, 18);
    const proposal = { level: "PARTIAL", okThreshold: 0.0523, defectThreshold: 0.9531, auditShare: 0 } as const;
    const dayOfSince = await prisma.comparison.count({ where: { stationId, decidedAt: { gte: since, lt: at(-34, 0) } } });
    const inTheBins = await prisma.comparison.count({
      where: { stationId, decidedAt: { gte: at(-34, 0) }, OR: [{ defectScore: { gte: 0.045, lt: 0.06 } }, { defectScore: { gte: 0.945, lt: 0.96 } }] },
    });
    const history = await prisma.comparison.count({ where: { stationId, decidedAt: { gte: since } } });
    expect(history).toBeGreaterThan(10 * (dayOfSince + inTheBins));
    // With the statistics a running database has (autovacuum analyses a table this size within a minute): the planner
    // must still choose the thresholds' bins over the days' rows.
    await prisma.$executeRaw`ANALYZE comparisons, what_if_daily`;
    const { read, result } = await prisma.$transaction(async (tx) => {
      const before = await rowsRead(tx, "comparisons");
      const replay = await replayWhatIf(tx, { stationId, modelVersionId: modelId, since }, proposal);
      return { read: (await rowsRead(tx, "comparisons")) - before, result: replay };
    });
    expect(result.units).toBe(
      history - (await prisma.comparison.count({ where: { stationId, decidedAt: { gte: since }, suggestionShown: true, truth: null } })),
    );
    expectSame(
      await replayed({ stationId, modelVersionId: modelId, since }, proposal),
      await scanned({ stationId, modelVersionId: modelId, since }, proposal),
      "30 days",
    );
    // The first part-day's units and the thresholds' bins' (a bin either side of each, at most), never the history's.
    expect(read).toBeLessThanOrEqual(dayOfSince + inTheBins);
  });
});
