import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../auth/index.ts";
import { requestAs, sessionCookieFor } from "../../../test/support/sign-in.ts";
import { encodePng, importFolder, captureStoreFromEnv } from "../../captures/index.ts";
import { useAppDatabase } from "../../../test/support/test-database.ts";
import { createStation } from "../../stations/index.ts";
import { setCandidateModel } from "../../automation/index.ts";
import { generatePhoto, SYNTH_DEFECTS } from "../../synth/index.ts";
import { readMetadata } from "./artifacts.ts";
import { upsertModelVersion } from "./register.ts";
import { claimNextRun, listTrainingRuns } from "./runs.ts";
import { trainQueuedRuns } from "./trainer.ts";

// Runs wait for the trainer this test drives itself.
process.env.UNDERSTUDY_TRAINER = "external";
const { prisma, dataDir } = await useAppDatabase();
const modelsDir = path.join(dataDir, "models");
process.env.UNDERSTUDY_MODELS_DIR = modelsDir;
const runsRoute = await import("../../../app/api/stations/[station]/training-runs/route.ts");
const cancelRoute = await import("../../../app/api/training-runs/[id]/cancel/route.ts");

const cookies = { engineer: "", manager: "", inspector: "" };
const quiet = () => {};

beforeAll(async () => {
  for (const who of ["engineer", "manager", "inspector"] as const) {
    await createAccount(prisma, { email: `${who}@runs.local`, name: who, role: who.toUpperCase() as "ENGINEER", password: "a long password" });
    cookies[who] = await sessionCookieFor(`${who}@runs.local`, "a long password");
  }
  // The shipped v2, active on the line: the run is compared with it on the same held-out photos.
  fs.cpSync(path.resolve("public/models/v2"), path.join(modelsDir, "v2"), { recursive: true });
  const v2 = await upsertModelVersion(prisma, readMetadata(path.join(modelsDir, "v2")), "/models/v2");
  for (const slug of ["line-t", "line-u"]) {
    const { id } = await createStation(prisma, { slug, name: slug });
    await prisma.stationAutomation.update({ where: { stationId: id }, data: { level: "SHADOW", activeModelId: v2.id } });
  }
  // 80 labelled photos of line-t, imported as a line engineer would.
  const folder = fs.mkdtempSync(path.join(dataDir, "photos-"));
  const labels = Array.from({ length: 80 }, (_, i) => (i % 2 === 0 ? "ok" : SYNTH_DEFECTS[(i >> 1) % 3]!));
  labels.forEach((label, i) => {
    const photo = generatePhoto(2000 + i, { label, size: 64 });
    fs.writeFileSync(path.join(folder, `${i}.png`), encodePng(photo.width, photo.height, photo.rgba));
  });
  fs.writeFileSync(path.join(folder, "labels.csv"), labels.map((label, i) => (label === "ok" ? `${i}.png,ok` : `${i}.png,defect,${label}`)).join("\n"));
  expect((await importFolder(prisma, captureStoreFromEnv({}, dataDir), folder, "line-t")).imported).toBe(80);
});

const start = (who: keyof typeof cookies, slug: string, body: unknown) =>
  runsRoute.POST(requestAs(cookies[who], `/api/stations/${slug}/training-runs`, { method: "POST", body: JSON.stringify(body) }), {
    params: Promise.resolve({ station: slug }),
  });
const cancel = (id: string) =>
  cancelRoute.POST(requestAs(cookies.engineer, `/api/training-runs/${id}/cancel`, { method: "POST", body: "{}" }), { params: Promise.resolve({ id }) });
const runOf = async (id: string) => (await listTrainingRuns(prisma, { id }))[0]!;

// A test that trains a model: a minute here, several on a machine that is busy with other work.
const TRAINING_TEST_TIMEOUT_MS = 240_000;

describe("a retraining run started from the app", () => {
  it("trains the station's photos in a trainer process, reports progress and log, registers the version and compares it with the active one", async () => {
    expect((await start("manager", "line-t", { epochs: 1 })).status).toBe(403);
    expect((await start("inspector", "line-t", { epochs: 1 })).status).toBe(403);
    const response = await start("engineer", "line-t", { epochs: 2, holdout: 0.4, photos: 500 });
    expect(response.status).toBe(201);
    const { id, version } = (await response.json()) as { id: string; version: string };
    expect(version).toMatch(/^line-t-\d{8}-\d{6}-[0-9a-f]{4}$/);
    // One run per station at a time.
    expect((await start("engineer", "line-t", { epochs: 1 })).status).toBe(409);
    expect(await prisma.auditEvent.count({ where: { action: "TRAINING_RUN_STARTED" } })).toBe(1);

    expect(await trainQueuedRuns(prisma, quiet)).toBe(1);
    const run = await runOf(id);
    expect(run).toMatchObject({ status: "SUCCEEDED", progress: 1, error: null });
    expect(run.log).toContain("80 photos: 46 train, 17 validation, 17 test");
    expect(run.log).toMatch(/epoch 2: train loss/);
    expect(run.log).toContain("starting from v2: the same classes");
    expect(run.comparison?.photos).toBe(17);
    expect(run.comparison?.trained.evaluation.photos).toBe(17);
    expect(run.comparison?.active?.version).toBe("v2");
    expect(run.comparison?.active?.evaluation.photos).toBe(17);
    const registered = await prisma.modelVersion.findUniqueOrThrow({ where: { version } });
    // Fine-tuned from v2, it keeps v2's classes in v2's order.
    expect(registered.classes).toEqual(["scratch", "crack", "dent"]);
    expect(registered.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.existsSync(path.join(modelsDir, version, "model.json"))).toBe(true);

    const listed = await runsRoute.GET(requestAs(cookies.engineer, "/api/stations/line-t/training-runs"), { params: Promise.resolve({ station: "line-t" }) });
    expect(((await listed.json()) as { runs: { version: string; status: string }[] }).runs[0]).toMatchObject({ version, status: "SUCCEEDED" });
  });

  it(
    "learns a class the active model does not know, mixes synthetic photos in, and reports what adapting cost the base line",
    async () => {
      // line-v has an oil class v2 does not know: v2 cannot be its candidate, a version trained on its photos can.
      const { id: stationId } = await createStation(prisma, {
        slug: "line-v",
        name: "line-v",
        defectClasses: ["Scratch", "Crack", "Dent", "Oil"].map((label) => ({ key: label.toLowerCase(), label })),
      });
      const v2 = await prisma.modelVersion.findUniqueOrThrow({ where: { version: "v2" } });
      await prisma.stationAutomation.update({ where: { stationId }, data: { level: "SHADOW", activeModelId: v2.id } });
      const folder = fs.mkdtempSync(path.join(dataDir, "oil-"));
      const labels = Array.from({ length: 60 }, (_, i) => (["ok", "ok", "scratch", "oil"] as const)[i % 4]!);
      labels.forEach((label, i) => {
        const photo = generatePhoto(3000 + i, { label: label === "oil" ? "dent" : label, size: 64 });
        fs.writeFileSync(path.join(folder, `${i}.png`), encodePng(photo.width, photo.height, photo.rgba));
      });
      fs.writeFileSync(path.join(folder, "labels.csv"), labels.map((label, i) => (label === "ok" ? `${i}.png,ok` : `${i}.png,defect,${label}`)).join("\n"));
      expect((await importFolder(prisma, captureStoreFromEnv({}, dataDir), folder, "line-v")).imported).toBe(60);

      const { id, version } = (await (await start("engineer", "line-v", { epochs: 1, synthShare: 0.5 })).json()) as { id: string; version: string };
      await trainQueuedRuns(prisma, quiet);
      const run = await runOf(id);
      expect(run.status).toBe("SUCCEEDED");
      expect(run.log).toContain("mixing 60 synthetic photos with the 60 of labelled captures in the database of station line-v (50% synthetic)");
      expect(run.log).toContain("starting from v2: new classes oil start fresh");
      expect((await prisma.modelVersion.findUniqueOrThrow({ where: { version } })).classes).toEqual(["scratch", "crack", "dent", "oil"]);
      // Compared on the line's own held-out photos; the base synthetic line beside v2's figures on it.
      expect(run.comparison?.photos).toBe(run.comparison?.trained.evaluation.photos);
      expect(run.comparison?.photos).toBeLessThan(20);
      expect(run.comparison?.base).toMatchObject({ photos: 600, trained: { photos: 600 }, active: { photos: 600 } });
      expect(
        await setCandidateModel(
          prisma,
          "line-v",
          { id: (await prisma.user.findFirstOrThrow({ where: { role: "ENGINEER" } })).id, role: "ENGINEER" },
          version,
          "knows oil",
        ),
      ).toMatchObject({ ok: true, candidate: version });
    },
    TRAINING_TEST_TIMEOUT_MS,
  );

  it(
    "stops early when validation stops improving, and trains every epoch asked for when told not to",
    async () => {
      const epochsOf = async (body: object) => {
        const { id } = (await (await start("engineer", "line-t", { epochs: 40, holdout: 0.4, ...body })).json()) as { id: string };
        await trainQueuedRuns(prisma, quiet);
        const run = await runOf(id);
        expect(run.status).toBe("SUCCEEDED");
        return { epochs: [...run.log.matchAll(/^epoch (\d+):/gm)].length, stoppedEarly: run.log.includes("early stop:") };
      };
      const early = await epochsOf({});
      expect(early.stoppedEarly).toBe(true);
      expect(early.epochs).toBeLessThan(40);
      expect(await epochsOf({ earlyStop: false })).toEqual({ epochs: 40, stoppedEarly: false });
    },
    TRAINING_TEST_TIMEOUT_MS,
  );

  it("a run on a station without labelled photos fails with the reason, and the station can train again", async () => {
    const response = await start("engineer", "line-u", { epochs: 1 });
    const { id } = (await response.json()) as { id: string };
    await trainQueuedRuns(prisma, quiet);
    expect(await runOf(id)).toMatchObject({ status: "FAILED", error: expect.stringContaining("Cannot train:") });
    expect((await start("engineer", "line-u", { epochs: 1 })).status).toBe(201);
    expect((await cancel((await listTrainingRuns(prisma, { stationSlug: "line-u", limit: 1 }))[0]!.id)).status).toBe(200);
  });

  it("is cancelled at once while queued, and at its next batch while training, leaving no version behind", async () => {
    const queued = (await (await start("engineer", "line-t", { epochs: 1 })).json()) as { id: string };
    expect(await (await cancel(queued.id)).json()).toEqual({ status: "CANCELLED" });
    expect((await cancel(queued.id)).status).toBe(409);

    // Forty epochs and no early stop: the run is still training when the cancel arrives.
    const { id, version } = (await (await start("engineer", "line-t", { epochs: 40, earlyStop: false })).json()) as { id: string; version: string };
    const training = trainQueuedRuns(prisma, quiet);
    await expect.poll(async () => (await runOf(id)).progress, { timeout: 30_000, interval: 200 }).toBeGreaterThan(0);
    expect(await (await cancel(id)).json()).toEqual({ status: "RUNNING" });
    await training;
    expect(await runOf(id)).toMatchObject({ status: "CANCELLED" });
    expect((await runOf(id)).progress).toBeLessThan(0.5);
    expect(await prisma.modelVersion.findUnique({ where: { version } })).toBeNull();
    expect(fs.existsSync(path.join(modelsDir, version))).toBe(false);
    expect(await prisma.auditEvent.count({ where: { action: "TRAINING_RUN_CANCELLED" } })).toBe(3);
  });

  it("one run trains at a time; a run whose trainer died is failed with why and the station trains again", async () => {
    const first = (await (await start("engineer", "line-t", { epochs: 1 })).json()) as { id: string };
    const second = (await (await start("engineer", "line-u", { epochs: 1 })).json()) as { id: string };
    expect(await claimNextRun(prisma)).toMatchObject({ id: first.id });
    expect(await claimNextRun(prisma)).toBeNull();
    // The trainer dies: no heartbeat for two minutes.
    await prisma.trainingRun.update({ where: { id: first.id }, data: { heartbeatAt: new Date(Date.now() - 120_000) } });
    expect((await runOf(first.id)).isLost).toBe(true);
    expect(await claimNextRun(prisma)).toMatchObject({ id: second.id });
    expect(await runOf(first.id)).toMatchObject({ status: "FAILED", error: expect.stringContaining("The trainer stopped without finishing") });
    expect((await start("engineer", "line-t", { epochs: 1 })).status).toBe(201);
  });
});
