import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { sessionCookieFor } from "../../test/support/sign-in.ts";
import { stationGateReport } from "../automation/index.ts";
import { useAppDatabase } from "../../test/support/test-database.ts";
import { DefectModel, demoModelOrder, shippedModels, modelDir } from "../model/index.ts";
import { loadModel, upsertModelVersion } from "../model/training/index.ts";
import { inProcessFetch } from "../../test/support/in-process-fetch.ts";
import { simulate } from "../../tools/simulate/simulate.ts";
import { createStation } from "../stations/index.ts";
import { createStationToken } from "../tokens/index.ts";
import { checkDrift } from "./monitor.ts";
import { driftCheckSettled } from "./check-soon.ts";

// The end-to-end drift scenario over the real route handlers: 2,000
// units under normal lighting open no alert; the lights change and a
// data-drift alert on brightness opens within 500 units, blocking promotion.

const { prisma } = await useAppDatabase();
const fetch = inProcessFetch({
  "/api/captures": await import("../../app/api/captures/route.ts"),
  "/api/captures/[id]/image": await import("../../app/api/captures/[id]/image/route.ts"),
  "/api/stations/[station]/queue": await import("../../app/api/stations/[station]/queue/route.ts"),
  "/api/stations/[station]/predictions": await import("../../app/api/stations/[station]/predictions/route.ts"),
  "/api/stations/[station]/verdicts": await import("../../app/api/stations/[station]/verdicts/route.ts"),
});

const [newest] = demoModelOrder(shippedModels());
if (!newest) throw new Error("no shipped model");
let stationId = "";
let base: Omit<Parameters<typeof simulate>[0], "scenario" | "units" | "seed">;

beforeAll(async () => {
  await tf.setBackend("cpu");
  const station = await createStation(prisma, { slug: "drift-line", name: "Drift line" });
  stationId = station.id;
  const model = await upsertModelVersion(prisma, newest, `/models/${newest.version}`);
  await prisma.stationAutomation.update({ where: { stationId }, data: { level: "SHADOW", activeModelId: model.id } });
  await createAccount(prisma, { email: "i@t.local", name: "I", role: "INSPECTOR", password: "a long password" });
  const { token } = await createStationToken(prisma, stationId, "camera 1", null);
  base = {
    baseUrl: "http://localhost:3000",
    fetch,
    station: "drift-line",
    token,
    inspectorCookie: await sessionCookieFor("i@t.local", "a long password"),
    models: new Map([[newest.version, DefectModel.fromModel(await loadModel(modelDir(newest.version)), newest)]]),
    errorRate: 0.02,
  };
}, 60_000);

describe("simulate, normal then lighting-shift", () => {
  it("opens no alert over 2,000 units of normal lighting", async () => {
    const report = await simulate({ ...base, scenario: "normal", units: 2_000, seed: 11 });
    expect(report).toMatchObject({ captured: 2_000, predictions: 2_000, verdicts: 2_000, serverErrors: 0 });
    await driftCheckSettled(prisma, "drift-line");
    await checkDrift(prisma, stationId); // whatever the background runs left
    const checks = await prisma.driftCheck.count({ where: { stationId, kind: "data" } });
    expect(checks).toBe(6 * ((2_000 - 200) / 50 + 1));
    expect(await prisma.driftAlert.findMany({ where: { stationId } })).toEqual([]);
    const report2 = await stationGateReport(prisma, (await prisma.stationAutomation.findUniqueOrThrow({ where: { stationId } }))!, "AI_ASSIST");
    expect(report2.report.gates.find((gate) => gate.id === "drift")?.status).toBe("pass");
  }, 600_000);

  it("opens a data-drift alert on brightness within 500 units of lighting-shift, and blocks promotion", async () => {
    await simulate({ ...base, scenario: "lighting-shift", units: 500, seed: 12 });
    await driftCheckSettled(prisma, "drift-line");
    await checkDrift(prisma, stationId);
    const alert = await prisma.driftAlert.findFirst({ where: { stationId, kind: "data", feature: "brightness", closedAt: null } });
    expect(alert).not.toBeNull();
    const unitsSeen = (alert?.detail as { unitsSeen: number }).unitsSeen;
    expect(unitsSeen - 2_000).toBeGreaterThan(0);
    expect(unitsSeen - 2_000).toBeLessThanOrEqual(500);
    const trail = await prisma.auditEvent.findMany({ where: { stationId, action: "DRIFT_ALERT_OPENED" } });
    expect(trail.map((event) => event.reason)).toContainEqual(expect.stringMatching(/^data drift on brightness: PSI \d/));
    const { report } = await stationGateReport(prisma, (await prisma.stationAutomation.findUniqueOrThrow({ where: { stationId } }))!, "AI_ASSIST");
    expect(report.gates.find((gate) => gate.id === "drift")?.status).toBe("fail");
    expect(report.passed).toBe(false);
    // The evidence from before the lights changed no longer describes the line: it starts afresh at the first alert.
    const firstOpened = await prisma.driftAlert.findFirstOrThrow({ where: { stationId }, orderBy: { openedAt: "asc" } });
    const automation = await prisma.stationAutomation.findUniqueOrThrow({ where: { stationId } });
    expect(automation.evidenceSince.getTime()).toBeGreaterThanOrEqual(firstOpened.openedAt.getTime());
    expect(automation.evidenceSinceReason).toMatch(/^a (data|prediction|concept) drift alert opened on /);
  }, 300_000);
});

describe("simulate at a station with a region of interest", () => {
  it("scores inside the station's region, as the inspector's page does, so every prediction is accepted", async () => {
    const framed = await createStation(prisma, { slug: "framed-sim", name: "Framed sim" });
    const model = await prisma.modelVersion.findUniqueOrThrow({ where: { version: newest!.version } });
    await prisma.stationAutomation.update({ where: { stationId: framed.id }, data: { level: "SHADOW", activeModelId: model.id } });
    const region = { left: 0.1, top: 0.1, width: 0.8, height: 0.8 };
    await prisma.station.update({ where: { id: framed.id }, data: { inspectionRegion: region } });
    const { token } = await createStationToken(prisma, framed.id, "camera 2", null);
    const options = { ...base, station: "framed-sim", token, scenario: "normal" as const };
    const report = await simulate({ ...options, units: 20, seed: 21, region });
    expect(report).toMatchObject({ captured: 20, predictions: 20, verdicts: 20, serverErrors: 0 });
    const heatmaps = await prisma.prediction.findMany({ where: { stationId: framed.id }, select: { heatmap: true } });
    // The heatmap's top row of cells lies outside the region: cold.
    expect(heatmaps).toHaveLength(20);
    for (const { heatmap } of heatmaps) {
      const cells = heatmap as number[];
      expect(cells.slice(0, Math.round(Math.sqrt(cells.length))).every((heat) => heat === 0)).toBe(true);
    }
  }, 120_000);
});
