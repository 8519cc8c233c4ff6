import { describe, expect, it } from "vitest";
import { createAccount } from "../auth/accounts.ts";
import { useTestDatabase } from "../db/testing/test-database.ts";
import { createStation } from "../stations/stations.ts";
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
