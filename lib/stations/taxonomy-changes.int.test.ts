import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { requestAs, sessionCookieFor } from "../../test/support/sign-in.ts";
import { requestPromotion, setCandidateModel, switchModels } from "../automation/index.ts";
import { encodePng, importFolder, LocalDiskStore } from "../captures/index.ts";
import { useAppDatabase } from "../../test/support/test-database.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { generatePhoto } from "../synth/index.ts";
import { stationForInspection } from "./station-for-inspection.ts";
import { createStation, listStations } from "./stations.ts";
import { changeDefectClass } from "./taxonomy-changes.ts";

const { prisma } = await useAppDatabase();
const route = await import("../../app/api/stations/[station]/defect-classes/route.ts");
const root = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-taxonomy-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const people = { admin: "", manager: "", engineer: "" };
const cookies = { admin: "", engineer: "" };
let knowsThree = "";
let knowsOil = "";

beforeAll(async () => {
  for (const who of ["admin", "manager", "engineer"] as const) {
    const email = `${who}@taxonomy.local`;
    people[who] = (await createAccount(prisma, { email, name: who, role: who.toUpperCase() as "ADMIN", password: "a long password" })).id;
    if (who !== "manager") cookies[who] = await sessionCookieFor(email, "a long password");
  }
  const model = (version: string, classes: string[]) =>
    prisma.modelVersion.create({ data: { version, classes, inputSize: 64, thresholds: {}, artifactPath: `/models/${version}` }, select: { id: true } });
  knowsThree = (await model("knows-three", ["scratch", "crack", "dent"])).id;
  knowsOil = (await model("knows-oil", ["scratch", "crack", "dent", "oil"])).id;
});

const admin = () => ({ kind: "USER" as const, id: people.admin });
const manager = () => ({ id: people.manager, role: "MANAGER" as const });

async function stationAt(slug: string, level: AutomationLevel, activeModelId: string | null = knowsThree): Promise<string> {
  const { id } = await createStation(prisma, { slug, name: slug });
  const aDayAgo = new Date(Date.now() - 86_400_000);
  await prisma.stationAutomation.update({
    where: { stationId: id },
    data: { level, activeModelId, evidenceSince: aDayAgo, evidenceSinceReason: "v1 became active" },
  });
  return id;
}

const evidenceOf = async (stationId: string) =>
  prisma.stationAutomation.findUniqueOrThrow({ where: { stationId }, select: { evidenceSince: true, evidenceSinceReason: true } });
const trail = (stationId: string) =>
  prisma.auditEvent.findMany({
    where: { stationId, action: { startsWith: "DEFECT_CLASS_" } },
    orderBy: { createdAt: "asc" },
    select: { action: true, actorId: true, reason: true },
  });
const labelsAt = async (slug: string) => (await stationForInspection(prisma, slug))?.labels.map((label) => `${label.key}=${label.label}`);

describe("changing a station's defect classes", () => {
  it("adds a class inspectors see at once, audited, and the evidence starts afresh", async () => {
    const id = await stationAt("tax-add", "SHADOW");
    const before = await evidenceOf(id);
    const result = await changeDefectClass(prisma, "tax-add", { kind: "add", label: "Oil smudge" }, admin(), "the new line shows oil");
    expect(result).toMatchObject({ ok: true, key: "oil-smudge" });
    expect(await labelsAt("tax-add")).toEqual(["ok=OK", "scratch=Scratch", "crack=Crack", "dent=Dent", "oil-smudge=Oil smudge"]);
    const after = await evidenceOf(id);
    expect(after.evidenceSince.getTime()).toBeGreaterThan(before.evidenceSince.getTime());
    expect(after.evidenceSinceReason).toBe('defect class "Oil smudge" added');
    expect(await trail(id)).toEqual([
      { action: "DEFECT_CLASS_ADDED", actorId: people.admin, reason: '"Oil smudge" (oil-smudge) added: the new line shows oil' },
    ]);
    // The same class twice, "ok", and a name without letters are refused with the reason.
    expect(await changeDefectClass(prisma, "tax-add", { kind: "add", label: "oil smudge" }, admin(), "again")).toMatchObject({
      ok: false,
      kind: "conflict",
      detail: 'The station already has "Oil smudge".',
    });
    expect(await changeDefectClass(prisma, "tax-add", { kind: "add", label: "OK" }, admin(), "why")).toMatchObject({ ok: false, kind: "invalid" });
    expect(await changeDefectClass(prisma, "tax-add", { kind: "add", label: "!!" }, admin(), "why")).toMatchObject({ ok: false, kind: "invalid" });
  });

  it("renames a class keeping its key, its verdicts and the evidence", async () => {
    const id = await stationAt("tax-rename", "SHADOW");
    const before = await evidenceOf(id);
    expect(
      await changeDefectClass(prisma, "tax-rename", { kind: "rename", key: "dent", label: "Bent frame" }, admin(), "what the line calls it"),
    ).toMatchObject({ ok: true, key: "dent" });
    expect(await labelsAt("tax-rename")).toContain("dent=Bent frame");
    expect(await evidenceOf(id)).toEqual(before);
    expect((await trail(id)).map((event) => event.action)).toEqual(["DEFECT_CLASS_RENAMED"]);
    // A renamed class's new name is taken: neither a new class nor another rename may reuse it.
    expect(await changeDefectClass(prisma, "tax-rename", { kind: "add", label: "bent  frame" }, admin(), "again")).toMatchObject({
      ok: false,
      kind: "conflict",
      detail: 'The station already has "Bent frame".',
    });
    expect(await changeDefectClass(prisma, "tax-rename", { kind: "rename", key: "crack", label: "Bent Frame" }, admin(), "again")).toMatchObject({
      ok: false,
      kind: "conflict",
    });
  });

  it("retires a class: new verdicts and imports cannot use it, its verdicts stay, and it can be restored", async () => {
    const id = await stationAt("tax-retire", "SHADOW");
    expect(await changeDefectClass(prisma, "tax-retire", { kind: "retire", key: "crack" }, admin(), "cracks go to another station")).toMatchObject({
      ok: true,
    });
    expect(await labelsAt("tax-retire")).toEqual(["ok=OK", "scratch=Scratch", "dent=Dent"]);
    expect((await evidenceOf(id)).evidenceSinceReason).toBe('defect class "Crack" retired');
    expect((await listStations(prisma)).find((s) => s.slug === "tax-retire")?.defectClasses).toContainEqual({ key: "crack", label: "Crack", retired: true });

    const folder = fs.mkdtempSync(path.join(root, "import-"));
    const photo = generatePhoto(7, { label: "crack", size: 64 });
    fs.writeFileSync(path.join(folder, "c.png"), encodePng(photo.width, photo.height, photo.rgba));
    fs.writeFileSync(path.join(folder, "labels.csv"), "c.png,defect,crack\n");
    const imported = await importFolder(prisma, new LocalDiskStore(path.join(root, "store")), folder, "tax-retire");
    expect(imported.problems).toEqual([{ line: 1, message: 'defect type "crack" is retired at this station' }]);

    expect(await changeDefectClass(prisma, "tax-retire", { kind: "restore", key: "crack" }, admin(), "back after all")).toMatchObject({ ok: true });
    expect(await labelsAt("tax-retire")).toContain("crack=Crack");
    expect((await trail(id)).map((event) => event.action)).toEqual(["DEFECT_CLASS_RETIRED", "DEFECT_CLASS_RESTORED"]);
  });

  it("keeps at least one class in use", async () => {
    await createStation(prisma, { slug: "tax-last", name: "Last", defectClasses: [{ key: "scratch", label: "Scratch" }] });
    expect(await changeDefectClass(prisma, "tax-last", { kind: "retire", key: "scratch" }, admin(), "why not")).toMatchObject({
      ok: false,
      kind: "conflict",
      reason: "last-class",
    });
  });

  it("refuses a class the active model does not know while it decides units alone", async () => {
    await stationAt("tax-full", "FULL");
    const refused = await changeDefectClass(prisma, "tax-full", { kind: "add", label: "Oil" }, admin(), "new defect");
    expect(refused).toMatchObject({ ok: false, kind: "conflict", reason: "model-does-not-know" });
    expect(refused.ok ? "" : refused.detail).toContain("Model knows-three does not know the station's defect class 'oil'");
    expect(await labelsAt("tax-full")).not.toContain("oil=Oil");
    // A model that knows it: the class may be added at any level.
    await stationAt("tax-full-oil", "FULL", knowsOil);
    expect(await changeDefectClass(prisma, "tax-full-oil", { kind: "add", label: "Oil" }, admin(), "new defect")).toMatchObject({ ok: true });
  });

  it("a station only runs, and climbs with, a model that knows every class it uses", async () => {
    const id = await stationAt("tax-cover", "SHADOW");
    await changeDefectClass(prisma, "tax-cover", { kind: "add", label: "Oil" }, admin(), "new defect");
    const gap = "Model knows-three does not know the station's defect class 'oil': train a model on photos of it first.";
    expect((await listStations(prisma)).find((s) => s.slug === "tax-cover")?.modelGap).toBe(gap);
    expect(await requestPromotion(prisma, "tax-cover", manager(), { toLevel: "AI_ASSIST", reason: "ready", canarySteps: null })).toEqual({
      ok: false,
      kind: "invalid",
      reason: "classes-not-covered",
      detail: gap,
    });
    // A model that lacks the class cannot become the candidate; one that knows it can, and then the active one.
    await prisma.stationAutomation.update({ where: { stationId: id }, data: { activeModelId: knowsOil } });
    expect(await setCandidateModel(prisma, "tax-cover", manager(), "knows-three", "compare")).toMatchObject({
      ok: false,
      reason: "classes-not-covered",
      detail: gap,
    });
    await prisma.stationAutomation.update({ where: { stationId: id }, data: { activeModelId: knowsThree, candidateModelId: knowsOil } });
    expect(await switchModels(prisma, "tax-cover", manager(), "knows oil")).toMatchObject({ ok: true, active: "knows-oil" });
    // Retiring the class lifts the gap for the model that lacked it.
    await changeDefectClass(prisma, "tax-cover", { kind: "retire", key: "oil" }, admin(), "gone");
    expect(await setCandidateModel(prisma, "tax-cover", manager(), "knows-three", "compare")).toMatchObject({ ok: true });
    // Switching to a candidate that lacks a class is refused too.
    await changeDefectClass(prisma, "tax-cover", { kind: "restore", key: "oil" }, admin(), "back");
    expect(await switchModels(prisma, "tax-cover", manager(), "back")).toMatchObject({ ok: false, reason: "classes-not-covered" });
  });

  it("is an admin's change over the API, refused to others", async () => {
    await stationAt("tax-api", "SHADOW");
    const post = (cookie: string, body: unknown) =>
      route.POST(requestAs(cookie, "/api/stations/tax-api/defect-classes", { method: "POST", body: JSON.stringify(body) }), {
        params: Promise.resolve({ station: "tax-api" }),
      });
    const add = { change: { kind: "add", label: "Stain" }, reason: "seen on the line" };
    expect((await post(cookies.engineer, add)).status).toBe(403);
    const response = await post(cookies.admin, add);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ key: "stain" });
    const unknown = await post(cookies.admin, { change: { kind: "retire", key: "bubble" }, reason: "why" });
    expect(unknown.status).toBe(404);
  });
});
