import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createAccount } from "../../auth/index.ts";
import { encodePng, importFolder, captureStoreFromEnv } from "../../captures/index.ts";
import { useAppDatabase } from "../../../test/support/test-database.ts";
import { createStation } from "../../stations/index.ts";
import { generatePhoto } from "../../synth/index.ts";
import { loadLabelledPhotos } from "./sources.ts";

const { prisma, dataDir } = await useAppDatabase();

describe("training data from the database (the retraining loop)", () => {
  it("takes an engineer's settled truth over the verdict, else the latest human verdict, in a fixed order, and only the station asked for", async () => {
    await createStation(prisma, { slug: "line-r", name: "Line R" });
    await createStation(prisma, { slug: "line-s", name: "Line S" });
    const folder = fs.mkdtempSync(path.join(dataDir, "photos-"));
    const labels = ["ok", "scratch", "crack", "ok", "dent"] as const;
    labels.forEach((label, i) => {
      const photo = generatePhoto(100 + i, { label, size: 64 });
      fs.writeFileSync(path.join(folder, `${i}.png`), encodePng(photo.width, photo.height, photo.rgba));
    });
    fs.writeFileSync(
      path.join(folder, "labels.csv"),
      ["file,label,defect_type", ...labels.map((label, i) => (label === "ok" ? `${i}.png,ok` : `${i}.png,defect,${label}`))].join("\n"),
    );
    const store = captureStoreFromEnv({}, dataDir);
    expect((await importFolder(prisma, store, folder, "line-r")).imported).toBe(5);
    expect((await importFolder(prisma, store, folder, "line-s")).imported).toBe(5);

    // Unit 0: an inspector later called it a scratch; unit 1: an engineer settled it as ok.
    const captures = await prisma.capture.findMany({ where: { station: { slug: "line-r" } }, orderBy: [{ contentHash: "asc" }, { id: "asc" }] });
    const fileOf = (capture: (typeof captures)[number]) => Number((capture.metadata as { importedFrom: string }).importedFrom.replace(".png", ""));
    const unit = (i: number) => captures.find((capture) => fileOf(capture) === i)!;
    const engineer = await createAccount(prisma, { email: "eng@test.local", name: "Eng", role: "ENGINEER", password: "correct horse battery" });
    const inspector = await createAccount(prisma, { email: "ins@test.local", name: "Ins", role: "INSPECTOR", password: "correct horse battery" });
    await prisma.verdict.create({
      data: {
        captureId: unit(0).id,
        stationId: unit(0).stationId,
        inspectorId: inspector.id,
        label: "scratch",
        level: "SHADOW",
        idempotencyKey: "retrain-0",
        decidedAt: new Date(Date.now() + 60_000),
        timeToDecideMs: 900,
      },
    });
    await prisma.adjudication.create({ data: { captureId: unit(1).id, truth: "ok", adjudicatorId: engineer.id } });

    const expected = captures.map((capture) => ({ 0: "scratch", 1: "ok" })[fileOf(capture) as 0 | 1] ?? labels[fileOf(capture)]);
    const first = await loadLabelledPhotos("db:line-r", { count: 10_000, seed: 1 });
    const pixels = (photos: typeof first) => photos.map((photo) => Array.from(photo.pixels.rgba.subarray(0, 256)));
    expect(first.map((photo) => photo.label)).toEqual(expected);
    const again = await loadLabelledPhotos("db:line-r", { count: 10_000, seed: 1 });
    expect(again.map((photo) => Array.from(photo.pixels.rgba.subarray(0, 256)))).toEqual(first.map((photo) => Array.from(photo.pixels.rgba.subarray(0, 256))));
    // Across stations each photo comes once: the same photo on two units would sit in training and test at once.
    expect(await loadLabelledPhotos("db", { count: 10_000, seed: 1 })).toHaveLength(5);
    // --photos caps database data too, keeping the first photos of the fixed order.
    expect(pixels(await loadLabelledPhotos("db:line-r", { count: 3, seed: 1 }))).toEqual(pixels(first).slice(0, 3));
    // The same photos imported again (new capture ids, one import time) come in the same order: the split does not move.
    const otherImport = await loadLabelledPhotos("db:line-s", { count: 10_000, seed: 1 });
    expect(pixels(otherImport)).toEqual(pixels(first));
  });

  it("gives each photo its station's region of interest, where it has one, so training and evaluation score it as the station does", async () => {
    await createStation(prisma, { slug: "framed-data", name: "Framed data" });
    await createStation(prisma, { slug: "open-data", name: "Open data" });
    const folder = fs.mkdtempSync(path.join(dataDir, "region-photos-"));
    const photo = generatePhoto(7, { label: "ok", size: 64 });
    fs.writeFileSync(path.join(folder, "0.png"), encodePng(photo.width, photo.height, photo.rgba));
    fs.writeFileSync(path.join(folder, "labels.csv"), "file,label\n0.png,ok\n");
    const store = captureStoreFromEnv({}, dataDir);
    await importFolder(prisma, store, folder, "framed-data");
    await importFolder(prisma, store, folder, "open-data");
    const fixture = { left: 0.2, top: 0.1, width: 0.6, height: 0.8 };
    await prisma.station.update({ where: { slug: "framed-data" }, data: { inspectionRegion: fixture } });
    const [framed] = await loadLabelledPhotos("db:framed-data", { count: 10, seed: 1 });
    const [open] = await loadLabelledPhotos("db:open-data", { count: 10, seed: 1 });
    expect(framed?.region).toEqual(fixture);
    expect(open && "region" in open).toBe(false);
  });
});
