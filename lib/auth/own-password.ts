import { appendAudit } from "../audit/index.ts";
import type { DbOrTx } from "../db/index.ts";
import { auth } from "./auth.ts";
import type { CurrentUser } from "./session.ts";

/**
 * What follows a password a person changed themselves, whichever way
 * (the account page, or better-auth's endpoint): a one-time password no
 * longer has to be replaced, and the trail says it happened (never the password).
 */
export async function recordOwnPasswordChange(db: DbOrTx, user: Pick<CurrentUser, "id" | "email">): Promise<void> {
  await db.user.update({ where: { id: user.id }, data: { mustChangePassword: false, passwordResetAt: null } });
  await appendAudit(db, {
    stationId: null,
    actor: { kind: "USER", id: user.id },
    action: "PASSWORD_CHANGED",
    reason: `${user.email} changed their password`,
    evidence: { userId: user.id },
    at: new Date(),
  });
}

/** Changes the signed-in person's password through better-auth (which checks the current one), signing out every other session. */
export async function changeOwnPassword(
  db: DbOrTx,
  user: Pick<CurrentUser, "id" | "email">,
  input: { currentPassword: string; newPassword: string; headers: Headers },
): Promise<void> {
  await auth().api.changePassword({
    body: { currentPassword: input.currentPassword, newPassword: input.newPassword, revokeOtherSessions: true },
    headers: input.headers,
  });
  await recordOwnPasswordChange(db, user);
}
