import crypto from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { createPrismaClient, type Db } from "../client.ts";
import { withDatabase } from "../embedded.ts";
import { TEMPLATE_DATABASE } from "./names.ts";

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
    await prisma.$disconnect();
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  });
  return { url, prisma };
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
