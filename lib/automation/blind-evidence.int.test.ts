import crypto from "node:crypto";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createAccount } from "../auth/index.ts";
import { requestAs, sessionCookieFor } from "../../test/support/sign-in.ts";
import { useAppDatabase } from "../../test/support/test-database.ts";
import { automationBiasByInspector } from "../metrics/index.ts";
import { judgedUnitsInBulk, modelVersion } from "../../test/support/evidence-factory.ts";
import { createStation } from "../stations/index.ts";
import { isBlindUnit } from "./blind.ts";
import { stationGateReport } from "./evidence.ts";

// At AI assistance the inspector sees the model's answer: only blind units
// (and adjudicated truth) are evidence for the next level.

const { prisma } = await useAppDatabase();
const queue = await import("../../app/api/stations/[station]/queue/route.ts");
const verdicts = await import("../../app/api/stations/[station]/verdicts/route.ts");
const predictions = await import("../../app/api/stations/[station]/predictions/route.ts");
const blindShare = await import("../../app/api/stations/[station]/blind-share/route.ts");

const params = { params: Promise.resolve({ station: "assisted" }) };
const post = (cookie: string, body: unknown, method = "POST") => requestAs(cookie, "/api", { method, body: JSON.stringify(body) });
let stationId = "";
let modelId = "";
let inspector = "";
let inspectorCookie = "";
let managerCookie = "";

beforeAll(async () => {
  stationId = (await createStation(prisma, { slug: "assisted", name: "Assisted line" })).id;
  modelId = (await modelVersion(prisma, "v1")).id;
  const anHourAgo = new Date(Date.now() - 3_600_000);
  await prisma.stationAutomation.update({ where: { stationId }, data: { level: "AI_ASSIST", activeModelId: modelId, evidenceSince: anHourAgo } });
  inspector = (await createAccount(prisma, { email: "ines@blind.local", name: "Ines", role: "INSPECTOR", password: "a long password" })).id;
  await createAccount(prisma, { email: "mona@blind.local", name: "Mona", role: "MANAGER", password: "a long password" });
  inspectorCookie = await sessionCookieFor("ines@blind.local", "a long password");
  managerCookie = await sessionCookieFor("mona@blind.local", "a long password");
});

const partialGates = async () => stationGateReport(prisma, await prisma.stationAutomation.findUniqueOrThrow({ where: { stationId } }), "PARTIAL");

describe("blind evidence at AI assistance", () => {
  it("hides the suggestion on the blind share, records assisted verdicts as such whatever the page says, and counts only blind ones as evidence", async () => {
    await prisma.capture.createMany({
      data: Array.from({ length: 80 }, (_, i) => ({
        stationId,
        capturedAt: new Date(Date.now() - 600_000 + i * 1000),
        storageKey: `b/${i}.png`,
        contentHash: `b${i}`,
        mimeType: "image/png",
        width: 64,
        height: 64,
      })),
    });
    // The inspector takes the whole batch before judging any of it: past the usual cap of units in hand.
    process.env.UNDERSTUDY_LEASE_CAP = "80";
    onTestFinished(() => void delete process.env.UNDERSTUDY_LEASE_CAP);
    const leased: { id: string; level: string; suggest: boolean }[] = [];
    while (leased.length < 80) {
      const response = await queue.POST(post(inspectorCookie, { count: 20, exclude: leased.map((u) => u.id) }), params);
      leased.push(...((await response.json()) as { units: { id: string; level: string; suggest: boolean }[] }).units);
    }
    expect(leased.every((unit) => unit.level === "AI_ASSIST")).toBe(true);
    expect(leased.map((unit) => unit.suggest)).toEqual(leased.map((unit) => !isBlindUnit(unit.id, 0.15)));
    const blind = leased.filter((unit) => !unit.suggest);
    expect(blind.length).toBeGreaterThan(0);

    // The model says "scratch" on every unit; the truth is OK. The inspector follows every suggestion,
    // and on blind units answers the truth. The page lies that it showed no suggestion.
    for (const unit of leased) {
      const prediction = await predictions.POST(
        post(inspectorCookie, {
          idempotencyKey: `p-${unit.id}`,
          captureId: unit.id,
          modelVersion: "v1",
          scores: { scratch: 0.8, crack: 0.05, dent: 0.05 },
          decision: "scratch",
          confidence: 0.8,
          defectScore: 0.97,
          latencyMs: 5,
          backend: "wasm",
          statistics: { brightness: 0.5, contrast: 0.2, sharpness: 0.1, meanRed: 0.4, meanGreen: 0.4, meanBlue: 0.4 },
        }),
        params,
      );
      expect(prediction.status).toBeLessThan(300);
      const verdict = await verdicts.POST(
        post(inspectorCookie, {
          idempotencyKey: crypto.randomUUID(),
          captureId: unit.id,
          label: unit.suggest ? "scratch" : "ok",
          timeToDecideMs: 900,
          suggestionShown: false,
          decidedAt: new Date().toISOString(),
        }),
        params,
      );
      expect(verdict.status).toBe(201);
    }
    const stored = await prisma.verdict.findMany({ where: { stationId }, select: { captureId: true, suggestionShown: true } });
    expect(
      stored
        .filter((v) => !v.suggestionShown)
        .map((v) => v.captureId)
        .sort(),
    ).toEqual(blind.map((u) => u.id).sort());

    // Following the suggestion made assisted agreement 100%; the gates see only the blind units, where the model was always wrong.
    const { evidence, report } = await partialGates();
    expect(evidence).toMatchObject({ units: blind.length, agreements: 0, humanOk: blind.length, falseRejects: blind.length });
    expect(report.gates.find((g) => g.id === "false-reject")?.status).toBe("fail");

    // An assisted unit whose truth was adjudicated counts, with its truth as the reference.
    const assisted = leased.find((unit) => unit.suggest) as { id: string };
    const engineer = await createAccount(prisma, { email: "emil@blind.local", name: "Emil", role: "ENGINEER", password: "a long password" });
    await prisma.adjudication.create({ data: { captureId: assisted.id, truth: "ok", adjudicatorId: engineer.id } });
    expect((await partialGates()).evidence).toMatchObject({ units: blind.length + 1, agreements: 0, falseRejects: blind.length + 1 });

    const bias = await automationBiasByInspector(prisma, { stationId, from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 60_000) });
    expect(bias.total.assisted).toMatchObject({ successes: leased.length - blind.length, n: leased.length - blind.length, rate: 1 });
    expect(bias.total.blind).toMatchObject({ successes: 0, n: blind.length, rate: 0 });
    expect(bias.total.gap).toBe(1);
    expect(bias.inspectors.map((row) => row.inspector)).toEqual(["Ines"]);
  });

  it("counts answers changed toward the suggestion, per inspector", async () => {
    const base = {
      stationId,
      modelVersionId: modelId,
      inspectorId: inspector,
      level: "AI_ASSIST" as const,
      decidedAt: new Date(),
      defectScore: 0.9,
      suggestionShown: true,
    };
    const before = await automationBiasByInspector(prisma, { stationId, from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 60_000) });
    await judgedUnitsInBulk(prisma, { ...base, human: "dent", model: "dent", revisedFrom: "ok", count: 3 }); // toward
    await judgedUnitsInBulk(prisma, { ...base, human: "ok", model: "dent", revisedFrom: "scratch", count: 2 }); // away
    const after = await automationBiasByInspector(prisma, { stationId, from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 60_000) });
    expect(after.total.revised - before.total.revised).toBe(5);
    expect(after.total.revisedTowardSuggestion - before.total.revisedTowardSuggestion).toBe(3);
  });

  it("lets a manager set the blind share (audited), refuses others and shares out of range", async () => {
    expect((await blindShare.PUT(post(inspectorCookie, { share: 0.3, reason: "more evidence" }, "PUT"), params)).status).toBe(403);
    expect((await blindShare.PUT(post(managerCookie, { share: 0.01, reason: "help people" }, "PUT"), params)).status).toBe(422);
    const set = await blindShare.PUT(post(managerCookie, { share: 0.3, reason: "we need partial's evidence sooner" }, "PUT"), params);
    expect(set.status).toBe(200);
    expect(await prisma.stationAutomation.findUniqueOrThrow({ where: { stationId }, select: { blindShare: true } })).toEqual({ blindShare: 0.3 });
    expect(await prisma.auditEvent.findFirstOrThrow({ where: { stationId, action: "BLIND_SHARE_SET" } })).toMatchObject({
      reason: "we need partial's evidence sooner",
      evidence: { blindShare: 0.3, previous: 0.15 },
    });
  });
});
