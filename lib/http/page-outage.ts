import pg from "pg";

// Pages while the database is away. API routes answer 503 problem+json on
// their own (lib/http/route.ts); a page that failed to load its data would be
// a 500, so the proxy asks the database first (a reachable answer is trusted
// for a second) and answers 503 with Retry-After itself.

const TRUST_MS = 1_000;
let pool: { url: string; pool: pg.Pool } | null = null;
let reachableUntil = 0;

/** Whether DATABASE_URL answers `SELECT 1` (within a second); true without a DATABASE_URL (nothing to ask). */
export async function isDatabaseReachable(now: number = Date.now()): Promise<boolean> {
  const url = process.env.DATABASE_URL;
  if (!url) return true;
  if (pool?.url !== url) {
    void pool?.pool.end().catch(() => undefined);
    const fresh = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 1_000, idleTimeoutMillis: 10_000 });
    // An idle connection the server dropped (a restart) must not take the process down.
    fresh.on("error", () => undefined);
    pool = { url, pool: fresh };
    reachableUntil = 0;
  }
  if (now < reachableUntil) return true;
  try {
    await pool.pool.query("SELECT 1");
    reachableUntil = now + TRUST_MS;
    return true;
  } catch {
    return false;
  }
}

/** Whether a request is for a page (not the API, not a file from public/ or the build). */
export function isPageRequest(pathname: string): boolean {
  return !pathname.startsWith("/api/") && !pathname.startsWith("/_next/") && !/\.[a-z0-9]+$/i.test(pathname.split("/").at(-1) ?? "");
}

const RETRY_SECONDS = 5;

/** The page shown instead: it says what happens and reloads itself. No script, so no CSP nonce needed. */
export function outagePage(): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${RETRY_SECONDS}"><title>Understudy: back in a moment</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem"><h1>Back in a moment</h1><p>The database is not reachable right now, so this page cannot be shown. Nothing you sent is lost: verdicts waiting in an inspection page's outbox are sent when it is back.</p><p>This page tries again every ${RETRY_SECONDS} seconds.</p></body></html>`;
  return new Response(html, {
    status: 503,
    headers: { "content-type": "text/html; charset=utf-8", "retry-after": String(RETRY_SECONDS), "cache-control": "no-store" },
  });
}
