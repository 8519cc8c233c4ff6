import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { reviewStation } from "../automation/index.ts";
import { createPrismaClient, type Db } from "../db/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { judgedUnitsInBulk, modelVersion } from "../../test/support/evidence-factory.ts";
import { createStation } from "../stations/index.ts";
import { claimWork, completeWork, requestWork, runClaim, workSettled } from "./station-work.ts";
import "./work-handlers.ts";

// Two app instances on one database: each its own connection pool and worker
// name, as two `npm run serve` processes would be.
const { url, prisma } = await useTestDatabase();
const instanceA = createPrismaClient(url);
const instanceB = createPrismaClient(url);
let inspector = "";
let model = "";

beforeAll(async () => {
  inspector = (await createAccount(prisma, { email: "i@t.local", name: "Ida", role: "INSPECTOR", password: "a long password" })).id;
  model = (await modelVersion(prisma, "m-work")).id;
});
afterAll(async () => {
  await Promise.all([instanceA.$disconnect(), instanceB.$disconnect()]);
});

/** Works through due work as one instance would, until none is due. */
async function drainAs(db: Db, worker: string): Promise<number> {
  let runs = 0;
  for (let claim = await claimWork(db, worker); claim; claim = await claimWork(db, worker)) {
    await runClaim(db, claim, worker);
    runs++;
  }
  return runs;
}

const actions = async (stationId: string) => (await prisma.auditEvent.findMany({ where: { stationId }, orderBy: { createdAt: "asc" } })).map((e) => e.action);

/** A station in a canary of PARTIAL (10% of units, from AI assistance) whose step has the evidence to widen. */
async function canaryReadyToWiden(slug: string): Promise<string> {
  const stationId = (await createStation(prisma, { slug, name: slug })).id;
  const anHourAgo = new Date(Date.now() - 3_600_000);
  await prisma.stationAutomation.update({
    where: { stationId },
    data: {
      level: "PARTIAL",
      activeModelId: model,
      canaryFromLevel: "AI_ASSIST",
      canaryShare: 0.1,
      canarySteps: [0.1, 0.5, 1],
      canaryStepIndex: 0,
      canaryStepStartedAt: anHourAgo,
      canaryMinUnits: 30,
    },
  });
  const units = (human: string, modelLabel: string, defectScore: number, count: number) =>
    judgedUnitsInBulk(prisma, {
      stationId,
      modelVersionId: model,
      inspectorId: inspector,
      level: "PARTIAL",
      decidedAt: new Date(),
      human,
      model: modelLabel,
      defectScore,
      count,
    });
  await units("ok", "ok", 0.01, 85);
  await units("scratch", "scratch", 0.99, 100);
  return stationId;
}

describe("durable station work across app instances", () => {
  it("takes a canary step once when both instances are asked to review at once", async () => {
    const stationId = await canaryReadyToWiden("canary-twice");
    // A verdict arrives at each instance: each stores a review request.
    await Promise.all([requestWork(instanceA, stationId, "review"), requestWork(instanceB, stationId, "review")]);
    const runs = await Promise.all([drainAs(instanceA, "instance-a"), drainAs(instanceB, "instance-b")]);
    // One claim covered both requests; the other instance found nothing due (or nothing left to do).
    expect(runs.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    expect((await actions(stationId)).filter((a) => a === "CANARY_WIDENED")).toHaveLength(1);
    expect(await prisma.stationAutomation.findUniqueOrThrow({ where: { stationId }, select: { canaryShare: true, canaryStepIndex: true } })).toEqual({
      canaryShare: 0.5,
      canaryStepIndex: 1,
    });
    const row = await prisma.stationWork.findUniqueOrThrow({ where: { stationId_kind: { stationId, kind: "review" } } });
    expect([row.requested, row.done, row.claimedBy]).toEqual([2n, 2n, null]);
  });

  it("takes it once even when two reviews run at the same moment without the queue", async () => {
    const stationId = await canaryReadyToWiden("canary-race");
    const outcomes = await Promise.all([reviewStation(instanceA, stationId), reviewStation(instanceB, stationId)]);
    expect(outcomes.map((o) => o.action).sort()).toEqual(["canary-held", "canary-widened"]);
    expect((await actions(stationId)).filter((a) => a === "CANARY_WIDENED")).toHaveLength(1);
  });

  it("does not lose a review when the instance that claimed it dies before running it", async () => {
    const stationId = (await createStation(prisma, { slug: "full-dies", name: "Full" })).id;
    await prisma.stationAutomation.update({ where: { stationId }, data: { level: "FULL", activeModelId: model } });
    // An open drift alert: the review must demote the station.
    await prisma.driftAlert.create({ data: { stationId, kind: "data", feature: "brightness" } });
    await requestWork(instanceA, stationId, "review");
    // Instance A acknowledged the write and claimed the review, then was killed (it never runs or completes it).
    const claimed = await claimWork(instanceA, "instance-a", 400);
    expect(claimed).toMatchObject({ stationId, kind: "review", requested: 1n });
    // While A's lease holds, B leaves the work alone.
    expect(await claimWork(instanceB, "instance-b")).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await drainAs(instanceB, "instance-b")).toBe(1);
    expect(await prisma.stationAutomation.findUniqueOrThrow({ where: { stationId }, select: { level: true } })).toEqual({ level: "PARTIAL" });
    expect((await actions(stationId)).filter((a) => a === "LEVEL_DEMOTED")).toHaveLength(1);
    // A ghost of A finishing late changes nothing: the claim is no longer its.
    await completeWork(instanceA, claimed!, "instance-a");
    const row = await prisma.stationWork.findUniqueOrThrow({ where: { stationId_kind: { stationId, kind: "review" } } });
    expect([row.done, row.claimedBy]).toEqual([1n, null]);
    await workSettled(instanceB, stationId, "review", 5_000);
  });

  it("keeps requests that arrive during a run due, and retries a run that fails", async () => {
    const stationId = (await createStation(prisma, { slug: "busy", name: "Busy" })).id;
    await requestWork(instanceA, stationId, "review");
    const claim = await claimWork(instanceA, "instance-a");
    // A verdict arrives while the review runs: it must be reviewed again, after.
    await requestWork(instanceB, stationId, "review");
    await runClaim(instanceA, claim!, "instance-a");
    const row = await prisma.stationWork.findUniqueOrThrow({ where: { stationId_kind: { stationId, kind: "review" } } });
    expect([row.requested, row.done]).toEqual([2n, 1n]);
    expect(await drainAs(instanceB, "instance-b")).toBe(1);

    // Work that throws (here: of a kind no handler knows) is given back with the error and a pause.
    const broken = (await createStation(prisma, { slug: "broken", name: "Broken" })).id;
    await requestWork(instanceA, broken, "drift");
    await prisma.$executeRaw`UPDATE station_work SET kind = 'nonsense' WHERE station_id = ${broken}::uuid`;
    const failing = await claimWork(instanceA, "instance-a");
    expect(failing?.stationId).toBe(broken);
    expect(await runClaim(instanceA, failing!, "instance-a")).toBe(false);
    const failed = await prisma.stationWork.findFirstOrThrow({ where: { stationId: broken } });
    expect(failed.lastError).toBe("no handler for nonsense work");
    expect(failed.claimedBy).toBeNull();
    expect(failed.claimedUntil!.getTime()).toBeGreaterThan(Date.now());
    // Not due again until the pause is over.
    expect(await claimWork(instanceB, "instance-b")).toBeNull();
  });
});
