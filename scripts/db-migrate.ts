// `npm run db:migrate`: applies prisma/migrations as the schema's owner
// (MIGRATION_DATABASE_URL, else DATABASE_URL, else the embedded PostgreSQL
// under .data/) and grants the app's role (DATABASE_URL's) what it needs, so
// `npm run serve` instances can start on it.
import { ConfigError, dataDir, ensureWritableDir, migrate } from "../lib/db/index.ts";
import { grantAppPrivileges, openDatabase, roleOf } from "../lib/postgres/index.ts";

const log = (line: string) => console.log(`[understudy] ${line}`);

try {
  const database = await openDatabase(ensureWritableDir(dataDir()), log);
  try {
    const applied = await migrate(database.url);
    log(applied.length > 0 ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
    await grantAppPrivileges(database.url, roleOf(database.appUrl));
  } finally {
    await database.stop();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? `[understudy] ${error.message}` : error);
  process.exit(1);
}
