// The database: the Prisma client, the embedded PostgreSQL used when no
// DATABASE_URL is given, its roles and the SQL migration runner. The demo's
// seed is lib/demo.
export { db, createPrismaClient, isUniqueViolation, type Db, type DbOrTx } from "./client.ts";
export { ConfigError, describeConnectionError } from "./config-error.ts";
export { dataDir, ensureWritableDir } from "./data-dir.ts";
export { startEmbeddedPostgres, withDatabase, type EmbeddedDatabase } from "./embedded.ts";
export { openDatabase, type OpenDatabase } from "./bootstrap.ts";
export { APP_ROLE, ALLOW_SUPERUSER_ENV, assertLeastPrivilege, checkAppRole, ensureAppRole, grantAppPrivileges, roleOf } from "./roles.ts";
export { migrate, pendingMigrations, readMigrations, MIGRATIONS_DIR, type Migration } from "./migrate.ts";
