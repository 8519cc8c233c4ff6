import { currentUser, type CurrentUser, type Role } from "../auth/index.ts";
import { ConfigError } from "../db/index.ts";
import { crossSiteProblem } from "./csrf.ts";
import { DATABASE_UNAVAILABLE, databaseUnavailable } from "./unavailable.ts";
import { forbidden, HttpProblem, problemResponse, unauthorized } from "./problem.ts";

// The checks every route handler shares (lib/http/operation.ts runs them):
// 401 to anonymous callers, 403 to roles not listed and to cross-site
// changes (CSRF), HttpProblems as problem+json, 503 when the database
// cannot be reached (clients retry), and a logged 500 without a stack trace
// for anything else.

/** The signed-in person making a same-site request, in one of `roles`; else the 401 or 403 to answer. */
export async function signedInWithRole(request: Request, roles: readonly Role[]): Promise<CurrentUser> {
  const crossSite = crossSiteProblem(request);
  if (crossSite) throw crossSite;
  return withRole(await currentUser(request.headers), roles);
}

/** The person, if signed in with one of `roles` and not on a one-time password; else the 401 or 403 to answer. Route handlers and server actions share it. */
export function withRole(user: CurrentUser | null, roles: readonly Role[]): CurrentUser {
  if (!user) throw unauthorized();
  if (user.mustChangePassword) throw forbidden("This account signed in with a one-time password: choose a new one at /account first.");
  if (!roles.includes(user.role)) throw forbidden();
  return user;
}

/** What a client is told while the server has no database configured: the fault is its operator's, logged once a request. */
const NOT_CONFIGURED = new HttpProblem(503, "Service Unavailable", "This server is not configured to reach its database; nothing was stored.", {
  reason: "not-configured",
});

/** The answer to a handler's error: its problem, 503 while the database is away or not configured, else a logged 500 without a stack trace. */
export function errorResponse(request: Request, error: unknown): Response {
  if (error instanceof HttpProblem) return problemResponse(error);
  if (databaseUnavailable(error)) return problemResponse(DATABASE_UNAVAILABLE);
  if (error instanceof ConfigError) {
    console.error(`${request.method} ${new URL(request.url).pathname}: ${error.message}`);
    return problemResponse(NOT_CONFIGURED);
  }
  console.error(`${request.method} ${new URL(request.url).pathname} failed`, error);
  return problemResponse(new HttpProblem(500, "Internal Server Error", "Something went wrong; it has been logged."));
}
