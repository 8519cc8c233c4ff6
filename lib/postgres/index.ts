// Running PostgreSQL for Understudy: the embedded server (the demo, the tests
// and the benches), opening the app's database (DATABASE_URL, else the running
// app's embedded server, else one started on the data directory) and its
// least-privilege roles. The app itself only needs lib/db: a client and the
// migrations.
import "server-only";

export { isPostmasterRunning, runningEmbeddedPostgres, startEmbeddedPostgres, withDatabase, type EmbeddedDatabase } from "./embedded.ts";
export { openDatabase, type OpenDatabase } from "./bootstrap.ts";
export { APP_ROLE, ALLOW_SUPERUSER_ENV, assertLeastPrivilege, checkAppRole, ensureAppRole, grantAppPrivileges, roleOf, type AppRoleCheck } from "./roles.ts";
