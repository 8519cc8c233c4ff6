import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { leaseNextUnits } from "../captures/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { createStation } from "../stations/index.ts";
import { recordVerdict, type VerdictInput } from "./verdicts.ts";

const { prisma } = await useTestDatabase();
let stationId = "";
let ines = "";
let ivo = "";
const units: string[] = [];

beforeAll(async () => {
  stationId = (await createStation(prisma, { slug: "line-1", name: "Line 1" })).id;
  await createStation(prisma, { slug: "line-2", name: "Line 2" });
  await prisma.stationAutomation.update({ where: { stationId }, data: { level: "SHADOW" } });
  ines = (await createAccount(prisma, { email: "ines@t.local", name: "Ines", role: "INSPECTOR", password: "a long password" })).id;
  ivo = (await createAccount(prisma, { email: "ivo@t.local", name: "Ivo", role: "INSPECTOR", password: "a long password" })).id;
  for (let i = 0; i < 6; i++) {
    const capture = await prisma.capture.create({
      data: {
        stationId,
        capturedAt: new Date(Date.UTC(2026, 10, 24, 8, i)),
        storageKey: `k/${i}.png`,
        contentHash: `h${i}`,
        mimeType: "image/png",
        width: 192,
        height: 192,
      },
    });
    units.push(capture.id);
  }
  // Handed to Ines by the queue, as every unit an inspector judges is.
  await prisma.capture.updateMany({ where: { id: { in: units } }, data: { leaseUserId: ines, leaseExpiresAt: new Date(Date.now() + 600_000) } });
});

const verdict = (captureId: string, label = "scratch", key = crypto.randomUUID()): VerdictInput => ({
  idempotencyKey: key,
  captureId,
  label,
  timeToDecideMs: 850,
  suggestionShown: false,
  revisedFrom: null,
  decidedAt: "2026-11-24T09:00:00.000Z",
});

describe("recordVerdict", () => {
  it("stores a verdict once, at the station's level, and a retry gets the original back", async () => {
    const input = verdict(units[0] as string);
    const first = await recordVerdict(prisma, "line-1", ines, input);
    expect(first).toMatchObject({ ok: true, isReplay: false, verdict: { label: "scratch", level: "SHADOW" } });
    const retries = await Promise.all([1, 2, 3].map(() => recordVerdict(prisma, "line-1", ines, input)));
    for (const retry of retries) expect(retry).toEqual({ ...first, isReplay: true });
    expect(await prisma.verdict.count({ where: { captureId: units[0] } })).toBe(1);
    const capture = await prisma.capture.findUniqueOrThrow({ where: { id: units[0] } });
    expect(capture.decidedAt?.toISOString()).toBe("2026-11-24T09:00:00.000Z");
    const stored = await prisma.verdict.findFirstOrThrow({ where: { captureId: units[0] } });
    expect(stored).toMatchObject({ timeToDecideMs: 850, inspectorId: ines, source: "INSPECTOR" });
  });

  it("stores concurrent first deliveries of the same verdict exactly once", async () => {
    const input = verdict(units[1] as string, "ok");
    const results = await Promise.all([1, 2, 3, 4].map(() => recordVerdict(prisma, "line-1", ines, input)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && !r.isReplay)).toHaveLength(1);
    expect(await prisma.verdict.count({ where: { captureId: units[1] } })).toBe(1);
  });

  it("refuses bad verdicts with the right status and changes nothing", async () => {
    const before = await prisma.verdict.count();
    const refusal = async (slug: string, who: string, input: VerdictInput) => {
      const result = await recordVerdict(prisma, slug, who, input);
      return result.ok ? null : [result.refusal.kind, result.refusal.reason];
    };
    expect(await refusal("line-1", ines, verdict("7b0b3d2e-3c2d-4b7a-9a51-3e0f6f1f0f0f"))).toEqual(["not-found", "unknown-capture"]);
    expect(await refusal("line-2", ines, verdict(units[2] as string))).toEqual(["invalid", "wrong-station"]);
    expect(await refusal("line-1", ines, verdict(units[2] as string, "bubble"))).toEqual(["invalid", "unknown-label"]);
    const original = verdict(units[3] as string);
    expect(await refusal("line-1", ines, original)).toBeNull();
    expect(await refusal("line-1", ines, { ...original, label: "crack" })).toEqual(["conflict", "key-reused"]);
    expect(await refusal("line-1", ines, verdict(units[0] as string, "dent"))).toEqual(["conflict", "already-decided"]);
    expect(await refusal("line-1", ivo, verdict(units[0] as string, "dent"))).toEqual(["conflict", "already-decided"]);
    const leasedToIvo = await prisma.capture.create({
      data: {
        stationId,
        capturedAt: new Date(),
        storageKey: "k/ivo.png",
        contentHash: "ivo",
        mimeType: "image/png",
        width: 192,
        height: 192,
        leaseUserId: ivo,
        leaseExpiresAt: new Date(Date.now() + 600_000),
      },
    });
    expect(await refusal("line-1", ines, verdict(leasedToIvo.id))).toEqual(["conflict", "leased-to-another"]);
    expect(await refusal("line-1", ivo, verdict(units[4] as string))).toEqual(["conflict", "leased-to-another"]);
    expect(await prisma.verdict.count()).toBe(before + 1);
  });

  it("needs the inspector's lease: none on a unit nobody handed them, even two at once; an expired lease nobody took since still counts", async () => {
    const [free, lapsed, retaken] = await Promise.all(
      [0, 1, 2].map((i) =>
        prisma.capture.create({
          data: {
            stationId,
            capturedAt: new Date(Date.UTC(2026, 10, 24, 7, i)),
            storageKey: `l/${i}.png`,
            contentHash: `l${i}`,
            mimeType: "image/png",
            width: 192,
            height: 192,
          },
        }),
      ),
    );
    const both = await Promise.all([recordVerdict(prisma, "line-1", ines, verdict(free!.id)), recordVerdict(prisma, "line-1", ivo, verdict(free!.id, "ok"))]);
    expect(both.map((r) => (r.ok ? "stored" : r.refusal.reason))).toEqual(["not-leased", "not-leased"]);
    // A verdict that waited in the outbox past its lease, on a unit nobody else took: kept.
    await prisma.capture.update({ where: { id: lapsed!.id }, data: { leaseUserId: ines, leaseExpiresAt: new Date(Date.now() - 60_000) } });
    expect(await recordVerdict(prisma, "line-1", ines, verdict(lapsed!.id))).toMatchObject({ ok: true });
    // One whose unit went to another inspector meanwhile: refused.
    await prisma.capture.update({ where: { id: retaken!.id }, data: { leaseUserId: ines, leaseExpiresAt: new Date(Date.now() - 60_000) } });
    await leaseNextUnits(prisma, { stationId, inspectorId: ivo, count: 10 });
    expect(await recordVerdict(prisma, "line-1", ines, verdict(retaken!.id))).toMatchObject({
      ok: false,
      refusal: { kind: "conflict", reason: "leased-to-another" },
    });
    expect(await prisma.verdict.count({ where: { captureId: { in: [free!.id, retaken!.id] } } })).toBe(0);
  });

  it("never dates a verdict in the future", async () => {
    const result = await recordVerdict(prisma, "line-1", ines, { ...verdict(units[5] as string), decidedAt: "2099-01-01T00:00:00Z" });
    expect(result.ok && result.verdict.decidedAt.getTime()).toBeLessThanOrEqual(Date.now());
  });
});
