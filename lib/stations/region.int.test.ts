import { describe, expect, it } from "vitest";
import { auditEvents } from "../automation/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { regionSetting, setInspectionRegion } from "./region.ts";
import { stationForInspection } from "./station-for-inspection.ts";
import { createStation } from "./stations.ts";

const { prisma } = await useTestDatabase();
const engineer = { id: "engineer-1", role: "ENGINEER" as const };
const fixture = { left: 0.2, top: 0.1, width: 0.6, height: 0.8 };

describe("a station's region of interest", () => {
  it("is set by an engineer or admin, audited with the one it replaces, and starts the evidence afresh", async () => {
    await prisma.user.create({ data: { id: engineer.id, email: "e@t.local", name: "Eve", role: "ENGINEER" } });
    const { id: stationId } = await createStation(prisma, { slug: "framed", name: "Framed" });
    expect(await setInspectionRegion(prisma, "framed", { id: "i", role: "INSPECTOR" }, fixture, "the fixture")).toMatchObject({
      ok: false,
      kind: "forbidden",
    });
    expect(await setInspectionRegion(prisma, "nowhere", engineer, fixture, "the fixture")).toMatchObject({ ok: false, kind: "not-found" });
    expect((await stationForInspection(prisma, "framed"))?.region).toBeNull();

    const before = (await prisma.stationAutomation.findUniqueOrThrow({ where: { stationId } })).evidenceSince;
    const set = await setInspectionRegion(prisma, "framed", engineer, fixture, "the phone sits in the new fixture");
    expect(set).toMatchObject({ ok: true, region: fixture });
    expect((await stationForInspection(prisma, "framed"))?.region).toEqual(fixture);
    const automation = await prisma.stationAutomation.findUniqueOrThrow({ where: { stationId } });
    expect(automation.evidenceSince.getTime()).toBeGreaterThan(before.getTime());
    expect(automation.evidenceSinceReason).toBe("region of interest set to left 20%, top 10%, 60% × 80% of the photo");

    // The same region again is refused, and writes nothing.
    expect(await setInspectionRegion(prisma, "framed", engineer, { ...fixture }, "again")).toMatchObject({ ok: false, reason: "unchanged" });
    const events = await auditEvents(prisma, { action: "INSPECTION_REGION_SET" });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ station: "Framed", evidence: { region: fixture, previous: null } });
    expect(events[0]?.reason).toContain("the phone sits in the new fixture");

    // Cleared: the whole photo again.
    expect(await setInspectionRegion(prisma, "framed", engineer, null, "the fixture is gone")).toMatchObject({ ok: true, region: null });
    expect((await stationForInspection(prisma, "framed"))?.region).toBeNull();
    expect((await auditEvents(prisma, { action: "INSPECTION_REGION_SET" }))[0]).toMatchObject({ evidence: { region: null, previous: fixture } });
  });

  it("cannot change while the model decides units alone", async () => {
    const { id: stationId } = await createStation(prisma, { slug: "alone", name: "Alone" });
    const model = await prisma.modelVersion.create({
      data: { version: "vr", artifactPath: "/models/vr", classes: ["scratch", "crack", "dent"], inputSize: 64, thresholds: {} },
    });
    for (const level of ["PARTIAL", "FULL"] as const) {
      await prisma.stationAutomation.update({ where: { stationId }, data: { level, activeModelId: model.id } });
      expect(await setInspectionRegion(prisma, "alone", engineer, fixture, "the fixture")).toMatchObject({ ok: false, reason: "model-decides" });
    }
    await prisma.stationAutomation.update({ where: { stationId }, data: { level: "AI_ASSIST" } });
    expect(await setInspectionRegion(prisma, "alone", engineer, fixture, "the fixture")).toMatchObject({ ok: true });
  });

  it("is drawn on the newest photo still in the store", async () => {
    const { id: stationId } = await createStation(prisma, { slug: "drawn", name: "Drawn" });
    expect(await regionSetting(prisma, stationId)).toEqual({ current: null, photo: null });
    const capture = (minutesAgo: number, removed: boolean) =>
      prisma.capture.create({
        data: {
          stationId,
          capturedAt: new Date(Date.now() - minutesAgo * 60_000),
          storageKey: `k/${minutesAgo}`,
          contentHash: `h${minutesAgo}`,
          mimeType: "image/png",
          width: 1920,
          height: 1080,
          photoRemovedAt: removed ? new Date() : null,
        },
      });
    const kept = await capture(10, false);
    await capture(1, true);
    await prisma.station.update({ where: { id: stationId }, data: { inspectionRegion: fixture } });
    expect(await regionSetting(prisma, stationId)).toEqual({
      current: fixture,
      photo: { url: `/api/captures/${kept.id}/image`, width: 1920, height: 1080 },
    });
  });
});
