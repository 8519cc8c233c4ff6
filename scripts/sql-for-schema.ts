// `npm run db:sql-for-schema`: prints the SQL Prisma would write to create
// schema.prisma in an empty database, to start a new migration from
// (compare it with the current one and keep the difference). Uses the embedded
// PostgreSQL, or DATABASE_URL, only because the engine insists on a connection.
import { ConfigError, dataDir, ensureWritableDir } from "../lib/db/index.ts";
import { openDatabase } from "../lib/postgres/index.ts";
import { sqlForSchema } from "../lib/db/schema-engine.ts";

try {
  const database = await openDatabase(ensureWritableDir(dataDir()), (line) => console.error(line));
  try {
    console.log(await sqlForSchema(database.url));
  } finally {
    await database.stop();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
