// `npm run serve`: the production app alone, one of as many instances as the
// load needs behind a load balancer, on a PostgreSQL someone else runs
// (DATABASE_URL). No embedded database, no migrations (run `npm run
// db:migrate` once, as the schema's owner), no demo data, no supervision (the
// process manager restarts it). Refuses to start on a database whose schema
// is behind the code, as a role that could rewrite the audit trail, or
// without the secret every instance must share.
import { photoRetentionDays } from "../lib/captures/retention.ts";
import { ConfigError, pendingMigrations } from "../lib/db/index.ts";
import { assertLeastPrivilege } from "../lib/postgres/index.ts";
import { assertPortFree, assertTrustedProxies, buildIfNeeded, log, parsePort, signalAppServer, spawnAppServer } from "./serving.ts";

async function main(): Promise<void> {
  const port = parsePort(process.env.PORT);
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new ConfigError(
      "npm run serve needs DATABASE_URL: a PostgreSQL migrated with npm run db:migrate, as a role that owns nothing (npm start is the demo, with a database of its own).",
    );
  const secret = process.env.BETTER_AUTH_SECRET ?? "";
  if (secret.length < 32)
    throw new ConfigError(
      "npm run serve needs BETTER_AUTH_SECRET of at least 32 characters, the same on every instance, so a session one instance made is good on all.",
    );
  // A bad photo retention stops the start here, not in every instance's first sweep.
  photoRetentionDays(process.env);
  assertTrustedProxies(process.env);
  await assertPortFree(port);
  const pending = await pendingMigrations(url);
  if (pending.length > 0) {
    throw new ConfigError(
      `The database's schema is behind the code by ${pending.length} migration${pending.length === 1 ? "" : "s"} (${pending.join(", ")}): run npm run db:migrate as the schema's owner first.`,
    );
  }
  await assertLeastPrivilege(url, process.env, log);
  buildIfNeeded();
  const child = spawnAppServer({ ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) });
  log(`Serving on port ${port} against ${new URL(url).host}.`);
  // To the app server's whole group: a trainer it started stops with it.
  const stop = (signal: NodeJS.Signals) => signalAppServer(child, signal === "SIGHUP" ? "SIGTERM" : signal);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.on("SIGHUP", stop);
  child.on("exit", (code, signal) => {
    signalAppServer(child, "SIGTERM");
    process.exit(code ?? (signal ? 1 : 0));
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`[understudy] ${error.message}`);
  else console.error("[understudy] Serve failed:", error);
  process.exit(1);
});
