import { describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { createStation } from "../stations/index.ts";
import { leaseNextUnits, releaseLeases } from "./queue.ts";

const { prisma } = await useTestDatabase();

async function stationWithUnits(slug: string, count: number) {
  const station = await createStation(prisma, { slug, name: slug });
  await prisma.capture.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      stationId: station.id,
      capturedAt: new Date(Date.UTC(2026, 10, 24, 8, 0, i)),
      storageKey: `${slug}/${i}.png`,
      contentHash: `${slug}-${i}`,
      mimeType: "image/png",
      width: 192,
      height: 192,
    })),
  });
  return station;
}

const inspector = (email: string) => createAccount(prisma, { email, name: email, role: "INSPECTOR", password: "a long password" });

describe("leaseNextUnits", () => {
  it("hands out the oldest units and never the same unit to two inspectors while leased", async () => {
    const station = await stationWithUnits("lease-line", 10);
    const [ines, ivo] = await Promise.all([inspector("ines@t.local"), inspector("ivo@t.local")]);
    const [a, b] = await Promise.all([
      leaseNextUnits(prisma, { stationId: station.id, inspectorId: ines.id, count: 4 }),
      leaseNextUnits(prisma, { stationId: station.id, inspectorId: ivo.id, count: 4 }),
    ]);
    expect(a).toHaveLength(4);
    expect(b).toHaveLength(4);
    expect(a.filter((unit) => b.some((other) => other.id === unit.id))).toEqual([]);
    // Asking again returns one's own leased units first, not another's.
    const again = await leaseNextUnits(prisma, { stationId: station.id, inspectorId: ines.id, count: 4 });
    expect(again.map((u) => u.id)).toEqual(a.map((u) => u.id));
    const rest = await leaseNextUnits(prisma, { stationId: station.id, inspectorId: ines.id, count: 10 });
    expect(rest).toHaveLength(6);
    // Units the client already holds are not handed back.
    const beyond = await leaseNextUnits(prisma, { stationId: station.id, inspectorId: ines.id, count: 10, excludeIds: a.map((u) => u.id) });
    expect(beyond.map((u) => u.id)).toEqual(rest.filter((u) => !a.some((held) => held.id === u.id)).map((u) => u.id));
  });

  it("returns units to the queue when a lease expires or is released, and skips decided ones", async () => {
    const station = await stationWithUnits("expiry-line", 3);
    const [ines, ivo] = await Promise.all([inspector("ines2@t.local"), inspector("ivo2@t.local")]);
    const leased = await leaseNextUnits(prisma, { stationId: station.id, inspectorId: ines.id, count: 3, leaseSeconds: 0.2 });
    expect(await leaseNextUnits(prisma, { stationId: station.id, inspectorId: ivo.id, count: 3 })).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await prisma.capture.update({ where: { id: leased[0]?.id }, data: { decidedAt: new Date() } });
    const taken = await leaseNextUnits(prisma, { stationId: station.id, inspectorId: ivo.id, count: 3 });
    expect(taken.map((u) => u.id)).toEqual(leased.slice(1).map((u) => u.id));
    expect(await releaseLeases(prisma, station.id, ivo.id)).toBe(2);
    expect(await leaseNextUnits(prisma, { stationId: station.id, inspectorId: ines.id, count: 3 })).toHaveLength(2);
  });

  it("stays within its station", async () => {
    const one = await stationWithUnits("line-a", 2);
    await stationWithUnits("line-b", 2);
    const who = await inspector("x@t.local");
    const units = await leaseNextUnits(prisma, { stationId: one.id, inspectorId: who.id, count: 10 });
    const stations = await prisma.capture.findMany({ where: { id: { in: units.map((u) => u.id) } }, select: { stationId: true } });
    expect(stations.every((s) => s.stationId === one.id)).toBe(true);
    expect(units).toHaveLength(2);
  });
});

describe("the cap on units in hand", () => {
  it("never gives one inspector more than the cap they have not judged, however often they ask, and leaves the rest to the next", async () => {
    const station = await stationWithUnits("hoard-line", 59);
    const [hoarder, next] = await Promise.all([inspector("hoarder@t.local"), inspector("next@t.local")]);
    const held: string[] = [];
    for (let call = 0; call < 6; call++) {
      const units = await leaseNextUnits(prisma, { stationId: station.id, inspectorId: hoarder.id, count: 20, excludeIds: held, cap: 10 });
      held.push(...units.map((u) => u.id));
    }
    expect(held).toHaveLength(10);
    expect(await leaseNextUnits(prisma, { stationId: station.id, inspectorId: next.id, count: 20, cap: 10 })).toHaveLength(10);
  });

  it("does not count judged units waiting out the undo window, up to three times the cap in all", async () => {
    const station = await stationWithUnits("rhythm-line", 80);
    const fast = await inspector("fast@t.local");
    const first = await leaseNextUnits(prisma, { stationId: station.id, inspectorId: fast.id, count: 5, cap: 10 });
    // Judged all five (their verdicts wait in the outbox): five more come, and so on while the judged ones are said to be judged.
    const judged = first.map((u) => u.id);
    const second = await leaseNextUnits(prisma, { stationId: station.id, inspectorId: fast.id, count: 10, excludeIds: judged, judgedIds: judged, cap: 10 });
    expect(second).toHaveLength(10);
    // A client that calls everything judged still stops at three times the cap.
    const all = [...judged, ...second.map((u) => u.id)];
    const liar: string[] = [...all];
    for (let call = 0; call < 5; call++) {
      const units = await leaseNextUnits(prisma, { stationId: station.id, inspectorId: fast.id, count: 20, excludeIds: liar, judgedIds: liar, cap: 10 });
      liar.push(...units.map((u) => u.id));
    }
    expect(liar).toHaveLength(30);
    // Decided units free their places.
    await prisma.capture.updateMany({ where: { id: { in: liar.slice(0, 10) } }, data: { decidedAt: new Date(), leaseUserId: null, leaseExpiresAt: null } });
    expect(await leaseNextUnits(prisma, { stationId: station.id, inspectorId: fast.id, count: 20, excludeIds: liar, judgedIds: liar, cap: 10 })).toHaveLength(
      10,
    );
  });

  it("hands released units back to the queue before leasing, only the caller's own", async () => {
    const station = await stationWithUnits("release-line", 12);
    const [ada, bea] = await Promise.all([inspector("ada@t.local"), inspector("bea@t.local")]);
    const mine = await leaseNextUnits(prisma, { stationId: station.id, inspectorId: ada.id, count: 10, cap: 10 });
    const theirs = await leaseNextUnits(prisma, { stationId: station.id, inspectorId: bea.id, count: 10, cap: 10 });
    expect([mine.length, theirs.length]).toEqual([10, 2]);
    // Bea cannot hand back Ada's units; Ada hands back four and takes none of them again.
    await leaseNextUnits(prisma, {
      stationId: station.id,
      inspectorId: bea.id,
      count: 0,
      excludeIds: theirs.map((u) => u.id),
      releaseIds: mine.map((u) => u.id),
      cap: 10,
    });
    expect(await prisma.capture.count({ where: { stationId: station.id, leaseUserId: ada.id } })).toBe(10);
    const handedBack = mine.slice(0, 4).map((u) => u.id);
    const after = await leaseNextUnits(prisma, {
      stationId: station.id,
      inspectorId: ada.id,
      count: 10,
      excludeIds: mine.map((u) => u.id),
      releaseIds: handedBack,
      cap: 10,
    });
    expect(after).toEqual([]);
    expect(await leaseNextUnits(prisma, { stationId: station.id, inspectorId: bea.id, count: 10, excludeIds: theirs.map((u) => u.id), cap: 10 })).toHaveLength(
      4,
    );
  });

  it("reads UNDERSTUDY_LEASE_CAP, 10 by default", async () => {
    const { leaseCap } = await import("./queue.ts");
    expect([
      leaseCap({}),
      leaseCap({ UNDERSTUDY_LEASE_CAP: "25" }),
      leaseCap({ UNDERSTUDY_LEASE_CAP: "none" }),
      leaseCap({ UNDERSTUDY_LEASE_CAP: "0" }),
    ]).toEqual([10, 25, 10, 10]);
  });
});
