import { createPrismaClient, type DbOrTx, dataDir, migrate } from "../../db/index.ts";
import { openDatabase } from "../../postgres/index.ts";
import { modelCoverageProblem } from "../../automation/index.ts";
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
 * A station whose defect classes the version does not all know is left as it
 * was, with the reason.
 */
export async function setCandidate(db: DbOrTx, modelId: string, version: string, stations: string): Promise<CandidateOutcome> {
  const targets = await db.station.findMany({
    where: { ...(stations === "all" ? {} : { slug: stations }), automation: { activeModelId: { not: null } } },
    select: { id: true, slug: true, automation: { select: { activeModelId: true } } },
  });
  const outcome: CandidateOutcome = { changed: [], refused: [] };
  for (const station of targets) {
    if (station.automation?.activeModelId === modelId) continue;
    const why = await modelCoverageProblem(db, station.id, modelId);
    if (why) {
      outcome.refused.push({ slug: station.slug, why: why.detail });
      continue;
    }
    await db.stationAutomation.update({ where: { stationId: station.id }, data: { candidateModelId: modelId } });
    await db.auditEvent.create({
      data: {
        stationId: station.id,
        actorKind: "SYSTEM",
        action: "CANDIDATE_SET",
        reason: `Model ${version} registered by training`,
        evidence: { model: version },
      },
    });
    outcome.changed.push(station.slug);
  }
  return outcome;
}

export interface CandidateOutcome {
  changed: string[];
  refused: { slug: string; why: string }[];
}

/**
 * Registers a freshly trained version in the app's database (DATABASE_URL or
 * the embedded one) and, with `candidateFor`, makes it the candidate there.
 */
export async function registerModelVersion(metadata: ModelMetadata, artifactPath: string, candidateFor?: string): Promise<CandidateOutcome> {
  const database = await openDatabase(dataDir(), () => {});
  try {
    await migrate(database.url);
    const prisma = createPrismaClient(database.url);
    try {
      const { id } = await upsertModelVersion(prisma, metadata, artifactPath);
      return candidateFor ? await setCandidate(prisma, id, metadata.version, candidateFor) : { changed: [], refused: [] };
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    await database.stop();
  }
}
