import { APIError } from "better-auth/api";
import type { DbOrTx } from "../db/client.ts";
import { auth } from "./auth.ts";
import { clientAddress, hitRateLimit, peekRateLimit, signInRules, type RateRule } from "./rate-limit.ts";

export type SignInOutcome = { ok: true; role: unknown } | { ok: false; error: string };

const wait = (seconds: number) => (seconds > 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`);

/**
 * Signs a person in with email and password, within the sign-in limits: too
 * many attempts from one address, or too many failures on one account, are
 * refused before the password is even checked. better-auth sets the session
 * cookie through `headers` (the server action's).
 */
export async function signInWithLimits(
  db: DbOrTx,
  input: { email: string; password: string; headers: Headers },
  rules: { address: RateRule; accountFailures: RateRule } = signInRules(),
): Promise<SignInOutcome> {
  const email = input.email.toLowerCase();
  const address = await hitRateLimit(db, `sign-in:address:${clientAddress(input.headers)}`, rules.address);
  if (!address.allowed) return { ok: false, error: `Too many sign-in attempts from this address; wait ${wait(address.retryAfterSeconds)}.` };
  const accountKey = `sign-in:failures:${email}`;
  const account = await peekRateLimit(db, accountKey, rules.accountFailures);
  if (!account.allowed) return { ok: false, error: `Too many wrong passwords for this account; it is locked for ${wait(account.retryAfterSeconds)}.` };
  try {
    const signedIn = await auth().api.signInEmail({ body: { email, password: input.password }, headers: input.headers });
    return { ok: true, role: (signedIn.user as { role?: unknown }).role };
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    if (error.status === "TOO_MANY_REQUESTS") return { ok: false, error: "Too many attempts; wait a minute." };
    await hitRateLimit(db, accountKey, rules.accountFailures);
    return { ok: false, error: "Wrong email or password." };
  }
}
