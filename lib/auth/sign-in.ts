import { APIError } from "better-auth/api";
import type { DbOrTx } from "../db/client.ts";
import { auth } from "./auth.ts";
import { clientAddress, hitRateLimit, peekRateLimit, signInRules, type RateRule } from "./rate-limit.ts";

export type SignInOutcome = { ok: true; role: unknown } | { ok: false; error: string };

const wait = (seconds: number) => (seconds > 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`);

export interface SignInRules {
  address: RateRule;
  accountFailures: RateRule;
}

/**
 * Counts a sign-in attempt against its address and says why it must be
 * refused before the password is even checked: too many attempts from the
 * address, or too many failures on the account. Null lets it through.
 */
export async function signInRefusal(db: DbOrTx, email: string, headers: Headers, rules: SignInRules = signInRules()): Promise<{ error: string; retryAfterSeconds: number } | null> {
  const address = await hitRateLimit(db, `sign-in:address:${clientAddress(headers)}`, rules.address);
  if (!address.allowed) return { error: `Too many sign-in attempts from this address; wait ${wait(address.retryAfterSeconds)}.`, retryAfterSeconds: address.retryAfterSeconds };
  const account = await peekRateLimit(db, failuresKey(email), rules.accountFailures);
  if (!account.allowed) return { error: `Too many wrong passwords for this account; it is locked for ${wait(account.retryAfterSeconds)}.`, retryAfterSeconds: account.retryAfterSeconds };
  return null;
}

/** Counts a wrong password against the account. */
export async function countFailedSignIn(db: DbOrTx, email: string, rules: SignInRules = signInRules()): Promise<void> {
  await hitRateLimit(db, failuresKey(email), rules.accountFailures);
}

const failuresKey = (email: string) => `sign-in:failures:${email.toLowerCase()}`;

/**
 * Signs a person in with email and password, within the sign-in limits
 * (`signInRefusal`). better-auth sets the session cookie through `headers`
 * (the server action's). The HTTP endpoint applies the same limits in
 * app/api/auth/[...all]/route.ts.
 */
export async function signInWithLimits(db: DbOrTx, input: { email: string; password: string; headers: Headers }, rules: SignInRules = signInRules()): Promise<SignInOutcome> {
  const email = input.email.toLowerCase();
  const refusal = await signInRefusal(db, email, input.headers, rules);
  if (refusal) return { ok: false, error: refusal.error };
  try {
    const signedIn = await auth().api.signInEmail({ body: { email, password: input.password }, headers: input.headers });
    return { ok: true, role: (signedIn.user as { role?: unknown }).role };
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    if (error.status === "TOO_MANY_REQUESTS") return { ok: false, error: "Too many attempts; wait a minute." };
    await countFailedSignIn(db, email, rules);
    return { ok: false, error: "Wrong email or password." };
  }
}
