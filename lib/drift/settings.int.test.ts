import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { type ModelMetadata, demoModelOrder, shippedModels } from "../model/index.ts";
import { upsertModelVersion } from "../model/training/index.ts";
import { createStation } from "../stations/index.ts";
import { checkDrift, stationReference } from "./monitor.ts";
import { FEATURES } from "./reference.ts";
import { setDriftDemotes, setDriftReference } from "./settings.ts";

// An engineer picks a baseline window: the station's drift is then judged
// against its own past, so a lasting, accepted change to the line stops
// alarming, and the choice is refused when the window is too thin to judge by.

const { prisma } = await useTestDatabase();
const [model] = demoModelOrder(shippedModels());
if (!model) throw new Error("no shipped model");

let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
/** A draw from the model's training distribution of a feature (uniform within its deciles). */
function draw(metadata: ModelMetadata, feature: (typeof FEATURES)[number]): number {
  const deciles = metadata.reference[feature].deciles;
  const bin = Math.floor(random() * 10);
  const low = deciles[bin] as number;
  return low + random() * ((deciles[bin + 1] as number) - low);
}

/** `count` predictions of the model spread evenly over [from, to), their brightness scaled by `brightness`. */
async function predictions(stationId: string, modelVersionId: string, count: number, from: Date, to: Date, brightness = 1): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const at = new Date(from.getTime() + ((to.getTime() - from.getTime()) * i) / count);
    const capture = await prisma.capture.create({
      data: {
        stationId,
        capturedAt: at,
        storageKey: `t/${crypto.randomUUID()}.png`,
        contentHash: crypto.randomUUID(),
        mimeType: "image/png",
        width: 64,
        height: 64,
      },
    });
    const score = random() * 0.3;
    await prisma.prediction.create({
      data: {
        captureId: capture.id,
        stationId,
        modelVersionId,
        modelRole: "ACTIVE",
        level: "SHADOW",
        scores: {},
        decision: score > 0.5 ? "scratch" : "ok",
        confidence: 1 - score,
        defectScore: score,
        latencyMs: 5,
        backend: "cpu",
        brightness: Math.min(1, draw(model!, "brightness") * brightness),
        contrast: draw(model!, "contrast"),
        sharpness: draw(model!, "sharpness"),
        meanRed: draw(model!, "meanRed"),
        meanGreen: draw(model!, "meanGreen"),
        meanBlue: draw(model!, "meanBlue"),
        idempotencyKey: crypto.randomUUID(),
        createdAt: at,
      },
    });
  }
}

const engineer = { id: "", role: "ENGINEER" as const };
const manager = { id: "", role: "MANAGER" as const };
let stationId = "";
let modelId = "";
const hour = 3_600_000;
const yesterday = new Date(Date.now() - 30 * hour);

beforeAll(async () => {
  engineer.id = (await createAccount(prisma, { email: "e@t.local", name: "E", role: "ENGINEER", password: "a long password" })).id;
  manager.id = (await createAccount(prisma, { email: "m@t.local", name: "M", role: "MANAGER", password: "a long password" })).id;
  stationId = (await createStation(prisma, { slug: "relit", name: "Relit line" })).id;
  modelId = (await upsertModelVersion(prisma, model, `/models/${model.version}`)).id;
  await prisma.stationAutomation.update({ where: { stationId }, data: { level: "SHADOW", activeModelId: modelId } });
  // A day under brighter new lights, accepted as the line's new normal.
  await predictions(stationId, modelId, 300, yesterday, new Date(yesterday.getTime() + 6 * hour), 1.5);
});

const dataAlarms = async (after: number) =>
  prisma.driftCheck.findMany({
    where: { stationId, kind: "data", feature: "brightness", unitsSeen: { gt: after } },
    select: { exceeded: true, unitsSeen: true },
  });

describe("picking the drift reference", () => {
  it("judges brighter lights as drift against the model's training statistics", async () => {
    await checkDrift(prisma, stationId);
    const checks = await dataAlarms(0);
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((c) => c.exceeded)).toBe(true);
    expect((await stationReference(prisma, stationId))?.reference.source).toBe("model");
  });

  it("refuses windows too thin, backwards or in the future, other roles and unknown stations, changing nothing", async () => {
    const audits = await prisma.auditEvent.count();
    const thin = await setDriftReference(prisma, "relit", engineer, { from: yesterday, to: new Date(yesterday.getTime() + hour) }, "new lights");
    expect(thin).toMatchObject({ ok: false, kind: "invalid", reason: "window-too-small" });
    expect(thin.ok ? "" : thin.detail).toMatch(/holds 50 predictions.*at least 200/);
    expect(await setDriftReference(prisma, "relit", engineer, { from: yesterday, to: yesterday }, "x y z")).toMatchObject({
      ok: false,
      reason: "empty-window",
    });
    expect(
      await setDriftReference(prisma, "relit", engineer, { from: new Date(Date.now() + hour), to: new Date(Date.now() + 2 * hour) }, "x y z"),
    ).toMatchObject({ reason: "future-window" });
    expect(await setDriftReference(prisma, "relit", manager, null, "x y z")).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await setDriftReference(prisma, "nowhere", engineer, null, "x y z")).toMatchObject({ ok: false, kind: "not-found" });
    expect(await setDriftDemotes(prisma, "relit", engineer, false, "x y z")).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await prisma.auditEvent.count()).toBe(audits);
    expect(await prisma.stationAutomation.findUniqueOrThrow({ where: { stationId } })).toMatchObject({
      driftBaselineFrom: null,
      driftBaselineTo: null,
      driftDemotes: true,
    });
  });

  it("takes a baseline window: it is audited, becomes the reference, and the same lights no longer alarm", async () => {
    const window = { from: yesterday, to: new Date(yesterday.getTime() + 6 * hour) };
    const result = await setDriftReference(prisma, "relit", engineer, window, "new lights approved by quality");
    expect(result).toMatchObject({ ok: true, predictions: 300 });
    expect(result.ok && result.reference).toMatch(/^baseline .* \(300 predictions\)$/);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { stationId, action: "DRIFT_BASELINE_SET" } });
    expect(audit).toMatchObject({ actorId: engineer.id, reason: "new lights approved by quality" });
    expect(audit.evidence).toMatchObject({ baseline: { from: window.from.toISOString(), to: window.to.toISOString(), predictions: 300 }, previous: null });
    const reference = await stationReference(prisma, stationId);
    expect(reference?.reference.source).toBe("baseline");

    const seen = await prisma.prediction.count({ where: { stationId } });
    await predictions(stationId, modelId, 300, new Date(Date.now() - 2 * hour), new Date(Date.now() - hour), 1.5);
    await checkDrift(prisma, stationId);
    const after = await dataAlarms(seen);
    expect(after.length).toBe(6);
    expect(after.filter((c) => c.exceeded).length).toBeLessThanOrEqual(1);
    // The alert the new lights opened closes by hysteresis.
    const alert = await prisma.driftAlert.findFirstOrThrow({ where: { stationId, kind: "data", feature: "brightness" } });
    expect(alert.closedAt).not.toBeNull();
  });

  it("goes back to the model's statistics, and a manager sets whether drift demotes", async () => {
    expect(await setDriftReference(prisma, "relit", engineer, null, "lights replaced again")).toMatchObject({ ok: true, predictions: null });
    expect((await stationReference(prisma, stationId))?.reference.source).toBe("model");
    expect(await setDriftDemotes(prisma, "relit", manager, false, "alerts on this line are watched by hand")).toEqual({ ok: true, driftDemotes: false });
    expect(await prisma.stationAutomation.findUniqueOrThrow({ where: { stationId }, select: { driftDemotes: true, driftBaselineFrom: true } })).toEqual({
      driftDemotes: false,
      driftBaselineFrom: null,
    });
    const trail = await prisma.auditEvent.findMany({ where: { stationId }, orderBy: { createdAt: "asc" }, select: { action: true } });
    expect(trail.map((e) => e.action).filter((a) => a === "DRIFT_BASELINE_SET" || a === "DRIFT_POLICY_SET")).toEqual([
      "DRIFT_BASELINE_SET",
      "DRIFT_BASELINE_SET",
      "DRIFT_POLICY_SET",
    ]);
  });
});
