import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../lib/postgres/index.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { ensureAppRole } from "../../lib/postgres/index.ts";
import { TEMPLATE_DATABASE, TEST_APP_PASSWORD, TEST_APP_ROLE } from "./database-names.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** A server URL whose user may create databases. */
    databaseServerUrl: string;
  }
}

/**
 * Integration tests run on real PostgreSQL: DATABASE_URL's server when set,
 * else a throw-away embedded server. The migrations are applied once to a
 * template database; each test file then gets its own copy (test/support/test-database.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let serverUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  let tempDir: string | undefined;
  if (!serverUrl) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-test-"));
    // The server may run as the `postgres` user (when tests run as root).
    fs.chmodSync(tempDir, 0o755);
    const server = await startEmbeddedPostgres(tempDir);
    serverUrl = server.url;
    stop = () => server.stop();
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  await ensureAppRole(serverUrl, TEST_APP_ROLE, TEST_APP_PASSWORD);
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  await migrate(templateUrl.toString());
  project.provide("databaseServerUrl", serverUrl);
  return async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await cleanup.end();
    await stop();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  };
}
