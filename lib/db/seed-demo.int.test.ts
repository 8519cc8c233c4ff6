import { describe, expect, it } from "vitest";
import { createStation } from "../stations/stations.ts";
import { DEMO_STATIONS, seedDemo } from "./seed-demo.ts";
import { useTestDatabase } from "./testing/test-database.ts";

describe("seedDemo", () => {
  it("creates one user per role with a password, and the demo stations, once", async () => {
    const { prisma } = await useTestDatabase();
    const credentials = await seedDemo(prisma);
    expect(credentials?.map((c) => c.role)).toEqual(["INSPECTOR", "ENGINEER", "MANAGER", "ADMIN"]);
    expect(new Set(credentials?.map((c) => c.password)).size).toBe(4);
    const users = await prisma.user.findMany({ include: { accounts: true }, orderBy: { email: "asc" } });
    expect(users.map((u) => [u.email, u.role, u.accounts[0]?.providerId])).toEqual([
      ["admin@understudy.local", "ADMIN", "credential"],
      ["engineer@understudy.local", "ENGINEER", "credential"],
      ["inspector@understudy.local", "INSPECTOR", "credential"],
      ["manager@understudy.local", "MANAGER", "credential"],
    ]);
    // Stored hashed, never as given.
    for (const user of users) expect(credentials?.map((c) => c.password)).not.toContain(user.accounts[0]?.password);
    expect(await prisma.station.count()).toBe(DEMO_STATIONS.length);
    expect(await seedDemo(prisma)).toBeNull();
    expect(await prisma.user.count()).toBe(4);
  });

  it("never runs on a database that already holds data", async () => {
    const { prisma } = await useTestDatabase();
    await createStation(prisma, { slug: "real-line", name: "Real line" });
    expect(await seedDemo(prisma)).toBeNull();
    expect(await prisma.user.count()).toBe(0);
    expect(await prisma.station.count()).toBe(1);
  });

  it("seeds once when two first starts race", async () => {
    const { prisma } = await useTestDatabase();
    const results = await Promise.all([seedDemo(prisma), seedDemo(prisma)]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await prisma.user.count()).toBe(4);
  });
});
