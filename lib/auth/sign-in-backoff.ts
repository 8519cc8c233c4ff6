// Sign-in limits kept in the database (so every app instance shares them):
// attempts per address, and a growing wait after wrong passwords per
// (account, address) pair, which an admin may lift.
import { appendAudit, SYSTEM_ACTOR, type Actor } from "../audit/index.ts";
import type { DbOrTx } from "../db/index.ts";
import { clientAddress, hitRateLimit, type SignInBackoff, type SignInRules, signInRules } from "./rate-limit.ts";

export type { SignInBackoff, SignInRules };

const wait = (seconds: number) => (seconds > 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`);

/** How long one more try must wait after `failures` wrong passwords, in seconds (0: no wait). */
export function backoffSeconds(failures: number, backoff: SignInBackoff): number {
  const over = failures - backoff.freeFailures;
  if (over <= 0) return 0;
  return Math.min(backoff.maxWaitSeconds, 2 ** Math.min(over, 30));
}

// The rate_limits table holds each (account, address) pair's failures: hits,
// and window_start as the time of the last one.
const FAILURES = "sign-in:failures:";
const failuresKey = (email: string, address: string) => `${FAILURES}${email.toLowerCase()}:${address}`;
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Counts a sign-in attempt against its address and says why it must be
 * refused before the password is even checked: too many attempts from the
 * address, or wrong passwords for this account from this address too
 * recently. Null lets it through.
 */
export async function signInRefusal(
  db: DbOrTx,
  email: string,
  headers: Headers,
  rules: SignInRules = signInRules(),
  at: Date = new Date(),
): Promise<{ error: string; retryAfterSeconds: number } | null> {
  const address = clientAddress(headers);
  const attempts = await hitRateLimit(db, `sign-in:address:${address}`, rules.address, at);
  if (!attempts.allowed)
    return { error: `Too many sign-in attempts from this address; wait ${wait(attempts.retryAfterSeconds)}.`, retryAfterSeconds: attempts.retryAfterSeconds };
  const row = await db.rateLimit.findUnique({ where: { key: failuresKey(email, address) }, select: { hits: true, windowStart: true } });
  if (!row || at.getTime() - row.windowStart.getTime() >= FORGET_AFTER_MS) return null;
  const until = row.windowStart.getTime() + backoffSeconds(row.hits, rules.backoff) * 1000;
  if (until <= at.getTime()) return null;
  const seconds = Math.max(1, Math.ceil((until - at.getTime()) / 1000));
  return { error: `Too many wrong passwords for this account from here; try again in ${wait(seconds)}.`, retryAfterSeconds: seconds };
}

/**
 * Counts a wrong password against the account from this address. The one
 * that starts the waiting goes into the audit trail (once per run of failures).
 */
export async function countFailedSignIn(db: DbOrTx, email: string, headers: Headers, rules: SignInRules = signInRules(), at: Date = new Date()): Promise<void> {
  const address = clientAddress(headers);
  const forgotten = new Date(at.getTime() - FORGET_AFTER_MS);
  const [row] = await db.$queryRaw<{ hits: number }[]>`
    INSERT INTO rate_limits (key, window_start, hits) VALUES (${failuresKey(email, address)}, ${at}, 1)
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN rate_limits.window_start <= ${forgotten} THEN 1 ELSE rate_limits.hits + 1 END,
      window_start = ${at}
    RETURNING hits`;
  if (row?.hits !== rules.backoff.freeFailures + 1) return;
  const account = await db.user.findUnique({ where: { email: email.toLowerCase() }, select: { id: true } });
  await appendAudit(db, {
    stationId: null,
    actor: SYSTEM_ACTOR,
    action: "SIGN_IN_HELD_BACK",
    reason: `${row.hits} wrong passwords for ${email.toLowerCase()} from ${address}: each further try from there waits longer`,
    evidence: { email: email.toLowerCase(), address, failures: row.hits, userId: account?.id ?? null },
    at,
  });
}

export interface SignInHold {
  email: string;
  address: string;
  failures: number;
  /** When the next try from this address is allowed. */
  until: Date;
}

/**
 * The (account, address) pairs past their free wrong passwords within the
 * last day, newest first: each waits (or will, at its next wrong password)
 * longer than the last. What an admin may lift.
 */
export async function signInHolds(db: DbOrTx, rules: SignInRules = signInRules(), at: Date = new Date()): Promise<SignInHold[]> {
  const rows = await db.$queryRaw<{ key: string; hits: number; window_start: Date }[]>`
    SELECT key, hits, window_start FROM rate_limits
    WHERE starts_with(key, ${FAILURES}) AND hits > ${rules.backoff.freeFailures} AND window_start > ${new Date(at.getTime() - FORGET_AFTER_MS)}
    ORDER BY window_start DESC`;
  return rows.map((row) => {
    const rest = row.key.slice(FAILURES.length);
    // The address follows the last ":" of an IPv4 address or the email's; IPv6 addresses hold ":" too, emails never do after the "@".
    const split = rest.indexOf(":", rest.indexOf("@"));
    return {
      email: rest.slice(0, split),
      address: rest.slice(split + 1),
      failures: row.hits,
      until: new Date(row.window_start.getTime() + backoffSeconds(row.hits, rules.backoff) * 1000),
    };
  });
}

/** Lifts every hold on an account's sign-in (an admin's), audited; returns how many addresses were held back. */
export async function liftSignInHolds(db: DbOrTx, email: string, by: Actor, reason: string, at: Date = new Date()): Promise<number> {
  const lower = email.toLowerCase();
  const lifted = await db.$executeRaw`DELETE FROM rate_limits WHERE starts_with(key, ${`${FAILURES}${lower}:`})`;
  const account = await db.user.findUnique({ where: { email: lower }, select: { id: true } });
  await appendAudit(db, {
    stationId: null,
    actor: by,
    action: "SIGN_IN_UNLOCKED",
    reason,
    evidence: { email: lower, userId: account?.id ?? null, addresses: lifted },
    at,
  });
  return lifted;
}
