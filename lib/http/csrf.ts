import { HttpProblem } from "./problem.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Origins besides the request's own host that may send cookie-authenticated changes (BETTER_AUTH_URL behind a proxy). */
function trustedOrigins(): string[] {
  return [process.env.BETTER_AUTH_URL].filter((origin): origin is string => Boolean(origin)).map((origin) => new URL(origin).origin);
}

/**
 * Cross-site request forgery guard for cookie-authenticated changes. A browser
 * tells where a request comes from (Origin on every cross-origin and every
 * non-GET fetch, Sec-Fetch-Site on all of them): a change is refused unless it
 * comes from this app's own origin. A request with neither header is not from
 * a browser, so it cannot carry a victim's cookie (command-line clients and
 * the simulator send their own session).
 */
export function crossSiteProblem(request: Request): HttpProblem | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return refused(`a ${site} request`);
  const origin = request.headers.get("origin");
  if (!origin) return null;
  if (origin === "null") return refused("an opaque origin");
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return refused("an unreadable Origin");
  }
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  if (from.host === host || trustedOrigins().includes(from.origin)) return null;
  return refused(`origin ${from.origin}`);
}

function refused(what: string): HttpProblem {
  return new HttpProblem(403, "Forbidden", `Cross-site request refused: changes must come from this app's own pages, not from ${what}.`, {
    reason: "cross-site",
  });
}
