import { createPrismaClient } from "../../db/client.ts";
import { dataDir } from "../../db/data-dir.ts";
import { openDatabase } from "../../db/bootstrap.ts";
import { migrate } from "../../db/migrate.ts";
import type { DbOrTx } from "../../db/client.ts";
import { modelContentHash } from "../content-hash.ts";
import type { ModelMetadata } from "../metadata.ts";
import { modelDir } from "../model-dir.ts";

/** Records a model version (idempotent by version name), with the content hash of its shipped artifact. */
export async function upsertModelVersion(db: DbOrTx, metadata: ModelMetadata, artifactPath: string): Promise<{ id: string }> {
  const data = {
    classes: metadata.classes,
    inputSize: metadata.inputSize,
    thresholds: { ...metadata.thresholds },
    metadata: JSON.parse(JSON.stringify(metadata)) as object,
    artifactPath,
    contentHash: artifactPath ? modelContentHash(modelDir(metadata.version)) : "",
  };
  return db.modelVersion.upsert({
    where: { version: metadata.version },
    create: { version: metadata.version, ...data },
    update: data,
    select: { id: true },
  });
}

/**
 * Makes a version the candidate (green) model of stations that run a model:
 * one station by slug, or "all". It then predicts beside the active one.
 * Returns the slugs changed.
 */
export async function setCandidate(db: DbOrTx, modelId: string, version: string, stations: string): Promise<string[]> {
  const targets = await db.station.findMany({
    where: { ...(stations === "all" ? {} : { slug: stations }), automation: { activeModelId: { not: null } } },
    select: { id: true, slug: true, automation: { select: { activeModelId: true } } },
  });
  const changed: string[] = [];
  for (const station of targets) {
    if (station.automation?.activeModelId === modelId) continue;
    await db.stationAutomation.update({ where: { stationId: station.id }, data: { candidateModelId: modelId } });
    await db.auditEvent.create({
      data: { stationId: station.id, actorKind: "SYSTEM", action: "CANDIDATE_SET", reason: `Model ${version} registered by training`, evidence: { model: version } },
    });
    changed.push(station.slug);
  }
  return changed;
}

/**
 * Registers a freshly trained version in the app's database (DATABASE_URL or
 * the embedded one) and, with `candidateFor`, makes it the candidate there.
 */
export async function registerModelVersion(metadata: ModelMetadata, artifactPath: string, candidateFor?: string): Promise<string[]> {
  const database = await openDatabase(dataDir(), () => {});
  try {
    await migrate(database.url);
    const prisma = createPrismaClient(database.url);
    try {
      const { id } = await upsertModelVersion(prisma, metadata, artifactPath);
      return candidateFor ? await setCandidate(prisma, id, metadata.version, candidateFor) : [];
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    await database.stop();
  }
}
