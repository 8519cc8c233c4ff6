// Least privilege: migrations and seeding run as the role that owns the
// schema; the app server runs as a role that owns nothing, may read and write
// the working tables, and may only append to and read the audit trail. A role
// that owns `audit_events` could `ALTER TABLE ... DISABLE TRIGGER` and then
// rewrite history, so the app refuses to start as one unless told to.
import pg from "pg";
import { ConfigError, describeConnectionError } from "../db/index.ts";

/** The login role `npm start` creates on the embedded server for the app. */
export const APP_ROLE = "understudy_app";

/** Set to 1 to let the app run as a superuser or as the owner of the audit trail (with a warning). */
export const ALLOW_SUPERUSER_ENV = "UNDERSTUDY_ALLOW_SUPERUSER";

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new ConfigError(describeConnectionError(url, error));
  }
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Creates the app's login role on a server where `superuserUrl` may create
 * roles, or sets its password when it exists: no superuser, no database or
 * role creation, no replication, no row-security bypass.
 */
export async function ensureAppRole(superuserUrl: string, role: string, password: string): Promise<void> {
  await withClient(superuserUrl, async (client) => {
    const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
    const verb = exists.rowCount === 0 ? "CREATE" : "ALTER";
    // Role names and passwords cannot be bound as parameters in DDL.
    await client.query(
      `${verb} ROLE ${quoteIdent(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${quoteLiteral(password)}`,
    );
  });
}

/** The role a connection string signs in as. */
export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/**
 * Run by the owner after the migrations: the app's role may use every table
 * of the schema but not change its shape, and on `audit_events` only SELECT
 * and INSERT. Repeated at every start, so tables a new migration adds are
 * covered. Nothing to do when the app signs in as the owner itself.
 */
export async function grantAppPrivileges(ownerUrl: string, appRole: string): Promise<void> {
  if (appRole === roleOf(ownerUrl)) return;
  const role = quoteIdent(appRole);
  await withClient(ownerUrl, async (client) => {
    await client.query("BEGIN");
    try {
      const { rows } = await client.query<{ db: string }>("SELECT current_database() AS db");
      await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${quoteIdent(rows[0]!.db)} TO ${role}`);
      await client.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      await client.query(`REVOKE CREATE ON SCHEMA public FROM ${role}`);
      await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
      await client.query(`REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${role}`);
      await client.query(`REVOKE UPDATE, DELETE ON "audit_events" FROM ${role}`);
      // Read only: an instance checks the schema is current before it serves (npm run serve), never changes it.
      await client.query(`REVOKE ALL ON "_prisma_migrations" FROM ${role}`);
      await client.query(`GRANT SELECT ON "_prisma_migrations" TO ${role}`);
      await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  });
}

export interface AppRoleCheck {
  role: string;
  isSuperuser: boolean;
  /** Owns the audit trail (or is a member of its owner), or may UPDATE, DELETE or TRUNCATE it. */
  canRewriteAudit: boolean;
}

/** What the app's role could do to the audit trail, as the server itself answers. */
export async function checkAppRole(appUrl: string): Promise<AppRoleCheck> {
  return withClient(appUrl, async (client) => {
    const { rows } = await client.query<{ role: string; is_superuser: boolean; can_rewrite: boolean }>(`
      SELECT current_user AS role,
             (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS is_superuser,
             pg_has_role(current_user, c.relowner, 'USAGE')
               OR has_table_privilege(current_user, c.oid, 'UPDATE')
               OR has_table_privilege(current_user, c.oid, 'DELETE')
               OR has_table_privilege(current_user, c.oid, 'TRUNCATE') AS can_rewrite
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname = 'audit_events'`);
    const row = rows[0];
    if (!row) throw new ConfigError("The database has no audit_events table: run the migrations first (npm run db:migrate).");
    return { role: row.role, isSuperuser: row.is_superuser, canRewriteAudit: row.is_superuser || row.can_rewrite };
  });
}

/**
 * Refuses to serve as a role that could rewrite the audit trail, unless
 * UNDERSTUDY_ALLOW_SUPERUSER=1, which starts with a warning instead.
 */
export async function assertLeastPrivilege(appUrl: string, env: Record<string, string | undefined>, log: (line: string) => void): Promise<void> {
  const check = await checkAppRole(appUrl);
  if (!check.canRewriteAudit) return;
  const what = check.isSuperuser ? "a superuser" : "a role that owns or may rewrite audit_events";
  const problem = `DATABASE_URL signs in as ${JSON.stringify(check.role)}, ${what}: the app could disable the audit trail's ` + `triggers and rewrite it.`;
  if (env[ALLOW_SUPERUSER_ENV] === "1") {
    log(`WARNING: ${problem} Running anyway because ${ALLOW_SUPERUSER_ENV}=1.`);
    return;
  }
  throw new ConfigError(
    `${problem} Give the app a role that owns nothing (DATABASE_URL) and run migrations as the owner ` +
      `(MIGRATION_DATABASE_URL), or set ${ALLOW_SUPERUSER_ENV}=1 to run anyway.`,
  );
}
