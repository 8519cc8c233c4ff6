import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { judgedUnit, modelVersion } from "../../test/support/evidence-factory.ts";
import { createStation } from "../stations/index.ts";
import { ADJUDICATION_UNDO_MS, adjudicate, undoAdjudication } from "./adjudicate.ts";
import { adjudicatorDisagreements } from "./adjudicator-disagreements.ts";

const { prisma } = await useTestDatabase();
let stationId = "";
let emil = "";
let erin = "";
let modelId = "";

beforeAll(async () => {
  stationId = (await createStation(prisma, { slug: "review-line", name: "Review line" })).id;
  emil = (await createAccount(prisma, { email: "emil@adj.local", name: "Emil", role: "ENGINEER", password: "a long password" })).id;
  erin = (await createAccount(prisma, { email: "erin@adj.local", name: "Erin", role: "ENGINEER", password: "a long password" })).id;
  modelId = (await modelVersion(prisma, "v1")).id;
});

const disputedUnit = () =>
  judgedUnit(prisma, {
    stationId,
    inspectorId: emil,
    human: "ok",
    model: "dent",
    defectScore: 0.9,
    confidence: 0.9,
    brightness: 0.4,
    timeToDecideMs: 900,
    decidedAt: new Date(),
    level: "SHADOW",
    modelVersionId: modelId,
  });

describe("versioned adjudications", () => {
  it("keeps both opinions when a second engineer disagrees; the newest is the truth, and the dispute is listed", async () => {
    const { captureId } = await disputedUnit();
    expect(await adjudicate(prisma, emil, { captureId, truth: "ok", note: "looks clean" })).toEqual({ ok: true, truth: "ok" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await adjudicate(prisma, erin, { captureId, truth: "dent", note: "dent at the lower edge under the lamp" })).toEqual({ ok: true, truth: "dent" });

    const rows = await prisma.adjudication.findMany({ where: { captureId }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.truth, r.adjudicatorId, r.note])).toEqual([
      ["ok", emil, "looks clean"],
      ["dent", erin, "dent at the lower edge under the lamp"],
    ]);
    const comparison = await prisma.comparison.findFirstOrThrow({ where: { captureId } });
    expect(comparison.truth).toBe("dent");

    const disputes = await adjudicatorDisagreements(prisma, { stationId });
    expect(disputes).toHaveLength(1);
    expect(disputes[0]).toMatchObject({ captureId, stationName: "Review line" });
    expect(disputes[0]?.opinions.map((o) => [o.truth, o.adjudicator])).toEqual([
      ["ok", "Emil"],
      ["dent", "Erin"],
    ]);
  });

  it("does not list units whose adjudicators agree, and refuses to change an opinion once given", async () => {
    const { captureId } = await disputedUnit();
    await adjudicate(prisma, emil, { captureId, truth: "dent", note: "" });
    await adjudicate(prisma, erin, { captureId, truth: "dent", note: "agreed" });
    expect((await adjudicatorDisagreements(prisma, { stationId })).map((d) => d.captureId)).not.toContain(captureId);
    await expect(prisma.adjudication.updateMany({ where: { captureId }, data: { truth: "ok" } })).rejects.toThrow(/versioned/);
  });

  it("gives a unit that already has a second opinion one comparison, with the newest truth, when its verdict arrives later", async () => {
    const capture = await prisma.capture.create({
      data: { stationId, capturedAt: new Date(), storageKey: "late/1.png", contentHash: "late1", mimeType: "image/png", width: 64, height: 64 },
    });
    await prisma.adjudication.create({ data: { captureId: capture.id, truth: "ok", adjudicatorId: emil, createdAt: new Date(Date.now() - 60_000) } });
    await prisma.adjudication.create({ data: { captureId: capture.id, truth: "scratch", adjudicatorId: erin } });
    await prisma.prediction.create({
      data: {
        captureId: capture.id,
        stationId,
        modelVersionId: modelId,
        modelRole: "ACTIVE",
        level: "SHADOW",
        scores: {},
        decision: "scratch",
        confidence: 0.9,
        defectScore: 0.9,
        latencyMs: 5,
        backend: "cpu",
        brightness: 0.4,
        contrast: 0.1,
        sharpness: 0.05,
        meanRed: 0.3,
        meanGreen: 0.3,
        meanBlue: 0.3,
        idempotencyKey: "late-1-p",
      },
    });
    await prisma.verdict.create({
      data: { captureId: capture.id, stationId, inspectorId: emil, label: "ok", level: "SHADOW", decidedAt: new Date(), idempotencyKey: "late-1-v" },
    });
    expect(await prisma.comparison.findMany({ where: { captureId: capture.id }, select: { truth: true } })).toEqual([{ truth: "scratch" }]);
  });

  it("undoes an engineer's own latest settling within ten minutes: the truth and the comparisons go back", async () => {
    const { captureId } = await disputedUnit();
    await adjudicate(prisma, emil, { captureId, truth: "ok", note: "" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await adjudicate(prisma, erin, { captureId, truth: "dent", note: "misclick" });
    // Not Emil's to take back: the latest is Erin's.
    expect(await undoAdjudication(prisma, emil, captureId)).toMatchObject({ ok: false, kind: "conflict" });
    expect(await undoAdjudication(prisma, erin, captureId)).toEqual({ ok: true, truth: "ok" });
    expect((await prisma.comparison.findFirstOrThrow({ where: { captureId } })).truth).toBe("ok");
    // Emil's, now the latest: back to unsettled.
    expect(await undoAdjudication(prisma, emil, captureId)).toEqual({ ok: true, truth: null });
    expect((await prisma.comparison.findFirstOrThrow({ where: { captureId } })).truth).toBeNull();
    expect(await undoAdjudication(prisma, emil, captureId)).toMatchObject({ ok: false, kind: "not-found" });
  });

  it("keeps a settling older than the undo window: a change of mind is a new opinion", async () => {
    const { captureId } = await disputedUnit();
    await adjudicate(prisma, emil, { captureId, truth: "dent", note: "" });
    const later = new Date(Date.now() + ADJUDICATION_UNDO_MS + 1000);
    expect(await undoAdjudication(prisma, emil, captureId, later)).toMatchObject({
      ok: false,
      kind: "conflict",
      detail: expect.stringContaining("10 minutes"),
    });
    expect(await prisma.adjudication.count({ where: { captureId } })).toBe(1);
  });
});
