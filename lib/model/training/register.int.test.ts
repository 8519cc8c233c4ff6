import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../test/support/test-database.ts";
import { createStation } from "../../stations/index.ts";
import type { ModelMetadata } from "../metadata.ts";
import { setCandidate, upsertModelVersion } from "./register.ts";

const { prisma } = await useTestDatabase();
const model = (version: string, classes = ["scratch", "crack", "dent"]) =>
  ({ version, classes, inputSize: 64, thresholds: { decision: 0.5, autoOk: 0.1, autoDefect: 0.9 } }) as ModelMetadata;

describe("registering a trained model", () => {
  it("records a version once, and makes it the candidate where a model already runs", async () => {
    const v1 = await upsertModelVersion(prisma, model("v1"), "/models/v1");
    expect(await upsertModelVersion(prisma, model("v1"), "/models/v1")).toEqual(v1);
    const v2 = await upsertModelVersion(prisma, model("v2"), "/models/v2");
    const running = await createStation(prisma, { slug: "running", name: "Running" });
    await createStation(prisma, { slug: "manual", name: "Manual" });
    await prisma.stationAutomation.update({ where: { stationId: running.id }, data: { level: "SHADOW", activeModelId: v1.id } });

    expect(await setCandidate(prisma, v2.id, "v2", "all")).toEqual({ changed: ["running"], refused: [] });
    expect((await prisma.stationAutomation.findMany({ select: { candidateModelId: true } })).map((a) => a.candidateModelId).sort()).toEqual([v2.id, null]);
    // The active model is never its own candidate.
    expect(await setCandidate(prisma, v1.id, "v1", "running")).toEqual({ changed: [], refused: [] });
    expect(await prisma.auditEvent.count({ where: { action: "CANDIDATE_SET" } })).toBe(1);
  });

  it("leaves a station whose defect classes the version does not all know, saying which", async () => {
    const narrow = await upsertModelVersion(prisma, model("scratch-only", ["scratch"]), "/models/scratch-only");
    expect(await setCandidate(prisma, narrow.id, "scratch-only", "running")).toEqual({
      changed: [],
      refused: [
        { slug: "running", why: "Model scratch-only does not know the station's defect classes 'crack', 'dent': train a model on photos of them first." },
      ],
    });
  });
});
