import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { useAppDatabase } from "../../test/support/test-database.ts";
import { judgedUnitsInBulk, modelVersion } from "../../test/support/evidence-factory.ts";
import { createStation } from "../stations/index.ts";
import { leaseNextUnits } from "./queue.ts";
import { rowsRead } from "../../test/support/rows-read.ts";

// What used to read a station's whole history on every call: the queue
// walked past every decided unit to reach the waiting ones, and the drift
// monitor counted every prediction of the model. Both now cost what they
// return (`npm run bench:load -- --history` measures it at a million units).

const { prisma } = await useAppDatabase();
let stationId = "";
let modelId = "";
let inspectorId = "";

beforeAll(async () => {
  stationId = (await createStation(prisma, { slug: "long-history", name: "Long history" })).id;
  modelId = (await modelVersion(prisma, "v-long")).id;
  inspectorId = (await createAccount(prisma, { email: "ivo@long.local", name: "Ivo", role: "INSPECTOR", password: "a long password" })).id;
  // 3,000 decided units, captured before the units now waiting.
  for (let day = 30; day > 0; day--) {
    await judgedUnitsInBulk(prisma, {
      stationId,
      modelVersionId: modelId,
      inspectorId,
      level: "SHADOW",
      decidedAt: new Date(Date.now() - day * 86_400_000),
      human: "ok",
      model: "ok",
      defectScore: 0.1,
      count: 100,
    });
  }
  await prisma.capture.createMany({
    data: Array.from({ length: 300 }, (_, i) => ({
      stationId,
      capturedAt: new Date(Date.now() - 60_000 + i),
      storageKey: `w/${i}.png`,
      contentHash: `w${i}`,
      mimeType: "image/png",
      width: 64,
      height: 64,
    })),
  });
  await prisma.$executeRaw`ANALYZE captures`;
});

describe("costs that do not grow with history", () => {
  it("leases the oldest waiting units without reading the decided ones", async () => {
    const { units, read } = await prisma.$transaction(async (tx) => {
      // As at scale, where the update finds each leased unit by its key, not by reading the table.
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      const before = await rowsRead(tx, "captures");
      const leased = await leaseNextUnits(tx, { stationId, inspectorId, count: 5 });
      return { units: leased, read: (await rowsRead(tx, "captures")) - before };
    });
    expect(units).toHaveLength(5);
    expect(units.map((unit) => unit.capturedAt.getTime())).toEqual([...units.map((unit) => unit.capturedAt.getTime())].sort((a, b) => a - b));
    // The oldest waiting units (and the 5 updated), never the 3,000 decided ones, which are older:
    // with one waiting unit in eleven, the planner used to walk (station_id, captured_at) through them.
    expect(read).toBeLessThanOrEqual(50);
  });

  it("keeps each model's count of predictions at each station in the same transaction as the write", async () => {
    const counted = async () =>
      Number((await prisma.predictionCount.findUnique({ where: { stationId_modelVersionId: { stationId, modelVersionId: modelId } } }))?.predictions ?? 0n);
    const actual = () => prisma.prediction.count({ where: { stationId, modelVersionId: modelId } });
    expect(await counted()).toBe(3_000);
    expect(await counted()).toBe(await actual());
    // Deleting units (their predictions go with them) counts down.
    const gone = await prisma.capture.findMany({ where: { stationId, decidedAt: { not: null } }, select: { id: true }, take: 40 });
    await prisma.capture.deleteMany({ where: { id: { in: gone.map((unit) => unit.id) } } });
    expect(await counted()).toBe(2_960);
    expect(await counted()).toBe(await actual());
  });
});
