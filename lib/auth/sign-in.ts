import { APIError } from "better-auth/api";
import type { DbOrTx } from "../db/index.ts";
import { auth } from "./auth.ts";
import { signInRules } from "./rate-limit.ts";
import { countFailedSignIn, signInRefusal, type SignInRules } from "./sign-in-backoff.ts";

export type SignInOutcome = { ok: true; role: unknown; mustChangePassword: boolean } | { ok: false; error: string };

/**
 * Signs a person in with email and password, within the sign-in limits
 * (`signInRefusal`). better-auth sets the session cookie through `headers`
 * (the server action's). The HTTP endpoint applies the same limits in
 * lib/http/auth-route.ts.
 */
export async function signInWithLimits(
  db: DbOrTx,
  input: { email: string; password: string; headers: Headers },
  rules: SignInRules = signInRules(),
): Promise<SignInOutcome> {
  const email = input.email.toLowerCase();
  const refusal = await signInRefusal(db, email, input.headers, rules);
  if (refusal) return { ok: false, error: refusal.error };
  try {
    const signedIn = await auth().api.signInEmail({ body: { email, password: input.password }, headers: input.headers });
    const user = signedIn.user as { role?: unknown; mustChangePassword?: unknown };
    return { ok: true, role: user.role, mustChangePassword: user.mustChangePassword === true };
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    if (error.status === "TOO_MANY_REQUESTS") return { ok: false, error: "Too many attempts; wait a minute." };
    if (error.status === "FORBIDDEN") return { ok: false, error: error.message };
    await countFailedSignIn(db, email, input.headers, rules);
    return { ok: false, error: "Wrong email or password." };
  }
}
