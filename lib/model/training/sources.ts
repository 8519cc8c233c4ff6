import fs from "node:fs";
import path from "node:path";
import { decodeImage, captureStoreFromEnv } from "../../captures/index.ts";
import { createPrismaClient, type Db, dataDir } from "../../db/index.ts";
import { openDatabase } from "../../postgres/index.ts";
import { type LabelledPhoto, synthPhotos } from "./dataset.ts";
import { parseLabelsCsv } from "../../text/index.ts";
import { regionFrom } from "../region.ts";

export function describeSource(source: string): string {
  if (source === "synth") return "synthetic photos (normal lighting)";
  if (source.startsWith("folder:")) return `the photos in ${source.slice(7)}`;
  if (source.startsWith("db")) return `labelled captures in the database${source.includes(":") ? ` of station ${source.split(":")[1]}` : ""}`;
  return source;
}

/**
 * Labelled photos from a source: `synth` (generated), `folder:<path>` (a folder
 * with labels.csv, as `npm run import` reads it) or `db[:<station>]` (captures
 * with their adjudicated truth where it exists, else their human verdict).
 */
export async function loadLabelledPhotos(
  source: string,
  options: { count: number; seed: number; db?: Db; log?: (line: string) => void },
): Promise<LabelledPhoto[]> {
  const warn = options.log ?? ((line: string) => console.warn(`[train] ${line}`));
  if (source === "synth") return [...synthPhotos(options.seed, options.count)];
  if (source.startsWith("folder:")) {
    const folder = source.slice("folder:".length);
    const { rows, problems } = parseLabelsCsv(fs.readFileSync(path.join(folder, "labels.csv"), "utf8"));
    for (const problem of problems) warn(`labels.csv line ${problem.line}: ${problem.message} (skipped)`);
    return rows.slice(0, options.count).map((row) => {
      const image = decodeImage(new Uint8Array(fs.readFileSync(path.join(folder, row.file))));
      return { pixels: image, label: row.label };
    });
  }
  if (source === "db" || source.startsWith("db:")) {
    const station = source.split(":")[1];
    if (options.db) return loadFromDatabase(options.db, station, options.count, warn);
    const database = await openDatabase(dataDir(), () => {});
    const prisma = createPrismaClient(database.url);
    try {
      return await loadFromDatabase(prisma, station, options.count, warn);
    } finally {
      await prisma.$disconnect();
      await database.stop();
    }
  }
  throw new Error(`Unknown data source ${JSON.stringify(source)}: use synth, folder:<path> or db[:<station>]`);
}

/**
 * Each distinct photo once (a photo seen on many units would sit in training
 * and test at once), at most `count`, in content-hash order: the same photos,
 * and so the same seeded split, on every run and every import of them.
 */
async function loadFromDatabase(db: Db, stationSlug: string | undefined, count: number, warn: (line: string) => void): Promise<LabelledPhoto[]> {
  // Truth where an engineer settled it (the newest adjudication); else the latest human verdict (inspector or import).
  const rows = await db.$queryRaw<{ storage_key: string; label: string; inspection_region: unknown }[]>`
    SELECT DISTINCT ON (c.content_hash) c.storage_key, COALESCE(a.truth, v.label) AS label, s.inspection_region
      FROM captures c
      JOIN stations s ON s.id = c.station_id
      LEFT JOIN LATERAL (SELECT truth FROM adjudications WHERE capture_id = c.id ORDER BY created_at DESC, id DESC LIMIT 1) a ON true
      LEFT JOIN LATERAL (
        SELECT label, decided_at FROM verdicts
         WHERE capture_id = c.id AND source IN ('INSPECTOR', 'IMPORT')
         ORDER BY decided_at DESC LIMIT 1
      ) v ON true
     WHERE COALESCE(a.truth, v.label) IS NOT NULL
       AND c.photo_removed_at IS NULL
       AND (${stationSlug ?? null}::text IS NULL OR s.slug = ${stationSlug ?? null})
     ORDER BY c.content_hash, a.truth IS NULL, v.decided_at DESC NULLS LAST, c.id
     LIMIT ${count}`;
  const store = captureStoreFromEnv(process.env, dataDir());
  const photos: LabelledPhoto[] = [];
  const missing: string[] = [];
  for (const row of rows) {
    const bytes = await store.get(row.storage_key);
    // Scored where its station scores it: inside the station's region of interest, if it has one.
    const region = regionFrom(row.inspection_region);
    if (bytes) photos.push({ pixels: decodeImage(bytes), label: row.label, ...(region ? { region } : {}) });
    else missing.push(row.storage_key);
  }
  // A photo the store has lost is left out, but never silently: it says which, and where it looked.
  if (missing.length > 0)
    warn(
      `${missing.length} labelled photos are not in the photo store (${store.kind === "local" ? `the folder ${path.join(dataDir(), "captures")}` : "S3"}) and are left out, for example ${missing[0]}`,
    );
  return photos;
}
