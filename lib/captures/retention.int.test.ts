import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { judgedUnit, modelVersion } from "../../test/support/evidence-factory.ts";
import { disagreementsForReview } from "../review/index.ts";
import { createStation } from "../stations/index.ts";
import { expiredPhotoCounts, photoRetentionDays, removeExpiredPhotos, startPhotoRetention } from "./retention.ts";
import { type CaptureStore, LocalDiskStore } from "./storage.ts";

const { prisma } = await useTestDatabase();
const DAY = 86_400_000;
const NOW = new Date(Date.UTC(2026, 11, 1, 12));
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const RETENTION = { retentionDays: 30, now: NOW };

let store: LocalDiskStore;
let root = "";
let stationId = "";
let slug = "";
let inspectorId = "";
let engineers: string[] = [];
let modelVersionId = "";
let line = 0;

beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-retention-"));
  store = new LocalDiskStore(root);
  slug = `retention-${++line}`;
  stationId = (await createStation(prisma, { slug, name: slug })).id;
  // The station's current era began ten days ago: what was decided since is its gates' evidence.
  await prisma.stationAutomation.update({ where: { stationId }, data: { eraStartedAt: ago(10) } });
  const account = (role: "INSPECTOR" | "ENGINEER", name: string) =>
    createAccount(prisma, { email: `${name}-${line}@retention.local`, name, role, password: "a long password" });
  inspectorId = (await account("INSPECTOR", "ines")).id;
  engineers = [(await account("ENGINEER", "emil")).id, (await account("ENGINEER", "erin")).id];
  modelVersionId = (await modelVersion(prisma, `retention-v${line}`)).id;
});

/** A judged unit decided `daysAgo`, its photo in the store under its own key (or `key`). */
async function unit(daysAgo: number, human: string, model: string, key?: string): Promise<string> {
  const { captureId } = await judgedUnit(prisma, {
    stationId,
    inspectorId,
    human,
    model,
    defectScore: model === "ok" ? 0.1 : 0.9,
    confidence: 0.9,
    brightness: 0.5,
    timeToDecideMs: 800,
    decidedAt: ago(daysAgo),
    level: "SHADOW",
    modelVersionId,
  });
  // A key is the station, the day and the photo's hash (storageKeyFor): units sharing one have the same bytes.
  const storageKey = key ?? `${slug}/${captureId}.png`;
  await prisma.capture.update({ where: { id: captureId }, data: { storageKey, ...(key ? { contentHash: key } : {}) } });
  await store.put(storageKey, new Uint8Array([1, 2, 3]));
  return captureId;
}

/** A unit captured 60 days ago with no verdict or prediction, decided at `decidedAt` (null: still waiting). */
async function bareUnit(name: string, decidedAt: Date | null): Promise<string> {
  const storageKey = `${slug}/${name}.png`;
  await store.put(storageKey, new Uint8Array([4]));
  const capture = await prisma.capture.create({
    data: { stationId, capturedAt: ago(60), decidedAt, storageKey, contentHash: `${slug}-${name}`, mimeType: "image/png", width: 64, height: 64 },
  });
  return capture.id;
}

async function removedIds(): Promise<string[]> {
  const rows = await prisma.capture.findMany({ where: { stationId, photoRemovedAt: { not: null } }, select: { id: true } });
  return rows.map((row) => row.id).sort();
}

async function photoOf(id: string): Promise<Uint8Array | null> {
  const { storageKey } = await prisma.capture.findUniqueOrThrow({ where: { id } });
  return store.get(storageKey);
}

/** Every kind of unit retention must weigh, on the current station; returns the ones it may remove. */
async function lineWithHistory() {
  const agreed = await unit(60, "ok", "ok");
  const settled = await unit(60, "ok", "dent");
  await prisma.adjudication.create({ data: { captureId: settled, truth: "ok", adjudicatorId: engineers[0] as string } });
  const sharedKey = `${slug}/shared.png`;
  const sharedExpired = await unit(60, "dent", "dent", sharedKey);
  const kept = {
    openDisagreement: await unit(60, "ok", "scratch"),
    sharedWithOpen: await unit(60, "ok", "crack", sharedKey),
    disputed: await unit(60, "ok", "dent"),
    escapedInEra: await unit(60, "ok", "ok"),
    reinspectedInEra: await unit(5, "dent", "dent"),
    young: await unit(20, "ok", "ok"),
    gold: await unit(60, "ok", "ok"),
    waiting: await bareUnit("waiting", null),
    // Decided in the era with no comparison (the model alone, at full automation): still what the era is made of.
    decidedInEra: await bareUnit("decided-in-era", ago(5)),
  };
  await prisma.adjudication.create({ data: { captureId: kept.disputed, truth: "ok", adjudicatorId: engineers[0] as string, createdAt: ago(50) } });
  await prisma.adjudication.create({ data: { captureId: kept.disputed, truth: "dent", adjudicatorId: engineers[1] as string, createdAt: ago(49) } });
  await prisma.escape.create({
    data: { stationId, captureId: kept.escapedInEra, found: "scratch", foundAt: ago(3), foundWhere: "customer return", idempotencyKey: `${slug}-escape` },
  });
  // Captured and first decided long ago, judged again within the era: a comparison the gates count.
  await prisma.capture.update({ where: { id: kept.reinspectedInEra }, data: { capturedAt: ago(60), decidedAt: ago(60) } });
  await prisma.capture.update({ where: { id: kept.gold }, data: { goldLabel: "ok" } });
  return { expired: [agreed, settled, sharedExpired].sort(), kept, sharedKey };
}

describe("photo retention", () => {
  it("removes the old photos nothing rests on, and keeps evidence, open reviews, waiting and gold units whatever their age", async () => {
    const { expired, kept, sharedKey } = await lineWithHistory();
    expect(await expiredPhotoCounts(prisma, RETENTION)).toMatchObject({ [slug]: 3 });
    const result = await removeExpiredPhotos(prisma, store, RETENTION);
    expect(result.removed[slug]).toBe(3);
    expect(await removedIds()).toEqual(expired);
    // Two objects went; the third is shared with a unit under review, so its bytes stay.
    expect(result.objects).toBe(2);
    for (const id of expired) {
      const { storageKey } = await prisma.capture.findUniqueOrThrow({ where: { id } });
      expect(await store.get(storageKey)).toEqual(storageKey === sharedKey ? new Uint8Array([1, 2, 3]) : null);
    }
    for (const id of Object.values(kept)) expect(await photoOf(id)).not.toBeNull();
    // /review shows a settled unit without its photo, and says when it went; an open one keeps it.
    const review = await disagreementsForReview(prisma, { stationId });
    const withoutPhoto = review.items.filter((item) => item.photoRemovedAt);
    expect(withoutPhoto.map((item) => [expired.includes(item.captureId), item.truth, item.photoRemovedAt])).toEqual([[true, "ok", NOW]]);
    expect(review.items.filter((item) => item.truth === null).map((item) => item.photoRemovedAt)).toEqual([null, null]);
    // The rows and their evidence stay.
    expect(await prisma.comparison.count({ where: { captureId: { in: expired } } })).toBe(3);
    const audit = await prisma.auditEvent.findMany({ where: { stationId, action: "PHOTOS_REMOVED" } });
    expect(audit.map((event) => event.evidence)).toEqual([{ photos: 3, retentionDays: 30, capturedBefore: ago(30).toISOString() }]);
    // Nothing more to do until something changes.
    expect(await expiredPhotoCounts(prisma, RETENTION)).not.toHaveProperty(slug);
    expect((await removeExpiredPhotos(prisma, store, RETENTION)).removed).not.toHaveProperty(slug);
  });

  it("lets the photo go once its review is settled, and deletes shared bytes with the last unit that needed them", async () => {
    const { kept, sharedKey } = await lineWithHistory();
    await removeExpiredPhotos(prisma, store, RETENTION);
    await prisma.adjudication.create({ data: { captureId: kept.sharedWithOpen, truth: "ok", adjudicatorId: engineers[0] as string } });
    const result = await removeExpiredPhotos(prisma, store, RETENTION);
    expect(result.removed[slug]).toBe(1);
    expect(await store.get(sharedKey)).toBeNull();
    expect(await photoOf(kept.openDisagreement)).not.toBeNull();
  });

  it("undoes a batch whose photos the store could not delete, and does it on the next sweep", async () => {
    const { expired } = await lineWithHistory();
    const failing: CaptureStore = {
      kind: "local",
      put: store.put.bind(store),
      get: store.get.bind(store),
      delete: async () => Promise.reject(new Error("store down")),
    };
    await expect(removeExpiredPhotos(prisma, failing, RETENTION)).rejects.toThrow(/store down/);
    expect(await removedIds()).toEqual([]);
    expect(await prisma.auditEvent.count({ where: { stationId, action: "PHOTOS_REMOVED" } })).toBe(0);
    await removeExpiredPhotos(prisma, store, RETENTION);
    expect(await removedIds()).toEqual(expired);
  });

  it("removes each photo once when instances sweep at the same time", async () => {
    const { expired } = await lineWithHistory();
    const deleted: string[] = [];
    const counting: CaptureStore = {
      kind: "local",
      put: store.put.bind(store),
      get: store.get.bind(store),
      delete: async (key) => {
        deleted.push(key);
        await new Promise((resolve) => setTimeout(resolve, 20));
        await store.delete(key);
      },
    };
    const sweeps = await Promise.all([1, 2, 3].map(() => removeExpiredPhotos(prisma, counting, { ...RETENTION, batchSize: 1 })));
    expect(sweeps.reduce((sum, sweep) => sum + (sweep.removed[slug] ?? 0), 0)).toBeLessThanOrEqual(3);
    // Whatever a sweep that found the lock taken left, the next sweep finishes.
    await removeExpiredPhotos(prisma, counting, RETENTION);
    expect(await removedIds()).toEqual(expired);
    expect(deleted.filter((key) => key.startsWith(slug))).toHaveLength(2);
    expect(new Set(deleted).size).toBe(deleted.length);
    const audited = await prisma.auditEvent.findMany({ where: { stationId, action: "PHOTOS_REMOVED" } });
    expect(audited.reduce((sum, event) => sum + Number((event.evidence as { photos: number }).photos), 0)).toBe(3);
  });
});

describe("startPhotoRetention", () => {
  it("sweeps on its beat in a running instance, and says what it removed", async () => {
    const { expired } = await lineWithHistory();
    const lines: string[] = [];
    const stop = startPhotoRetention(
      () => prisma,
      () => store,
      30,
      (line) => lines.push(line),
      50,
    );
    try {
      for (let waited = 0; (await removedIds()).length < expired.length && waited < 20_000; waited += 100)
        await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      stop();
    }
    expect(await removedIds()).toEqual(expired);
    expect(lines.join("\n")).toMatch(/photo retention: removed \d+ photos \(\d+ stored objects\) older than 30 days/);
  });
});

describe("photoRetentionDays", () => {
  it("keeps photos for ever unless told, and refuses what is not a whole number of days", () => {
    expect(photoRetentionDays({})).toBeNull();
    expect(photoRetentionDays({ PHOTO_RETENTION_DAYS: " " })).toBeNull();
    expect(photoRetentionDays({ PHOTO_RETENTION_DAYS: "365" })).toBe(365);
    for (const bad of ["0", "-3", "1.5", "a year"]) expect(() => photoRetentionDays({ PHOTO_RETENTION_DAYS: bad })).toThrow(/whole number of days/);
  });
});
