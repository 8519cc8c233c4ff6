// `npm start`: the whole app on one machine. Opens the database (DATABASE_URL,
// or the embedded PostgreSQL under .data/), applies migrations as the schema's
// owner, serves as a role that owns nothing (lib/postgres/roles.ts), seeds demo data
// on first run, builds when the build is missing or stale, and serves the
// production build on PORT (3000), and keeps both running: a crashed app server
// or embedded PostgreSQL is started again. Stops everything cleanly on Ctrl-C / SIGTERM.
import type { ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, createPrismaClient, dataDir, ensureWritableDir, migrate } from "../lib/db/index.ts";
import { assertLeastPrivilege, grantAppPrivileges, openDatabase, roleOf } from "../lib/postgres/index.ts";
import { formatCredentials, readDemoCredentials, saveDemoCredentials, seedDemo } from "../lib/demo/index.ts";
import { photoRetentionDays } from "../lib/captures/retention.ts";
import { captureStoreFromEnv } from "../lib/captures/storage.ts";
import { demoModelOrder, shippedModels } from "../lib/model/shipped.ts";
import { restartDelay } from "./restart-delay.ts";
import { assertPortFree, assertTrustedProxies, buildIfNeeded, log, parsePort, signalAppServer, spawnAppServer } from "./serving.ts";

function authSecret(dir: string): string {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = path.join(dir, "auth-secret");
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

async function main(): Promise<void> {
  const port = parsePort(process.env.PORT);
  photoRetentionDays(process.env);
  assertTrustedProxies(process.env);
  const dir = ensureWritableDir(dataDir());
  await assertPortFree(port);
  const database = await openDatabase(dir, log, { attach: false });
  let isStopping = false;
  const stopDatabase = async () => {
    await database.stop().catch((error: unknown) => console.error("[understudy] stopping PostgreSQL failed", error));
  };
  try {
    const applied = await migrate(database.url);
    if (applied.length > 0) log(`Applied migrations: ${applied.join(", ")}`);
    await grantAppPrivileges(database.url, roleOf(database.appUrl));
    await assertLeastPrivilege(database.appUrl, process.env, log);
    const prisma = createPrismaClient(database.url);
    const credentials = await seedDemo(prisma, {
      store: captureStoreFromEnv(process.env, dir),
      unitsPerStation: Number(process.env.UNDERSTUDY_DEMO_UNITS ?? 100),
      historyUnits: Number(process.env.UNDERSTUDY_DEMO_HISTORY ?? 36_000),
      models: demoModelOrder(shippedModels()),
    });
    await prisma.$disconnect();
    if (credentials) {
      const file = saveDemoCredentials(dir, credentials);
      log(`Demo data created. Sign in with one of these accounts (also saved in ${file}):\n${formatCredentials(credentials)}`);
    } else {
      const saved = readDemoCredentials(dir);
      if (saved && database.isEmbedded) log(`Demo accounts are listed in ${path.join(dir, "demo-credentials.json")}`);
    }
    buildIfNeeded();
  } catch (error) {
    await stopDatabase();
    throw error;
  }

  const env = {
    ...process.env,
    DATABASE_URL: database.appUrl,
    UNDERSTUDY_DATA_DIR: dir,
    BETTER_AUTH_SECRET: authSecret(dir),
    PORT: String(port),
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // Supervision: a crashed app server is started again, and so is a crashed
  // embedded PostgreSQL (its crash recovery replays the WAL, so nothing
  // acknowledged is lost); repeated crashes back off. Only Ctrl-C / SIGTERM stops.
  let server: ChildProcess | null = null;
  const appCrashes: number[] = [];
  const startServer = () => {
    const child = spawnAppServer(env);
    child.on("exit", (code, signal) => {
      server = null;
      // Whatever it started (a trainer) goes with it.
      signalAppServer(child, "SIGTERM");
      if (isStopping) {
        void stopDatabase().then(() => process.exit(0));
        return;
      }
      appCrashes.push(Date.now());
      const delay = restartDelay(appCrashes, Date.now());
      log(`The app server stopped (${signal ?? `exit code ${code}`}); starting it again in ${delay / 1000} s.`);
      setTimeout(() => {
        if (!isStopping) server = startServer();
      }, delay);
    });
    return child;
  };
  server = startServer();
  log(`Understudy is at http://localhost:${port}`);

  const embedded = database.embedded;
  const databaseCrashes: number[] = [];
  let isRestartingDatabase = false;
  const watchdog = embedded
    ? setInterval(() => {
        if (isStopping || isRestartingDatabase || embedded.isRunning()) return;
        isRestartingDatabase = true;
        void (async () => {
          while (!isStopping) {
            databaseCrashes.push(Date.now());
            const delay = restartDelay(databaseCrashes, Date.now()) / 2;
            log(`The embedded PostgreSQL stopped; starting it again in ${delay / 1000} s (the app answers 503 until then).`);
            await new Promise((resolve) => setTimeout(resolve, delay));
            try {
              await embedded.restart();
              log("The embedded PostgreSQL is back.");
              break;
            } catch (error) {
              log(`Restarting PostgreSQL failed: ${error instanceof Error ? error.message : String(error)}`);
            }
          }
          isRestartingDatabase = false;
        })();
      }, 1_000)
    : null;

  const shutdown = (signal: NodeJS.Signals) => {
    if (isStopping) return;
    isStopping = true;
    if (watchdog) clearInterval(watchdog);
    log(`${signal}: stopping`);
    if (server) signalAppServer(server, "SIGTERM");
    // Between a crash and its restart there is no app server to wait for.
    else void stopDatabase().then(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  // The app server has a process group of its own: a closed terminal's hangup reaches only this process.
  process.on("SIGHUP", shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`[understudy] ${error.message}`);
  } else {
    console.error("[understudy] Start failed:", error);
  }
  process.exit(1);
});
