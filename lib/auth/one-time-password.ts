// How long the one-time password of an admin's reset lets its account in
// (lib/auth/lifecycle.ts hands it out, lib/auth/auth.ts refuses it after).
// Client-safe: the admin's page says how long it lasts.

/** How long the one-time password of an admin's reset signs in: a password never used is no way in forever. */
export const ONE_TIME_PASSWORD_HOURS = 72;

/** What someone signing in with an expired one-time password is told. */
export const EXPIRED_ONE_TIME_PASSWORD = `This one-time password has expired (it lasts ${ONE_TIME_PASSWORD_HOURS} hours); ask an admin for a new one.`;

/** The moment a one-time password handed out at `resetAt` stops signing in. */
export function oneTimePasswordExpiresAt(resetAt: Date): Date {
  return new Date(resetAt.getTime() + ONE_TIME_PASSWORD_HOURS * 3_600_000);
}

/** Whether the account still waits on a one-time password handed out longer ago than it lasts. */
export function isOneTimePasswordExpired(user: { mustChangePassword: boolean; passwordResetAt: Date | null }, now: Date): boolean {
  return user.mustChangePassword && user.passwordResetAt !== null && now.getTime() > oneTimePasswordExpiresAt(user.passwordResetAt).getTime();
}
