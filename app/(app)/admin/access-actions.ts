"use server";

import { OPERATIONS } from "@/lib/api";
import { changeAccountRole, liftAccountSignInHolds, resetAccountPassword, setAccountDisabled } from "@/lib/auth";
import { changeAccount, operationAction, operationAnswer, stationBySlug, type ActionAnswer } from "@/lib/http";
import { createStationToken, revokeTokenAt } from "@/lib/tokens";

// The admin page's changes to other people's access (accounts, camera
// tokens), as server actions: each checks its caller and body as its /api
// operation does and answers what to show, or why not.

const byUser = (id: string) => ({ kind: "USER" as const, id });

/** Gives an account another role; it is signed out everywhere so the old role goes at once. */
export async function setAccountRoleAction(id: string, body: unknown): Promise<ActionAnswer> {
  return operationAnswer(OPERATIONS.setAccountRole, { params: { id }, body }, async ({ user, body }) => {
    await changeAccount(id, (tx, id) => changeAccountRole(tx, id, body.role, byUser(user.id), body.reason));
    return { ok: true };
  });
}

/** Disables an account (signed out everywhere at once) or enables it again. */
export async function setAccountStatusAction(id: string, body: unknown): Promise<ActionAnswer> {
  return operationAnswer(OPERATIONS.setAccountStatus, { params: { id }, body }, async ({ user, body }) => {
    await changeAccount(id, (tx, id) => setAccountDisabled(tx, id, body.disabled, byUser(user.id), body.reason));
    return { ok: true };
  });
}

/** Replaces an account's password with a one-time one, answered this once. */
export async function resetAccountPasswordAction(id: string, body: unknown): Promise<ActionAnswer<{ oneTimePassword: string }>> {
  return operationAnswer(OPERATIONS.resetAccountPassword, { params: { id }, body }, async ({ user, body }) => {
    const { oneTimePassword } = await changeAccount(id, (tx, id) => resetAccountPassword(tx, id, byUser(user.id), body.reason));
    return { ok: true, oneTimePassword };
  });
}

/** Lifts the waits wrong passwords put on an account's sign-in, from every address. */
export async function unlockAccountSignInAction(id: string, body: unknown): Promise<ActionAnswer<{ addresses: number }>> {
  return operationAnswer(OPERATIONS.unlockAccountSignIn, { params: { id }, body }, async ({ user, body }) => {
    const { addresses } = await changeAccount(id, (tx, id) => liftAccountSignInHolds(tx, id, byUser(user.id), body.reason));
    return { ok: true, addresses };
  });
}

/** A new camera token for the station; its secret is answered this once (only its hash is kept). */
export async function createTokenAction(station: string, body: unknown): Promise<ActionAnswer<{ token: string }>> {
  return operationAnswer(OPERATIONS.createToken, { params: { station }, body }, async ({ db, user, body }) => {
    const { id } = await stationBySlug(db, station);
    const { token } = await db.$transaction((tx) => createStationToken(tx, id, body.name, user.id));
    return { ok: true, token };
  });
}

/** Revokes a camera token: the camera holding it is refused from then on. */
export async function revokeTokenAction(station: string, id: string): Promise<string | null> {
  return operationAction(OPERATIONS.revokeToken, { params: { station, id } }, ({ db, user }) => revokeTokenAt(db, station, id, byUser(user.id)));
}
