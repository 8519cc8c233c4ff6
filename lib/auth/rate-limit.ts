import type { DbOrTx } from "../db/index.ts";

/** At most `limit` hits per `windowSeconds` for one key (a fixed window, kept in the database so it survives restarts and is shared by instances). */
export interface RateRule {
  limit: number;
  windowSeconds: number;
}

export interface RateState {
  allowed: boolean;
  hits: number;
  /** Seconds until the window resets. */
  retryAfterSeconds: number;
}

function stateOf(rule: RateRule, row: { hits: number; window_start: Date } | undefined, at: Date, counting: boolean): RateState {
  if (!row) return { allowed: true, hits: 0, retryAfterSeconds: 0 };
  const resetsAt = row.window_start.getTime() + rule.windowSeconds * 1000;
  if (resetsAt <= at.getTime()) return { allowed: true, hits: 0, retryAfterSeconds: 0 };
  // Counting: this hit is included; peeking: one more hit must still fit.
  const allowed = counting ? row.hits <= rule.limit : row.hits < rule.limit;
  return { allowed, hits: row.hits, retryAfterSeconds: Math.max(1, Math.ceil((resetsAt - at.getTime()) / 1000)) };
}

/** Counts one hit on `key` (atomically, whatever runs at once) and says whether it is within the rule. */
export async function hitRateLimit(db: DbOrTx, key: string, rule: RateRule, at: Date = new Date()): Promise<RateState> {
  const expired = new Date(at.getTime() - rule.windowSeconds * 1000);
  const [row] = await db.$queryRaw<{ hits: number; window_start: Date }[]>`
    INSERT INTO rate_limits (key, window_start, hits) VALUES (${key}, ${at}, 1)
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN rate_limits.window_start <= ${expired} THEN 1 ELSE rate_limits.hits + 1 END,
      window_start = CASE WHEN rate_limits.window_start <= ${expired} THEN ${at} ELSE rate_limits.window_start END
    RETURNING hits, window_start`;
  // Old keys are dropped now and then, so the table stays the size of the recent callers.
  if (Math.random() < 0.01) await db.$executeRaw`DELETE FROM rate_limits WHERE window_start < ${new Date(at.getTime() - 86_400_000)}`;
  return stateOf(rule, row, at, true);
}

/** Whether one more hit on `key` would be within the rule, without counting it. */
export async function peekRateLimit(db: DbOrTx, key: string, rule: RateRule, at: Date = new Date()): Promise<RateState> {
  const row = await db.rateLimit.findUnique({ where: { key }, select: { hits: true, windowStart: true } });
  return stateOf(rule, row ? { hits: row.hits, window_start: row.windowStart } : undefined, at, false);
}

/**
 * Wrong passwords for one account from one address: the first `freeFailures`
 * cost nothing, each one after doubles the wait before the next try from that
 * address (2 s, 4 s, ... up to `maxWaitSeconds`), and the count is forgotten
 * a day after the last one (lib/auth/sign-in-backoff.ts). Nothing is held
 * against the account itself, so nobody elsewhere can lock its owner out.
 */
export interface SignInBackoff {
  freeFailures: number;
  maxWaitSeconds: number;
}

export interface SignInRules {
  address: RateRule;
  backoff: SignInBackoff;
}

/**
 * Sign-in limits: attempts per network address (SIGN_IN_RATE_LIMIT per
 * minute, default 60: a shift of inspectors behind one factory NAT signs in
 * at once), and, per account and address, 5 wrong passwords free and then a
 * wait that doubles with each one (2 s, 4 s, ... 15 minutes at most; see
 * lib/auth/sign-in-backoff.ts). Nothing counts against an account from
 * everywhere, so nobody can lock its owner out from elsewhere.
 */
export function signInRules(env: Record<string, string | undefined> = process.env): SignInRules {
  const perMinute = Number(env.SIGN_IN_RATE_LIMIT ?? "60");
  return {
    address: { limit: Number.isInteger(perMinute) && perMinute > 0 ? perMinute : 60, windowSeconds: 60 },
    backoff: { freeFailures: 5, maxWaitSeconds: 15 * 60 },
  };
}

/**
 * The caller's address: the last X-Forwarded-For entry. The app server
 * (scripts/app-server.mjs, what `npm start` and `npm run serve` run) sets the
 * header to the one address it trusts, the socket's peer or what the
 * TRUSTED_PROXIES nearest proxies saw, so a client cannot choose it. (Under
 * `next dev` or `next start` it can: Next keeps a header the client sent.)
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded
    ?.split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .at(-1);
  return last ?? headers.get("x-real-ip") ?? "unknown";
}
