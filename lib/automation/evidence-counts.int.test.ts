import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { useAppDatabase } from "../../test/support/test-database.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { atUtcDay as at, judgedUnitsInBulk, modelVersion, UTC_TODAY as today } from "../../test/support/evidence-factory.ts";
import { createStation } from "../stations/index.ts";
import type { GateEvidence } from "./gates.ts";
import { EVIDENCE_REFERENCE, evidenceFromPairs, gateEvidence, INDEPENDENT_EVIDENCE, type EvidenceScope } from "./evidence.ts";
import { rowsRead } from "../../test/support/rows-read.ts";

// The gates read whole days from evidence_counts and scan comparisons only for
// the day the evidence began: the counts must be those of the scan they
// replace, through adjudications, deletions and a change of thresholds, and a
// review must not read the history it does not need.

const { prisma } = await useAppDatabase();
const DAY = 86_400_000;
let stationId = "";
let modelId = "";
let inspectorId = "";
let adjudicatorId = "";

/** The scan gateEvidence used to run over every compared unit since the evidence began. */
async function scanned(scope: EvidenceScope) {
  const level = scope.level ?? null;
  const deciding = scope.decidingAt && (scope.decidingAt.level === "PARTIAL" || scope.decidingAt.level === "FULL") ? scope.decidingAt : null;
  const decides = deciding
    ? Prisma.sql`model_decides(${deciding.level}::"AutomationLevel", defect_score, ${deciding.okThreshold}::float8, ${deciding.defectThreshold}::float8)`
    : Prisma.sql`true`;
  const now = Date.now();
  const weekStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate() - 7);
  const paceFrom = new Date(Math.min(now - 3_600_000, Math.max(scope.since.getTime(), weekStart)));
  const pairs = await prisma.$queryRaw<{ human_label: string; model_label: string; units: number; recent: number }[]>`
    SELECT ${EVIDENCE_REFERENCE} AS human_label, model_label, count(*)::int AS units, count(*) FILTER (WHERE decided_at >= ${paceFrom})::int AS recent
    FROM comparisons
    WHERE station_id = ${scope.stationId}::uuid AND model_version_id = ${scope.modelVersionId}::uuid AND decided_at >= ${scope.since}
      AND ${INDEPENDENT_EVIDENCE} AND (${level}::text IS NULL OR level::text = ${level}::text) AND ${decides}
    GROUP BY 1, 2`;
  const recent = pairs.reduce((sum, pair) => sum + pair.recent, 0);
  return { ...evidenceFromPairs(pairs, 0), unitsPerDay: (recent * DAY) / (now - paceFrom.getTime()) };
}

/** What the gates read, the pace to the nearest unit a day. */
const counts = ({ units, agreements, humanDefects, caughtDefects, humanOk, falseRejects, unitsPerDay }: GateEvidence) => ({
  units,
  agreements,
  humanDefects,
  caughtDefects,
  humanOk,
  falseRejects,
  unitsPerDay: Math.round(unitsPerDay ?? 0),
});

async function units(decidedAt: Date, human: string, model: string, defectScore: number, level: AutomationLevel, count: number, suggestionShown = false) {
  await judgedUnitsInBulk(prisma, { stationId, modelVersionId: modelId, inspectorId, level, decidedAt, human, model, defectScore, count, suggestionShown });
}

async function scopesAgree(): Promise<number> {
  const thresholds = await prisma.stationAutomation.findUniqueOrThrow({ where: { stationId } });
  const sinces = [at(-5, 13), at(-2, 0), at(-1, 23.5), at(0, 0), new Date(Date.now() - 1_800_000)];
  let checked = 0;
  for (const since of sinces) {
    for (const level of [undefined, "PARTIAL", "SHADOW"] as const) {
      for (const decidingLevel of [undefined, "AI_ASSIST", "PARTIAL", "FULL"] as const) {
        const scope: EvidenceScope = {
          stationId,
          modelVersionId: modelId,
          since,
          ...(level ? { level } : {}),
          ...(decidingLevel ? { decidingAt: { level: decidingLevel, okThreshold: thresholds.okThreshold, defectThreshold: thresholds.defectThreshold } } : {}),
        };
        const label = `since ${since.toISOString()}, level ${level ?? "any"}, deciding at ${decidingLevel ?? "-"}`;
        expect(counts(await gateEvidence(prisma, scope)), label).toEqual(counts(await scanned(scope)));
        checked++;
      }
    }
  }
  return checked;
}

beforeAll(async () => {
  stationId = (await createStation(prisma, { slug: "counted", name: "Counted line" })).id;
  modelId = (await modelVersion(prisma, "v-counted")).id;
  await prisma.stationAutomation.update({ where: { stationId }, data: { level: "PARTIAL", activeModelId: modelId, okThreshold: 0.05, defectThreshold: 0.95 } });
  inspectorId = (await createAccount(prisma, { email: "ida@counted.local", name: "Ida", role: "INSPECTOR", password: "a long password" })).id;
  adjudicatorId = (await createAccount(prisma, { email: "eli@counted.local", name: "Eli", role: "ENGINEER", password: "a long password" })).id;
  // Six days of units, at hours that straddle the days the evidence may begin on.
  for (const day of [-5, -4, -2, -1, 0]) {
    for (const hour of day === 0 ? [0.25, Math.max(0.5, (Date.now() - today) / 3_600_000 - 0.1)] : [2, 13, 23.75]) {
      const when = at(day, hour);
      await units(when, "ok", "ok", 0.01, "PARTIAL", 7);
      await units(when, "scratch", "scratch", 0.99, "PARTIAL", 3);
      await units(when, "scratch", "ok", 0.5, "PARTIAL", 2);
      await units(when, "ok", "scratch", 0.97, "SHADOW", 4);
      await units(when, "crack", "ok", 0.03, "SHADOW", 1);
      // Assisted: evidence only once adjudicated.
      await units(when, "scratch", "scratch", 0.96, "AI_ASSIST", 3, true);
    }
  }
});

describe("incremental gate evidence", () => {
  it("counts what the full scan counted, for every scope the gates and canary ask", async () => {
    expect(await scopesAgree()).toBe(60);
  });

  it("follows an adjudication and a deleted unit, in the same transaction as the write", async () => {
    const assisted = await prisma.comparison.findMany({ where: { stationId, suggestionShown: true }, select: { captureId: true }, take: 12 });
    for (const [i, { captureId }] of assisted.entries()) {
      await prisma.adjudication.create({ data: { captureId, truth: i % 2 === 0 ? "ok" : "scratch", adjudicatorId } });
    }
    const gone = await prisma.comparison.findMany({ where: { stationId, humanLabel: "crack" }, select: { captureId: true }, take: 5 });
    await prisma.capture.deleteMany({ where: { id: { in: gone.map((g) => g.captureId) } } });
    expect(await scopesAgree()).toBe(60);
  });

  it("counts afresh which units the model would decide when the station's thresholds change", async () => {
    await prisma.stationAutomation.update({ where: { stationId }, data: { okThreshold: 0.02, defectThreshold: 0.98 } });
    expect(await scopesAgree()).toBe(60);
    const partial = await gateEvidence(prisma, {
      stationId,
      modelVersionId: modelId,
      since: at(-5, 0),
      decidingAt: { level: "PARTIAL", okThreshold: 0.02, defectThreshold: 0.98 },
    });
    // 0.03 and 0.97 are no longer confident; 0.01 and 0.99 still are.
    expect(partial.units).toBe(
      (await scanned({ stationId, modelVersionId: modelId, since: at(-5, 0), decidingAt: { level: "PARTIAL", okThreshold: 0.02, defectThreshold: 0.98 } }))
        .units,
    );
    await prisma.stationAutomation.update({ where: { stationId }, data: { okThreshold: 0.05, defectThreshold: 0.95 } });
  });

  it("reads comparisons of the day the evidence began only, whatever the history", async () => {
    // Thirty more days of history, far more units than any one day holds.
    for (let day = -40; day < -10; day++) await units(at(day, 12), "ok", "ok", 0.01, "PARTIAL", 100);
    // This week's first day: the pace window's, read from evidence_counts as whole days too.
    await units(at(-7, 23), "ok", "ok", 0.01, "PARTIAL", 100);
    const since = at(-35, 18);
    const dayOfSince = await prisma.comparison.count({ where: { stationId, decidedAt: { gte: at(-35, 0), lt: at(-34, 0) } } });
    const history = await prisma.comparison.count({ where: { stationId, decidedAt: { gte: since } } });
    expect(history).toBeGreaterThan(20 * dayOfSince);
    const scope: EvidenceScope = { stationId, modelVersionId: modelId, since, decidingAt: { level: "PARTIAL", okThreshold: 0.05, defectThreshold: 0.95 } };
    const { read, evidence } = await prisma.$transaction(async (tx) => {
      const before = await rowsRead(tx, "comparisons");
      const counted = await gateEvidence(tx, scope);
      return { read: (await rowsRead(tx, "comparisons")) - before, evidence: counted };
    });
    expect(counts(evidence)).toEqual(counts(await scanned(scope)));
    expect(counts(evidence).unitsPerDay).toBeGreaterThan(0);
    // The first day's units, never the history's or the week's.
    expect(read).toBeLessThanOrEqual(dayOfSince);
  });
});
