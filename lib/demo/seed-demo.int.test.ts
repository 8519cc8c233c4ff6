import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalDiskStore } from "../captures/index.ts";
import type { ModelMetadata } from "../model/index.ts";
import { createStation } from "../stations/index.ts";
import { DEMO_STATIONS, seedDemo } from "./seed-demo.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";

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

describe("seedDemo with models and units", () => {
  it("registers the shipped models, runs the newest on every station at one station per level, and queues units", async () => {
    const { prisma } = await useTestDatabase();
    const store = new LocalDiskStore(fs.mkdtempSync(path.join(os.tmpdir(), "understudy-seed-")));
    const model = (version: string): ModelMetadata =>
      ({
        version,
        createdAt: "2026-11-24T00:00:00Z",
        classes: ["scratch", "crack", "dent"],
        inputSize: 64,
        thresholds: { decision: 0.5, autoOk: 0.1, autoDefect: 0.9 },
      }) as ModelMetadata;
    await seedDemo(prisma, { store, unitsPerStation: 3, models: [model("v2"), model("v1")] });
    expect((await prisma.modelVersion.findMany({ orderBy: { version: "asc" } })).map((m) => m.version)).toEqual(["v1", "v2"]);
    const automation = await prisma.stationAutomation.findMany({
      include: { activeModel: true, station: { include: { eras: true } } },
      orderBy: { station: { slug: "asc" } },
    });
    expect(automation.map((a) => [a.station.slug, a.level, a.activeModel?.version])).toEqual([
      ["line-1-back-glass", "SHADOW", "v2"],
      ["line-1-screen", "SHADOW", "v2"],
      ["line-2-back-glass", "SHADOW", "v2"],
      ["line-2-screen", "AI_ASSIST", "v2"],
      ["line-4-back-glass", "PARTIAL", "v2"],
    ]);
    // The open era is the station's level: the present and its record agree.
    expect(automation.map((a) => a.station.eras.filter((era) => era.endedAt === null).map((era) => era.level))).toEqual(automation.map((a) => [a.level]));
    const captures = await prisma.capture.findMany();
    expect(captures).toHaveLength(3 * DEMO_STATIONS.length);
    expect(captures.every((c) => c.decidedAt === null && c.mimeType === "image/png" && c.width === 192)).toBe(true);
    expect(await store.get(captures[0]?.storageKey ?? "")).not.toBeNull();
    expect(await prisma.auditEvent.count({ where: { action: "DEMO_SETUP" } })).toBe(DEMO_STATIONS.length);
  });

  it("fills each queue like a line: the station's own surface, and a few defects spread through it", async () => {
    const { prisma } = await useTestDatabase();
    const store = new LocalDiskStore(fs.mkdtempSync(path.join(os.tmpdir(), "understudy-seed-")));
    await seedDemo(prisma, { store, unitsPerStation: 100 });
    const captures = await prisma.capture.findMany({ include: { station: { select: { slug: true } } }, orderBy: { capturedAt: "asc" } });
    const synthetic = (c: (typeof captures)[number]) => (c.metadata as { synthetic: { truth: string; surface: string } }).synthetic;
    for (const station of DEMO_STATIONS) {
      const queue = captures.filter((c) => c.station.slug === station.slug).map(synthetic);
      expect(new Set(queue.map((unit) => unit.surface)), station.slug).toEqual(new Set([station.slug.includes("screen") ? "screen" : "back-glass"]));
      const defects = queue.filter((unit) => unit.truth !== "ok").length;
      // About 5%: a line's prevalence (2-8%), not the 60% of a training set.
      expect(defects, station.slug).toBeGreaterThanOrEqual(1);
      expect(defects, station.slug).toBeLessThanOrEqual(12);
    }
  }, 60_000);
});
