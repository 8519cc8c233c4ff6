import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { createStation } from "../stations/index.ts";
import { generatePhoto } from "../synth/index.ts";
import { encodePng } from "./decode.ts";
import { importFolder } from "./import-folder.ts";
import { LocalDiskStore } from "./storage.ts";

const { prisma } = await useTestDatabase();
const root = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-import-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const store = new LocalDiskStore(path.join(root, "store"));

function folderWith(files: Record<string, Uint8Array | string>, csv: string): string {
  const folder = fs.mkdtempSync(path.join(root, "folder-"));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), content);
  fs.writeFileSync(path.join(folder, "labels.csv"), csv);
  return folder;
}

const png = (seed: number, label: "ok" | "scratch" | "crack") => {
  const photo = generatePhoto(seed, { label, size: 64 });
  return encodePng(photo.width, photo.height, photo.rgba);
};

describe("importFolder", () => {
  it("imports good rows as captures with import verdicts, reports bad ones by line, and is idempotent", async () => {
    await createStation(prisma, { slug: "imported-line", name: "Imported line" });
    const folder = folderWith(
      {
        "a.png": png(1, "ok"),
        "b.png": png(2, "scratch"),
        "c.png": png(3, "crack"),
        "fake.png": "this is not an image",
        "copy.png": png(1, "ok"),
      },
      [
        "file,label,defect_type",
        "a.png,ok",
        "b.png,defect,scratch",
        "c.png,defect,crack",
        "fake.png,ok",
        "missing.png,ok",
        "copy.png,ok",
        "b.png,ok",
        "a.png,defect,bubble",
        "c.png,defect",
      ].join("\n"),
    );
    const result = await importFolder(prisma, store, folder, "imported-line");
    expect(result.imported).toBe(3);
    expect(result.problems.map((p) => p.line)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(result.problems[0]?.message).toMatch(/^fake.png is not a usable photo: not a PNG or JPEG image/);
    expect(result.problems[1]?.message).toBe("cannot read missing.png: ENOENT");

    const verdicts = await prisma.verdict.findMany({ include: { capture: true }, orderBy: { label: "asc" } });
    expect(verdicts.map((v) => [v.label, v.source, v.capture.source, v.capture.mimeType, v.capture.width])).toEqual([
      ["crack", "IMPORT", "IMPORT", "image/png", 64],
      ["ok", "IMPORT", "IMPORT", "image/png", 64],
      ["scratch", "IMPORT", "IMPORT", "image/png", 64],
    ]);
    for (const v of verdicts) expect(await store.get(v.capture.storageKey)).not.toBeNull();

    const again = await importFolder(prisma, store, folder, "imported-line");
    expect(again).toMatchObject({ imported: 0, alreadyImported: 3, relabelled: 0 });
    expect(await prisma.capture.count()).toBe(3);

    // Corrected labels: the newest wins, the old one stays as history (seen: "Imported 0 photos; 72 were imported before" and the labels stayed wrong).
    fs.writeFileSync(path.join(folder, "labels.csv"), "a.png,ok\nb.png,defect,crack\nc.png,defect,crack\n");
    const corrected = await importFolder(prisma, store, folder, "imported-line");
    expect(corrected).toMatchObject({ imported: 0, alreadyImported: 3, relabelled: 1 });
    const history = await prisma.verdict.findMany({
      where: { capture: { metadata: { path: ["importedFrom"], equals: "b.png" } } },
      orderBy: { decidedAt: "asc" },
      select: { label: true },
    });
    expect(history.map((v) => v.label)).toEqual(["scratch", "crack"]);
    expect(await importFolder(prisma, store, folder, "imported-line")).toMatchObject({ relabelled: 0 });
  });

  it("refuses an unknown station and a folder without labels.csv, importing nothing", async () => {
    await expect(importFolder(prisma, store, root, "no-such-line")).rejects.toThrow('No station "no-such-line"');
    await expect(importFolder(prisma, store, path.join(root, "store"), "imported-line")).rejects.toThrow(/labels.csv does not exist/);
  });

  it("takes a defect without its type at a station with one defect class, and asks for it where there are more", async () => {
    await createStation(prisma, { slug: "oil-line", name: "Oil line", defectClasses: [{ key: "oil", label: "Oil" }] });
    const csv = "p1.png,good\np2.png,NG\n";
    const files = { "p1.png": png(21, "ok"), "p2.png": png(22, "scratch") };
    const single = await importFolder(prisma, store, folderWith(files, csv), "oil-line");
    expect([single.imported, single.problems]).toEqual([2, []]);
    const labels = await prisma.verdict.findMany({ where: { station: { slug: "oil-line" } }, select: { label: true }, orderBy: { label: "asc" } });
    expect(labels.map((v) => v.label)).toEqual(["oil", "ok"]);

    await createStation(prisma, { slug: "many-line", name: "Many line" });
    const many = await importFolder(
      prisma,
      store,
      folderWith({ "p3.png": png(23, "ok"), "p4.png": png(24, "crack") }, "p3.png,pass\np4.png,fail\n"),
      "many-line",
    );
    expect(many.imported).toBe(1);
    expect(many.problems).toEqual([{ line: 2, message: expect.stringMatching(/^a defect needs its type \(one of /) }]);
  });
});
