import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { createStation } from "../stations/index.ts";
import { modelCoverageProblem } from "./coverage.ts";
import { setCandidateModel } from "./models.ts";

// A camera model sees 1920x1080 photos at a third of their width: on a
// station of 192-pixel fixture photos it would be blind, whatever it says.

const { prisma } = await useTestDatabase();
let manager = "";
let camera = "";
let square = "";

async function stationWithPhoto(slug: string, width: number | null): Promise<string> {
  const { id } = await createStation(prisma, { slug, name: slug });
  if (width !== null) {
    const height = Math.round((width * 9) / 16);
    await prisma.capture.create({
      data: { stationId: id, capturedAt: new Date(), storageKey: `${slug}.png`, contentHash: slug, mimeType: "image/png", width, height },
    });
  }
  return id;
}

beforeAll(async () => {
  manager = (await createAccount(prisma, { email: "manager@coverage.local", name: "Mona", role: "MANAGER", password: "a long password" })).id;
  const model = (version: string, metadata: object) =>
    prisma.modelVersion.create({
      data: { version, classes: ["scratch", "crack", "dent"], inputSize: 640, thresholds: {}, metadata, artifactPath: `/models/${version}` },
      select: { id: true },
    });
  camera = (await model("cam-test", { input: { kind: "frame", width: 640 } })).id;
  square = (await model("square-test", {})).id;
});

describe("which models a station's photos allow", () => {
  it("refuses a camera model where the station's photos are smaller than camera resolution, with the sizes in words", async () => {
    const fixture = await stationWithPhoto("fixture-line", 192);
    const problem = await modelCoverageProblem(prisma, fixture, camera);
    expect(problem).toEqual({
      reason: "photos-too-small",
      detail:
        "Model cam-test is a camera model for 1920x1080 photos; this station's photos are 192x108, too small for it to see a hairline. Use a model trained on photos like the station's.",
    });
    expect(await setCandidateModel(prisma, "fixture-line", { id: manager, role: "MANAGER" }, "cam-test", "try the camera model")).toMatchObject({
      ok: false,
      kind: "invalid",
      reason: "photos-too-small",
    });
    expect(await modelCoverageProblem(prisma, fixture, square)).toBeNull();
  });

  it("lets a camera model run where the photos are camera photos, or where none has come yet", async () => {
    expect(await modelCoverageProblem(prisma, await stationWithPhoto("camera-line", 1920), camera)).toBeNull();
    expect(await modelCoverageProblem(prisma, await stationWithPhoto("new-line", null), camera)).toBeNull();
    expect(await setCandidateModel(prisma, "camera-line", { id: manager, role: "MANAGER" }, "cam-test", "try the camera model")).toMatchObject({
      ok: true,
      candidate: "cam-test",
    });
  });
});
