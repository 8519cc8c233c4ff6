import { HttpProblem } from "./problem.ts";

/** Codes of a database that is down, restarting or unreachable: node's socket errors, PostgreSQL's SQLSTATEs, Prisma's. */
const CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "P1001",
  "P1002",
  "P1017",
  "P2024",
]);
/** Kinds of @prisma/driver-adapter-utils errors for the same. */
const KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "DatabaseDoesNotExist"]);
const MESSAGES =
  /connection terminated|connection error and is not queryable|ECONNREFUSED|terminating connection due to (administrator command|unexpected postmaster exit)|the database system is (starting up|shutting down|in recovery mode)|can't reach database server|server has closed the connection|connection is closed/i;

/** Whether an error (or anything in its chain of causes) says the database cannot be reached right now. */
export function databaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 6 || error === null || typeof error !== "object") return false;
  const e = error as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof e.code === "string" && CODES.has(e.code)) return true;
  if (typeof e.originalCode === "string" && CODES.has(e.originalCode)) return true;
  if (typeof e.kind === "string" && KINDS.has(e.kind)) return true;
  if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
  // Prisma's P2039 ("Database error") carries the driver's error in its meta, not as its cause.
  return databaseUnavailable(e.cause, depth + 1) || databaseUnavailable(e.meta?.driverAdapterError, depth + 1);
}

/** What a client is told while the database is away: try again shortly, with the same idempotency key. */
export const DATABASE_UNAVAILABLE = new HttpProblem(
  503,
  "Service Unavailable",
  "The database is not reachable right now; nothing was stored. Retry in a few seconds.",
  {
    reason: "database-unavailable",
  },
);
