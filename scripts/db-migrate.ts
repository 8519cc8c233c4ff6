// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL, or to the
// embedded PostgreSQL under .data/ when DATABASE_URL is not set.
import { ConfigError, dataDir, ensureWritableDir, migrate, openDatabase } from "../lib/db/index.ts";

const log = (line: string) => console.log(`[understudy] ${line}`);

try {
  const database = await openDatabase(ensureWritableDir(dataDir()), log);
  try {
    const applied = await migrate(database.url);
    log(applied.length > 0 ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
  } finally {
    await database.stop();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? `[understudy] ${error.message}` : error);
  process.exit(1);
}
