import crypto from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../db/index.ts";
import { assertLeastPrivilege, checkAppRole, ensureAppRole, grantAppPrivileges, roleOf } from "./roles.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";

const database = await useTestDatabase();
const suffix = crypto.randomBytes(4).toString("hex");
const appRole = `understudy_app_${suffix}`;
const ownerRole = `understudy_owner_${suffix}`;
const password = crypto.randomBytes(12).toString("base64url");

function as(role: string): string {
  const url = new URL(database.url);
  url.username = role;
  url.password = password;
  return url.toString();
}

async function run(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

await ensureAppRole(database.url, appRole, password);
await grantAppPrivileges(database.url, appRole);
const appUrl = as(appRole);

afterAll(async () => {
  const superuser = roleOf(database.url);
  await run(database.url, `ALTER TABLE "audit_events" OWNER TO "${superuser}"`);
  for (const role of [appRole, ownerRole]) {
    await run(
      database.url,
      `DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN EXECUTE 'DROP OWNED BY "${role}"'; EXECUTE 'DROP ROLE "${role}"'; END IF; END $$`,
    );
  }
});

const INSERT_EVENT = `INSERT INTO "audit_events" (actor_kind, action, reason) VALUES ('SYSTEM', 'ROLE_TEST', 'written by the app role')`;

describe("the app's database role", () => {
  it("appends to the audit trail and reads it", async () => {
    await run(appUrl, INSERT_EVENT);
    const client = new pg.Client({ connectionString: appUrl });
    await client.connect();
    const { rows } = await client.query(`SELECT reason FROM "audit_events" WHERE action = 'ROLE_TEST'`);
    await client.end();
    expect(rows).toEqual([{ reason: "written by the app role" }]);
  });

  // Each refused by the role's privileges themselves, not by the trail's
  // trigger (which the owner could disable): PostgreSQL's own messages.
  it.each([
    ["UPDATE", `UPDATE "audit_events" SET reason = 'rewritten'`, /permission denied for table audit_events/],
    ["DELETE", `DELETE FROM "audit_events"`, /permission denied for table audit_events/],
    ["TRUNCATE", `TRUNCATE "audit_events"`, /permission denied for table audit_events/],
    ["DISABLE TRIGGER", `ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_append_only"`, /must be owner of table audit_events/],
    ["DISABLE TRIGGER ALL", `ALTER TABLE "audit_events" DISABLE TRIGGER ALL`, /must be owner of table audit_events/],
    ["DROP", `DROP TABLE "audit_events"`, /must be owner of table audit_events/],
    ["replica mode", `SET session_replication_role = replica`, /permission denied to set parameter/],
  ])("cannot %s the audit trail", async (_, sql, message) => {
    await expect(run(appUrl, sql)).rejects.toThrow(message);
  });

  it("cannot change the shape of the working tables or add its own", async () => {
    await expect(run(appUrl, `ALTER TABLE "verdicts" DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner of table verdicts/);
    await expect(run(appUrl, `CREATE TABLE "public"."mine" (id int)`)).rejects.toThrow(/permission denied for schema public/);
    // The migration record it may read (an instance checks the schema is current), never write.
    await expect(run(appUrl, `SELECT migration_name FROM "_prisma_migrations"`)).resolves.not.toThrow();
    await expect(run(appUrl, `DELETE FROM "_prisma_migrations"`)).rejects.toThrow(/permission denied/);
    await expect(run(appUrl, `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('x', 'x', 'x')`)).rejects.toThrow(/permission denied/);
  });

  it("is seen as least-privileged, and a superuser or an owner of the trail is refused", async () => {
    expect(await checkAppRole(appUrl)).toEqual({ role: appRole, isSuperuser: false, canRewriteAudit: false });
    await expect(assertLeastPrivilege(appUrl, {}, () => {})).resolves.toBeUndefined();

    const superuser = await checkAppRole(database.url);
    if (!superuser.isSuperuser) return; // an external test server whose user is not a superuser
    await expect(assertLeastPrivilege(database.url, {}, () => {})).rejects.toThrow(ConfigError);
    await expect(assertLeastPrivilege(database.url, {}, () => {})).rejects.toThrow(/a superuser.*MIGRATION_DATABASE_URL/);
    const warnings: string[] = [];
    await assertLeastPrivilege(database.url, { UNDERSTUDY_ALLOW_SUPERUSER: "1" }, (line) => warnings.push(line));
    expect(warnings).toEqual([expect.stringMatching(/^WARNING: .*a superuser.*UNDERSTUDY_ALLOW_SUPERUSER=1/)]);

    await ensureAppRole(database.url, ownerRole, password);
    await run(database.url, `ALTER TABLE "audit_events" OWNER TO "${ownerRole}"`);
    expect(await checkAppRole(as(ownerRole))).toEqual({ role: ownerRole, isSuperuser: false, canRewriteAudit: true });
    await expect(assertLeastPrivilege(as(ownerRole), {}, () => {})).rejects.toThrow(/owns or may rewrite audit_events/);
  });
});
