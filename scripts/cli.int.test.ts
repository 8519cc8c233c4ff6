import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { encodePng } from "../lib/captures/decode.ts";
import { LocalDiskStore } from "../lib/captures/storage.ts";
import { useTestDatabase } from "../test/support/test-database.ts";
import { createStation } from "../lib/stations/stations.ts";
import { generatePhoto } from "../lib/synth/photo.ts";
import { Prisma } from "../lib/generated/prisma/client.ts";
import { SCRIPT_NODE_ARGS } from "./serving.ts";

// The retraining loop's commands as a line engineer runs them: their exit
// codes and what they print are part of the product (scripts stop on them).
const { url, prisma } = await useTestDatabase();
const tmp = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "understudy-cli-"));
const models = path.join(tmp, "models");

function run(script: string, args: string[]): { status: number | null; out: string } {
  const result = spawnSync(process.execPath, [...SCRIPT_NODE_ARGS, `scripts/${script}.ts`, ...args], {
    env: {
      NODE_ENV: "test",
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? tmp,
      DATABASE_URL: url,
      UNDERSTUDY_DATA_DIR: path.join(tmp, "data"),
      UNDERSTUDY_MODELS_DIR: models,
    },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

/** A folder of synthetic photos with a labels.csv written as given (one row per photo, `{i}` for its file). */
function folder(name: string, rows: string[], labelOf: (i: number) => "ok" | "scratch" | "crack" | "dent" = () => "ok"): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  rows.forEach((_, i) => {
    const photo = generatePhoto(500 + i, { label: labelOf(i), size: 64 });
    fs.writeFileSync(path.join(dir, `${i}.png`), encodePng(photo.width, photo.height, photo.rgba));
  });
  fs.writeFileSync(path.join(dir, "labels.csv"), rows.map((row, i) => row.replace("{i}", String(i))).join("\n"));
  return dir;
}

const cycle = ["ok", "scratch", "crack", "dent"] as const;
const labelled = (count: number) => Array.from({ length: count }, (_, i) => (cycle[i % 4] === "ok" ? "{i}.png,ok" : `{i}.png,defect,${cycle[i % 4]}`));

beforeAll(async () => {
  await createStation(prisma, { slug: "cli-line", name: "CLI line" });
  fs.cpSync(path.resolve("public/models/v2"), path.join(models, "v2"), { recursive: true });
});

describe("npm run import", () => {
  it("exits 1 when no row is usable, naming every skipped row by its line", () => {
    const result = run("import", [folder("bad", ["{i}.png,maybe", "{i}.png,defect,bubble"]), "--station", "cli-line"]);
    expect(result.status).toBe(1);
    expect(result.out).toContain("labels.csv line 1:");
    expect(result.out).toContain('labels.csv line 2: defect type "bubble" is not in this station\'s taxonomy');
    expect(result.out).toContain("Imported 0 photos into cli-line");
  });

  it("imports a good folder and exits 0", () => {
    const result = run("import", [folder("good", labelled(12), (i) => cycle[i % 4]!), "--station", "cli-line"]);
    expect(result.out).toContain("Imported 12 photos into cli-line");
    expect(result.status).toBe(0);
  });
});

describe("npm run evaluate", () => {
  it("scores every labelled photo of a folder and of the database, and exits 1 with none", async () => {
    const fromFolder = run("evaluate", ["--model", "v2", "--data", `folder:${folder("eval", labelled(8), (i) => cycle[i % 4]!)}`]);
    expect(fromFolder.status).toBe(0);
    expect(fromFolder.out).toContain("8 photos; operating threshold");
    const fromDatabase = run("evaluate", ["--model", "v2", "--data", "db:cli-line"]);
    expect(fromDatabase.status).toBe(0);
    expect(fromDatabase.out).toContain("12 photos; operating threshold");
    // With the station's region of interest set, its photos are scored there, as the station scores them.
    const report = () => fs.readFileSync(path.join(models, "v2", "evaluations", "db_cli-line.json"), "utf8");
    const whole = report();
    await prisma.station.update({ where: { slug: "cli-line" }, data: { inspectionRegion: { left: 0, top: 0, width: 0.3, height: 0.3 } } });
    const framed = run("evaluate", ["--model", "v2", "--data", "db:cli-line"]);
    await prisma.station.update({ where: { slug: "cli-line" }, data: { inspectionRegion: Prisma.DbNull } });
    expect(framed.status).toBe(0);
    expect(framed.out).toContain("12 photos scored inside their station's region of interest (left 0%, top 0%, 30% × 30% of the photo)");
    expect(report()).not.toEqual(whole);
    const empty = run("evaluate", ["--model", "v2", "--data", `folder:${folder("empty", ["{i}.png,maybe"])}`]);
    expect(empty.status).toBe(1);
    expect(empty.out).toContain("nothing to evaluate");
  });
});

describe("npm run train", () => {
  it("refuses a held-out share it cannot use, and data it cannot learn from, before training", () => {
    const share = run("train", ["--version", "cli-a", "--data", "db:cli-line", "--holdout", "0.95"]);
    expect(share.status).toBe(1);
    expect(share.out).toContain("cannot train: the held-out share must be between 0 and 0.9, not 0.95");
    const untyped = run("train", ["--version", "cli-b", "--data", `folder:${folder("untyped", ["{i}.png,ok", "{i}.png,defect"])}`]);
    expect(untyped.status).toBe(1);
    expect(untyped.out).toContain("cannot train: 1 photos are labelled defect without a type");
    expect(fs.existsSync(path.join(models, "cli-a"))).toBe(false);
  });

  it("holds out the share asked for, and writes the version where it was told", () => {
    const photos = `folder:${folder("forty", labelled(40), (i) => cycle[i % 4]!)}`;
    const result = run("train", ["--version", "cli-c", "--data", photos, "--holdout", "0.5", "--epochs", "1", "--folds", "4"]);
    expect(result.status).toBe(0);
    expect(result.out).toContain("40 photos: 16 train, 12 validation, 12 test");
    // Four models, each tested on the ten photos it never saw: every photo once.
    expect(result.out).toContain("fold 4 of 4: 22 train, 8 validation, 10 test");
    expect(result.out).toMatch(/### 4-fold cross-validation\n\nEvery one of the 40 photos tested once/);
    expect(result.out).toMatch(/- defect recall: \*\*[\d.]+%\*\* of 30 defects \(folds: /);
    expect(result.out).toMatch(/- false-reject rate: \*\*[\d.]+%\*\* of 10 ok photos/);
    expect(fs.existsSync(path.join(models, "cli-c", "model.json"))).toBe(true);
  });
}, 180_000);

describe("npm run retention", () => {
  it("says what it would remove with --dry-run, removes it without, and needs a retention", async () => {
    const { id: stationId } = await createStation(prisma, { slug: "cli-retention", name: "CLI retention" });
    const old = new Date(Date.now() - 90 * 86_400_000);
    const store = new LocalDiskStore(path.join(tmp, "data", "captures"));
    for (const name of ["old-1", "old-2"]) {
      await store.put(`cli-retention/${name}.png`, new Uint8Array([1]));
      await prisma.capture.create({
        data: {
          stationId,
          capturedAt: old,
          decidedAt: old,
          storageKey: `cli-retention/${name}.png`,
          contentHash: name,
          mimeType: "image/png",
          width: 1,
          height: 1,
        },
      });
    }
    expect(run("retention", []).status).toBe(1);
    const dry = run("retention", ["--days", "30", "--dry-run"]);
    expect(dry.status).toBe(0);
    expect(dry.out).toContain("cli-retention: 2 photos would be removed");
    expect(await store.get("cli-retention/old-1.png")).not.toBeNull();
    const done = run("retention", ["--days", "30"]);
    expect(done.status).toBe(0);
    expect(done.out).toContain("cli-retention: 2 photos removed");
    expect(done.out).toContain("Removed 2 photos older than 30 days (2 stored objects).");
    expect(await store.get("cli-retention/old-1.png")).toBeNull();
  });
});
