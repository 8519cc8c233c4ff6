import crypto from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { appendAudit, type Actor } from "../audit/index.ts";
import type { DbOrTx } from "../db/index.ts";
import type { Role } from "./roles.ts";
import { liftSignInHolds } from "./sign-in-backoff.ts";
import { refuse, type Refusal } from "../refusals/index.ts";
import { oneTimePasswordExpiresAt } from "./one-time-password.ts";

// An account's life after an admin made it: disabled and enabled again, its
// role changed, its password reset to a one-time one. Each change is
// audited, and each that takes something away signs the account out
// everywhere at once (its sessions are deleted in the same transaction).

export type AccountRefusalReason = "not-found" | "own-account" | "last-admin";
export type AccountRefusal = Refusal<AccountRefusalReason>;
export type AccountChange<T extends object = object> = ({ ok: true } & T) | AccountRefusal;

interface Target {
  id: string;
  email: string;
  role: Role;
  disabled_at: Date | null;
}

/**
 * The account, locked for this transaction. Every admin row is locked first,
 * always in the same order, so changes that run at once queue instead of
 * deadlocking, and two admins cannot take each other out at once.
 */
async function lockTarget(tx: DbOrTx, userId: string, by: Actor): Promise<Target | AccountRefusal> {
  await tx.$queryRaw`SELECT id FROM users WHERE role = 'ADMIN' ORDER BY id FOR UPDATE`;
  const [target] = await tx.$queryRaw<Target[]>`SELECT id, email, role::text AS role, disabled_at FROM users WHERE id = ${userId} FOR UPDATE`;
  if (!target) return refuse("not-found", "not-found", `No account ${userId}.`);
  if (by.kind === "USER" && by.id === userId) return refuse("forbidden", "own-account", "An admin cannot change their own account here; another admin can.");
  return target;
}

/** Whether the account is the only enabled admin (the admin rows are locked by lockTarget). */
async function isLastAdmin(tx: DbOrTx, target: Target): Promise<boolean> {
  if (target.role !== "ADMIN" || target.disabled_at) return false;
  return (await tx.user.count({ where: { role: "ADMIN", disabledAt: null } })) <= 1;
}

const LAST_ADMIN: AccountRefusal = refuse("conflict", "last-admin", "This is the last enabled admin: make another admin first.");

async function signOutEverywhere(tx: DbOrTx, userId: string): Promise<number> {
  return (await tx.session.deleteMany({ where: { userId } })).count;
}

/** Disables an account (signed out everywhere, refused at sign-in) or enables it again. Changing nothing is not audited. */
export async function setAccountDisabled(
  tx: DbOrTx,
  userId: string,
  disabled: boolean,
  by: Actor,
  reason: string,
  at: Date = new Date(),
): Promise<AccountChange<{ disabled: boolean }>> {
  const target = await lockTarget(tx, userId, by);
  if ("ok" in target) return target;
  if (Boolean(target.disabled_at) === disabled) return { ok: true, disabled };
  if (disabled && (await isLastAdmin(tx, target))) return LAST_ADMIN;
  await tx.user.update({ where: { id: userId }, data: { disabledAt: disabled ? at : null } });
  const sessionsRevoked = disabled ? await signOutEverywhere(tx, userId) : 0;
  await appendAudit(tx, {
    stationId: null,
    actor: by,
    action: disabled ? "ACCOUNT_DISABLED" : "ACCOUNT_ENABLED",
    reason,
    evidence: { userId, email: target.email, sessionsRevoked },
    at,
  });
  return { ok: true, disabled };
}

/** Gives an account another role; it is signed out everywhere, so no page or request keeps the old one. */
export async function changeAccountRole(
  tx: DbOrTx,
  userId: string,
  role: Role,
  by: Actor,
  reason: string,
  at: Date = new Date(),
): Promise<AccountChange<{ role: Role }>> {
  const target = await lockTarget(tx, userId, by);
  if ("ok" in target) return target;
  if (target.role === role) return { ok: true, role };
  if (await isLastAdmin(tx, target)) return LAST_ADMIN;
  await tx.user.update({ where: { id: userId }, data: { role } });
  const sessionsRevoked = await signOutEverywhere(tx, userId);
  await appendAudit(tx, {
    stationId: null,
    actor: by,
    action: "ACCOUNT_ROLE_CHANGED",
    reason,
    evidence: { userId, email: target.email, fromRole: target.role, toRole: role, sessionsRevoked },
    at,
  });
  return { ok: true, role };
}

// No 0/O, 1/l/I: read aloud or copied from a screen without mistakes. 24 characters of 31 symbols: about 119 bits.
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";

function oneTimePassword(): string {
  const symbols = Array.from(crypto.randomBytes(24), (byte) => ALPHABET[byte % ALPHABET.length]).join("");
  return symbols.match(/.{6}/g)!.join("-");
}

/**
 * Replaces an account's password with a one-time one, shown once to the
 * admin: the account is signed out everywhere, and after signing in with it
 * (within ONE_TIME_PASSWORD_HOURS) the person must choose their own before
 * anything else. The password is not stored anywhere but as better-auth's
 * hash, nor audited.
 */
export async function resetAccountPassword(
  tx: DbOrTx,
  userId: string,
  by: Actor,
  reason: string,
  at: Date = new Date(),
): Promise<AccountChange<{ oneTimePassword: string; expiresAt: string }>> {
  const target = await lockTarget(tx, userId, by);
  if ("ok" in target) return target;
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  const updated = await tx.account.updateMany({ where: { userId, providerId: "credential" }, data: { password: hash } });
  if (updated.count === 0) await tx.account.create({ data: { id: crypto.randomUUID(), accountId: userId, providerId: "credential", userId, password: hash } });
  await tx.user.update({ where: { id: userId }, data: { mustChangePassword: true, passwordResetAt: at } });
  const sessionsRevoked = await signOutEverywhere(tx, userId);
  await appendAudit(tx, {
    stationId: null,
    actor: by,
    action: "ACCOUNT_PASSWORD_RESET",
    reason,
    evidence: { userId, email: target.email, sessionsRevoked },
    at,
  });
  return { ok: true, oneTimePassword: password, expiresAt: oneTimePasswordExpiresAt(at).toISOString() };
}

/** Lifts the waits wrong passwords put on an account's sign-in, from every address (audited). An admin may lift their own. */
export async function liftAccountSignInHolds(
  tx: DbOrTx,
  userId: string,
  by: Actor,
  reason: string,
  at: Date = new Date(),
): Promise<AccountChange<{ addresses: number }>> {
  const account = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!account) return refuse("not-found", "not-found", `No account ${userId}.`);
  return { ok: true, addresses: await liftSignInHolds(tx, account.email, by, reason, at) };
}
