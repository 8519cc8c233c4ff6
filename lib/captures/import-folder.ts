import fs from "node:fs";
import path from "node:path";
import type { Db } from "../db/index.ts";
import { parseLabelsCsv } from "../text/index.ts";
import { OK_LABEL } from "../stations/index.ts";
import { putCapturePhoto, validatePhoto } from "./store-capture.ts";
import type { CaptureStore } from "./storage.ts";

export interface ImportProblem {
  line: number;
  message: string;
}

export interface ImportResult {
  imported: number;
  alreadyImported: number;
  /** Photos imported before whose label this import changed (a new import verdict; the old one stays as history). */
  relabelled: number;
  problems: ImportProblem[];
}

/**
 * Imports a folder of real photos with labels.csv as captures of a station,
 * each with its label as a verdict of the `import` source. Unreadable and
 * mislabelled rows are reported by line and skipped; the rest go in one
 * transaction, so a failure leaves nothing half-imported. Importing the same
 * folder again adds no capture (captures are keyed by content); a photo whose
 * label changed gets a new import verdict, which wins (the newest label is the
 * one training reads), the old one kept as history.
 */
export async function importFolder(db: Db, store: CaptureStore, folder: string, stationSlug: string): Promise<ImportResult> {
  const station = await db.station.findUnique({ where: { slug: stationSlug }, include: { defectClasses: true } });
  if (!station) throw new Error(`No station ${JSON.stringify(stationSlug)}`);
  const csvPath = path.join(folder, "labels.csv");
  if (!fs.existsSync(csvPath)) throw new Error(`${csvPath} does not exist`);
  const { rows, problems } = parseLabelsCsv(fs.readFileSync(csvPath, "utf8"));
  const inUse = station.defectClasses.filter((defect) => !defect.retiredAt);
  const retired = new Set(station.defectClasses.filter((defect) => defect.retiredAt).map((defect) => defect.key));
  const allowed = new Set([OK_LABEL, ...inUse.map((defect) => defect.key)]);
  const root = fs.realpathSync(folder);
  const accepted: { line: number; label: string; data: Awaited<ReturnType<typeof putCapturePhoto>> }[] = [];
  const seenHashes = new Set<string>();
  const capturedAt = new Date();

  const defectKeys = inUse.map((defect) => defect.key);
  for (const row of rows) {
    // A station with one defect class needs no type: "defect" is that class.
    if (row.label === "defect" && defectKeys.length === 1) row.label = defectKeys[0] as string;
    if (!allowed.has(row.label)) {
      problems.push({
        line: row.line,
        message:
          row.label === "defect"
            ? `a defect needs its type (one of ${defectKeys.join(", ")})`
            : retired.has(row.label)
              ? `defect type ${JSON.stringify(row.label)} is retired at this station`
              : `defect type ${JSON.stringify(row.label)} is not in this station's taxonomy (an admin adds it on /admin)`,
      });
      continue;
    }
    const file = path.join(root, row.file);
    let bytes: Uint8Array;
    try {
      if (!fs.realpathSync(file).startsWith(root + path.sep)) throw new Error("outside the folder");
      bytes = new Uint8Array(fs.readFileSync(file));
    } catch (error) {
      problems.push({ line: row.line, message: `cannot read ${row.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      continue;
    }
    let photo;
    try {
      photo = await validatePhoto(bytes);
    } catch (error) {
      problems.push({ line: row.line, message: `${row.file} is not a usable photo: ${(error as Error).message}` });
      continue;
    }
    if (seenHashes.has(photo.contentHash)) {
      problems.push({ line: row.line, message: `${row.file} is the same photo as an earlier row` });
      continue;
    }
    seenHashes.add(photo.contentHash);
    const data = await putCapturePhoto(store, {
      station,
      photo,
      capturedAt,
      source: "IMPORT",
      externalId: `import:${photo.contentHash}`,
      metadata: { importedFrom: row.file },
    });
    accepted.push({ line: row.line, label: row.label, data });
  }

  const existing = new Map(
    (
      await db.capture.findMany({
        where: { stationId: station.id, externalId: { in: accepted.map((a) => a.data.externalId as string) } },
        select: { id: true, externalId: true, verdicts: { where: { source: "IMPORT" }, orderBy: { decidedAt: "desc" }, take: 1, select: { label: true } } },
      })
    ).map((c) => [c.externalId, { id: c.id, label: c.verdicts[0]?.label ?? null }]),
  );
  const fresh = accepted.filter((a) => !existing.has(a.data.externalId));
  const relabelled = accepted.flatMap((a) => {
    const before = existing.get(a.data.externalId);
    return before && before.label !== a.label ? [{ captureId: before.id, label: a.label }] : [];
  });
  await db.$transaction(
    async (tx) => {
      for (const item of fresh) {
        const capture = await tx.capture.create({ data: { ...item.data, decidedAt: capturedAt }, select: { id: true } });
        await tx.verdict.create({
          data: {
            captureId: capture.id,
            stationId: station.id,
            source: "IMPORT",
            label: item.label,
            level: "HUMAN_ONLY",
            decidedAt: capturedAt,
            idempotencyKey: `import:${capture.id}`,
          },
        });
      }
      for (const change of relabelled) {
        await tx.verdict.create({
          data: {
            captureId: change.captureId,
            stationId: station.id,
            source: "IMPORT",
            label: change.label,
            level: "HUMAN_ONLY",
            decidedAt: capturedAt,
            idempotencyKey: `import:${change.captureId}:${capturedAt.toISOString()}`,
          },
        });
      }
    },
    { timeout: 120_000 },
  );
  return {
    imported: fresh.length,
    alreadyImported: accepted.length - fresh.length,
    relabelled: relabelled.length,
    problems: problems.sort((a, b) => a.line - b.line),
  };
}
