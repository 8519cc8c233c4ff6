// The database as the app sees it: the Prisma client, the SQL migration
// runner, and the data directory local state lives in. Running PostgreSQL
// (the embedded server, opening the app's database, its roles) is
// lib/postgres; the demo's seed is lib/demo.
import "server-only";

export { db, createPrismaClient, isUniqueViolation, type Db, type DbOrTx } from "./client.ts";
export { ConfigError, describeConnectionError } from "./config-error.ts";
export { dataDir, ensureWritableDir } from "./data-dir.ts";
export { migrate, pendingMigrations, readMigrations, MIGRATIONS_DIR, type Migration } from "./migrate.ts";
