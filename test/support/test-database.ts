import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { createPrismaClient, type Db } from "../../lib/db/client.ts";
import { withDatabase, grantAppPrivileges } from "../../lib/postgres/index.ts";
import { TEMPLATE_DATABASE, TEST_APP_PASSWORD, TEST_APP_ROLE } from "./database-names.ts";
import { workDrained } from "../../lib/background/index.ts";

export interface TestDatabase {
  url: string;
  prisma: Db;
}

/**
 * A fresh, migrated database of this test file's own, dropped after the file.
 * Call at the top level of an .int.test.ts file.
 */
export async function useTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject("databaseServerUrl");
  const name = `understudy_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  const prisma = createPrismaClient(url);
  afterAll(async () => {
    // Background work the file's writes started still runs on this database: let it finish first.
    await workDrained();
    await prisma.$disconnect();
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  });
  return { url, prisma };
}

/**
 * For tests that call the app's own code as the server runs it (route
 * handlers, auth): a test database as above, made the app's (DATABASE_URL,
 * signed in as the app's least-privileged role, as `npm start` runs it; the
 * returned `prisma` stays the owner's, for setting up), a fixed auth secret,
 * and a temporary data directory (UNDERSTUDY_DATA_DIR, removed after the
 * file). Import route modules after calling it.
 */
export async function useAppDatabase(): Promise<TestDatabase & { dataDir: string }> {
  const database = await useTestDatabase();
  await grantAppPrivileges(database.url, TEST_APP_ROLE);
  const appUrl = new URL(database.url);
  appUrl.username = TEST_APP_ROLE;
  appUrl.password = TEST_APP_PASSWORD;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-test-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  process.env.DATABASE_URL = appUrl.toString();
  process.env.UNDERSTUDY_DATA_DIR = dataDir;
  process.env.BETTER_AUTH_SECRET = "test-secret-test-secret-test-secret-0123";
  return { ...database, dataDir };
}

/** A database of its own with nothing in it, not even the migrations. */
export async function useEmptyDatabase(): Promise<string> {
  const serverUrl = inject("databaseServerUrl");
  const name = `understudy_empty_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  afterAll(async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  });
  return withDatabase(serverUrl, name);
}
