import { createPrismaClient } from "../../db/client.ts";
import { dataDir } from "../../db/data-dir.ts";
import { openDatabase } from "../../db/bootstrap.ts";
import { migrate } from "../../db/migrate.ts";
import type { DbOrTx } from "../../db/client.ts";
import type { ModelMetadata } from "../metadata.ts";

/** Records a model version (idempotent by version name). */
export async function upsertModelVersion(db: DbOrTx, metadata: ModelMetadata, artifactPath: string): Promise<{ id: string }> {
  const data = {
    classes: metadata.classes,
    inputSize: metadata.inputSize,
    thresholds: { ...metadata.thresholds },
    metadata: JSON.parse(JSON.stringify(metadata)) as object,
    artifactPath,
  };
  return db.modelVersion.upsert({
    where: { version: metadata.version },
    create: { version: metadata.version, ...data },
    update: data,
    select: { id: true },
  });
}

/** Registers a freshly trained version in the app's database (DATABASE_URL or the embedded one). */
export async function registerModelVersion(metadata: ModelMetadata, artifactPath: string): Promise<void> {
  const database = await openDatabase(dataDir(), () => {});
  try {
    await migrate(database.url);
    const prisma = createPrismaClient(database.url);
    await upsertModelVersion(prisma, metadata, artifactPath);
    await prisma.$disconnect();
  } finally {
    await database.stop();
  }
}
