import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { modelDecidedUnitsInBulk, modelVersion } from "../../test/support/evidence-factory.ts";
import { createStation } from "../stations/index.ts";
import { stationGateReport } from "./evidence.ts";
import { recordEscape } from "./escapes.ts";
import { reviewStation } from "./ladder.ts";
import { setEscapeGate } from "./set-escape-gate.ts";
import { workSettled } from "../background/index.ts";

const { prisma } = await useTestDatabase();
const people = { manager: "", engineer: "" };
let stationId = "";
let passed: string[] = [];
const FOUND_AT = new Date(Date.now() - 3_600_000).toISOString();

beforeAll(async () => {
  people.manager = (await createAccount(prisma, { email: "m@t.local", name: "Max", role: "MANAGER", password: "a long password" })).id;
  people.engineer = (await createAccount(prisma, { email: "e@t.local", name: "Eve", role: "ENGINEER", password: "a long password" })).id;
  stationId = (await createStation(prisma, { slug: "gate-line", name: "Gate line" })).id;
  const modelVersionId = (await modelVersion(prisma, "m-gate")).id;
  await prisma.stationAutomation.update({ where: { stationId }, data: { level: "FULL", activeModelId: modelVersionId } });
  passed = await modelDecidedUnitsInBulk(prisma, {
    stationId,
    modelVersionId,
    level: "FULL",
    decidedAt: new Date(Date.now() - 86_400_000),
    model: "ok",
    defectScore: 0.02,
    count: 150,
  });
  await modelDecidedUnitsInBulk(prisma, {
    stationId,
    modelVersionId,
    level: "FULL",
    decidedAt: new Date(Date.now() - 86_400_000),
    model: "scratch",
    defectScore: 0.97,
    count: 50,
  });
});

const state = () => prisma.stationAutomation.findUniqueOrThrow({ where: { stationId } });
const escapeGateIn = async () => (await stationGateReport(prisma, await state(), "FULL")).report.gates.find((gate) => gate.id === "escapes");

describe("the escape gate", () => {
  it("is set by a manager, in the trail, and refused to others", async () => {
    expect(
      await setEscapeGate(prisma, "gate-line", { id: people.engineer, role: "ENGINEER" }, { perMillion: 5000, units: 400 }, "returns are up"),
    ).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await escapeGateIn()).toBeUndefined();
    expect(await setEscapeGate(prisma, "gate-line", { id: people.manager, role: "MANAGER" }, { perMillion: 5000, units: 400 }, "returns are up")).toEqual({
      ok: true,
      gate: { perMillion: 5000, units: 400 },
    });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { stationId, action: "ESCAPE_GATE_SET" } });
    expect(event).toMatchObject({ actorId: people.manager, reason: "returns are up", evidence: { gate: { perMillion: 5000, units: 400 }, previous: null } });
  });

  it("waits for a whole window of the model's decided units, and so blocks promotion to FULL", async () => {
    const gate = await escapeGateIn();
    expect(gate).toMatchObject({ status: "undecided", value: 0 });
    expect(gate?.note).toContain(
      "the model has decided 200 units alone; the gate counts a whole window of 400, and 0 of the 2 escapes it allows were found so far",
    );
    expect(await reviewStation(prisma, stationId)).toEqual({ action: "none" });
  });

  it("passes a whole window within the allowance, counting only defects found among the units the model passed", async () => {
    await setEscapeGate(prisma, "gate-line", { id: people.manager, role: "MANAGER" }, { perMillion: 5000, units: 200 }, "a window we have");
    const reporter = { userId: people.engineer, tokenId: null };
    await recordEscape(
      prisma,
      { id: stationId },
      { unit: passed[0], found: "scratch", foundAt: FOUND_AT, where: "customer return", note: "", idempotencyKey: "gate-esc-1" },
      reporter,
    );
    await workSettled(prisma, stationId, "review");
    expect(await escapeGateIn()).toMatchObject({ status: "pass", value: 1 / 200 });
    expect(await prisma.stationAutomation.findUniqueOrThrow({ where: { stationId }, select: { level: true } })).toEqual({ level: "FULL" });
  });

  it("demotes a station at FULL once more escapes are found than the window allows", async () => {
    const reporter = { userId: people.engineer, tokenId: null };
    await recordEscape(
      prisma,
      { id: stationId },
      { unit: passed[1], found: "dent", foundAt: FOUND_AT, where: "end-of-line test", note: "", idempotencyKey: "gate-esc-2" },
      reporter,
    );
    // The escape is evidence: its review, requested before recordEscape returned, demotes the station.
    await workSettled(prisma, stationId, "review");
    expect(await prisma.stationAutomation.findUniqueOrThrow({ where: { stationId }, select: { level: true } })).toEqual({ level: "PARTIAL" });
    expect(await escapeGateIn()).toMatchObject({ status: "fail", value: 2 / 200 });
    const demoted = await prisma.auditEvent.findFirstOrThrow({ where: { stationId, action: "LEVEL_DEMOTED" } });
    expect(demoted.reason).toContain(
      "Defects found downstream, over the model's last 200 decided units: 10000 per million (target <= 5000 per million, fails)",
    );
  });

  it("is no longer required once the manager says so", async () => {
    await prisma.stationAutomation.update({ where: { stationId }, data: { level: "FULL" } });
    expect(await setEscapeGate(prisma, "gate-line", { id: people.manager, role: "MANAGER" }, null, "the returns were a bad batch")).toEqual({
      ok: true,
      gate: null,
    });
    expect(await escapeGateIn()).toBeUndefined();
  });
});
