import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { requestAs, sessionCookieFor } from "../../test/support/sign-in.ts";
import { useAppDatabase } from "../../test/support/test-database.ts";
import { unitLevel } from "../automation/index.ts";
import { createStation } from "../stations/index.ts";

const { prisma } = await useAppDatabase();
const queue = await import("../../app/api/stations/[station]/queue/route.ts");
const verdicts = await import("../../app/api/stations/[station]/verdicts/route.ts");
const predictions = await import("../../app/api/stations/[station]/predictions/route.ts");

const cookies: Record<"inspector" | "manager", string> = { inspector: "", manager: "" };
const params = { params: Promise.resolve({ station: "line-1" }) };
const post = (who: string | null, path: string, body: unknown) =>
  requestAs(who, path, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });

beforeAll(async () => {
  const station = await createStation(prisma, { slug: "line-1", name: "Line 1" });
  const model = await prisma.modelVersion.create({
    data: { version: "v-test", classes: ["scratch", "crack", "dent"], inputSize: 64, thresholds: {}, artifactPath: "/models/v-test" },
  });
  await prisma.stationAutomation.update({ where: { stationId: station.id }, data: { level: "SHADOW", activeModelId: model.id } });
  await prisma.capture.createMany({
    data: [0, 1, 2].map((i) => ({
      stationId: station.id,
      capturedAt: new Date(Date.UTC(2026, 10, 24, 8, i)),
      storageKey: `k/${i}.png`,
      contentHash: `h${i}`,
      mimeType: "image/png",
      width: 192,
      height: 192,
    })),
  });
  await createAccount(prisma, { email: "i@t.local", name: "I", role: "INSPECTOR", password: "a long password" });
  await createAccount(prisma, { email: "m@t.local", name: "M", role: "MANAGER", password: "a long password" });
  cookies.inspector = await sessionCookieFor("i@t.local", "a long password");
  cookies.manager = await sessionCookieFor("m@t.local", "a long password");
});

describe("the inspection API", () => {
  it("leases units to inspectors only", async () => {
    expect((await queue.POST(post(null, "/q", { count: 2 }), params)).status).toBe(401);
    expect((await queue.POST(post(cookies.manager, "/q", { count: 2 }), params)).status).toBe(403);
    const response = await queue.POST(post(cookies.inspector, "/q", { count: 2 }), params);
    expect(response.status).toBe(200);
    const { units } = (await response.json()) as { units: { id: string; imageUrl: string }[] };
    expect(units).toHaveLength(2);
    expect(units[0]?.imageUrl).toBe(`/api/captures/${units[0]?.id}/image`);
    expect(units.map((unit) => (unit as { level?: string }).level)).toEqual(["SHADOW", "SHADOW"]);
    expect((await queue.POST(post(cookies.inspector, "/q", { count: 500 }), params)).status).toBe(422);
  });

  it("records a verdict once and answers its retry with the original", async () => {
    const unit = (await prisma.capture.findFirstOrThrow({ orderBy: { capturedAt: "asc" } })).id;
    const body = {
      idempotencyKey: crypto.randomUUID(),
      captureId: unit,
      label: "crack",
      timeToDecideMs: 1200,
      suggestionShown: false,
      decidedAt: new Date().toISOString(),
    };
    const first = await verdicts.POST(post(cookies.inspector, "/v", body), params);
    expect(first.status).toBe(201);
    const retry = await verdicts.POST(post(cookies.inspector, "/v", body), params);
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { replayed: boolean }).replayed).toBe(true);
    expect(await prisma.verdict.count()).toBe(1);
  });

  it.each([
    ["malformed JSON", "{not json", 400],
    ["a missing field", { idempotencyKey: "abcdefgh1", label: "ok" }, 422],
    ["a wrong type", { idempotencyKey: "abcdefgh2", captureId: "x", label: 3, timeToDecideMs: "fast", decidedAt: "now" }, 422],
    [
      "an unknown unit",
      { idempotencyKey: "abcdefgh3", captureId: crypto.randomUUID(), label: "ok", timeToDecideMs: 1, decidedAt: new Date().toISOString() },
      404,
    ],
    [
      "an extra field",
      {
        idempotencyKey: "abcdefgh4",
        captureId: crypto.randomUUID(),
        label: "ok",
        timeToDecideMs: 1,
        decidedAt: new Date().toISOString(),
        inspectorId: "someone-else",
      },
      422,
    ],
  ])("refuses a verdict with %s (%s) and changes nothing", async (_, body, status) => {
    const before = await prisma.verdict.count();
    const response = await verdicts.POST(post(cookies.inspector, "/v", body), params);
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await prisma.verdict.count()).toBe(before);
  });

  it("records the active model's shadow prediction once, and refuses a model the station does not run", async () => {
    const unit = (await prisma.capture.findFirstOrThrow({ orderBy: { capturedAt: "desc" } })).id;
    const body = {
      idempotencyKey: crypto.randomUUID(),
      captureId: unit,
      modelVersion: "v-test",
      scores: { scratch: 0.1, crack: 0.05, dent: 0.02 },
      decision: "ok",
      confidence: 0.9,
      defectScore: 0.1,
      latencyMs: 4.2,
      backend: "wasm",
      heatmap: Array.from({ length: 256 }, () => 0.01),
      statistics: { brightness: 0.4, contrast: 0.2, sharpness: 0.05, meanRed: 0.4, meanGreen: 0.4, meanBlue: 0.4 },
    };
    expect((await predictions.POST(post(cookies.inspector, "/p", body), params)).status).toBe(201);
    expect((await predictions.POST(post(cookies.inspector, "/p", { ...body, idempotencyKey: crypto.randomUUID() }), params)).status).toBe(200);
    const stored = await prisma.prediction.findFirstOrThrow();
    expect(stored).toMatchObject({ modelRole: "ACTIVE", level: "SHADOW", backend: "wasm", brightness: 0.4, decision: "ok" });
    const refused = await predictions.POST(post(cookies.inspector, "/p", { ...body, idempotencyKey: crypto.randomUUID(), modelVersion: "v-other" }), params);
    expect(refused.status).toBe(422);
    const badScores = await predictions.POST(post(cookies.inspector, "/p", { ...body, idempotencyKey: crypto.randomUUID(), scores: { scratch: 2 } }), params);
    expect(badScores.status).toBe(422);
    expect(await prisma.prediction.count()).toBe(1);
  });

  it("during a canary, tells each unit's level and records verdicts at it", async () => {
    const station = await prisma.station.findUniqueOrThrow({ where: { slug: "line-1" } });
    const policy = { level: "AI_ASSIST" as const, canaryFromLevel: "SHADOW" as const, canaryShare: 0.5 };
    await prisma.stationAutomation.update({ where: { stationId: station.id }, data: policy });
    // Fixed ids, six on each side of the canary: any ten of the twelve hold both levels (random ids left one level
    // alone once in some two thousand runs).
    const candidates = Array.from({ length: 200 }, (_, n) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`);
    const onEachSide = (level: string) => candidates.filter((id) => unitLevel(policy, id) === level).slice(0, 6);
    const ids = [...onEachSide("AI_ASSIST"), ...onEachSide("SHADOW")];
    await prisma.capture.createMany({
      data: ids.map((id, i) => ({
        id,
        stationId: station.id,
        capturedAt: new Date(Date.UTC(2026, 10, 25, 8, i)),
        storageKey: `c/${i}.png`,
        contentHash: `c${i}`,
        mimeType: "image/png",
        width: 192,
        height: 192,
      })),
    });
    try {
      const response = await queue.POST(post(cookies.inspector, "/q", { count: 12 }), params);
      const { units } = (await response.json()) as { units: { id: string; level: string }[] };
      expect(units.length).toBeGreaterThanOrEqual(10);
      expect(units.map((unit) => unit.level)).toEqual(units.map((unit) => unitLevel(policy, unit.id)));
      // Both levels occur among the units served.
      expect(new Set(units.map((unit) => unit.level))).toEqual(new Set(["AI_ASSIST", "SHADOW"]));
      for (const unit of units.slice(0, 4)) {
        const body = {
          idempotencyKey: crypto.randomUUID(),
          captureId: unit.id,
          label: "ok",
          timeToDecideMs: 900,
          suggestionShown: unit.level === "AI_ASSIST",
          decidedAt: new Date().toISOString(),
        };
        expect((await verdicts.POST(post(cookies.inspector, "/v", body), params)).status).toBe(201);
        expect((await prisma.verdict.findFirstOrThrow({ where: { captureId: unit.id } })).level).toBe(unit.level);
      }
    } finally {
      await prisma.stationAutomation.update({ where: { stationId: station.id }, data: { level: "SHADOW", canaryFromLevel: null, canaryShare: 1 } });
    }
  });
});
