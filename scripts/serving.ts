// What `npm start` (the demo, with its own database) and `npm run serve` (the
// app alone, one of many instances) share: the port, the build, the log line.
import { type ChildProcess, type StdioOptions, spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "../lib/db/config-error.ts";
import { buildOnce } from "./build-fingerprint.ts";
import { trustedProxiesOf } from "./client-address.mjs";

export const NEXT_BIN = createRequire(import.meta.url).resolve("next/dist/bin/next");
/**
 * The app itself, as node runs it (`node APP_SERVER`, PORT in its environment):
 * Next behind a server that takes the client's address from the socket, or
 * from TRUSTED_PROXIES proxies (scripts/app-server.mjs), never from the client.
 */
export const APP_SERVER = path.join(import.meta.dirname, "app-server.mjs");
/**
 * How node runs one of the project's TypeScript scripts: through tsx, with the
 * hook that lets the server barrels' "server-only" in (package.json's scripts
 * say the same to tsx).
 */
export const SCRIPT_NODE_ARGS = ["--import", pathToFileURL(path.join(import.meta.dirname, "server-only-hook.mjs")).href, "--import", "tsx"];
export const log = (line: string) => console.log(`[understudy] ${line}`);

export function parsePort(value: string | undefined): number {
  const port = Number(value ?? "3000");
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new ConfigError(`PORT must be a whole number from 1 to 65535, not ${JSON.stringify(value)}.`);
  }
  return port;
}

/**
 * Starts the app server in a process group of its own, so that signalling it
 * (signalAppServer) reaches what it started as well: a trainer
 * (lib/model/training/start-trainer.ts) must not go on training, or wait on
 * a database about to stop, once the app is stopped.
 */
export function spawnAppServer(env: NodeJS.ProcessEnv, stdio: StdioOptions = "inherit"): ChildProcess {
  return spawn(process.execPath, [APP_SERVER], { env, stdio, detached: true });
}

/** Sends `signal` to the app server and every process it started. */
export function signalAppServer(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone: the server and all it started have exited.
  }
}

/** TRUSTED_PROXIES is checked before anything starts, so a typo stops the start with one sentence. */
export function assertTrustedProxies(env: Record<string, string | undefined>): void {
  try {
    trustedProxiesOf(env.TRUSTED_PROXIES);
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
}

export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new ConfigError(
          error.code === "EADDRINUSE"
            ? `Port ${port} is in use: stop what runs there, or start Understudy on another port with PORT=<port> npm start.`
            : `Cannot listen on port ${port} (${error.code}): choose another with PORT=<port>.`,
        ),
      ),
    );
    server.listen({ port }, () => server.close(() => resolve()));
  });
}

/** The project's root, where the app is built and run from. */
export const ROOT = path.resolve(import.meta.dirname, "..");

/**
 * Builds the production app when the build is missing or stale, one process
 * at a time: what `npm start` and `npm run serve` do first, and what benches
 * and tests that run the app as a server do before they start it.
 */
export function buildIfNeeded(say: (line: string) => void = log): void {
  buildOnce(ROOT, () => {
    say("Building the app (first start, or the code changed)...");
    const result = spawnSync(process.execPath, [NEXT_BIN, "build"], {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (result.status !== 0) throw new ConfigError("The build failed; the messages above say why.");
  });
}
