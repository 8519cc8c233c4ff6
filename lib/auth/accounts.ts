import crypto from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { appendAudit, type Actor } from "../audit/index.ts";
import type { DbOrTx } from "../db/index.ts";
import { z } from "zod";
import { displayText } from "../text/index.ts";
import { ROLES, type Role } from "./roles.ts";

export interface NewAccount {
  email: string;
  name: string;
  role: Role;
  password: string;
}

/**
 * Creates a user who signs in with email and password. The password is hashed
 * by better-auth's own hasher, exactly as its sign-up would store it. With
 * `by`, the creation is audited (ACCOUNT_CREATED, with the role given): pass a
 * transaction so the account and its event are written together.
 */
export async function createAccount(db: DbOrTx, account: NewAccount, by: Actor | null = null): Promise<{ id: string }> {
  const id = crypto.randomUUID();
  const password = await hashPassword(account.password);
  await db.user.create({
    data: {
      id,
      email: account.email.toLowerCase(),
      name: account.name,
      role: account.role,
      emailVerified: true,
      accounts: { create: { id: crypto.randomUUID(), accountId: id, providerId: "credential", password } },
    },
  });
  if (by) {
    const evidence = { userId: id, email: account.email.toLowerCase(), role: account.role };
    await appendAudit(db, {
      stationId: null,
      actor: by,
      action: "ACCOUNT_CREATED",
      reason: `${account.role.toLowerCase()} account for ${evidence.email}`,
      evidence,
      at: new Date(),
    });
  }
  return { id };
}

/** The password policy, for accounts an admin makes and for a person changing their own. */
export const MIN_PASSWORD_LENGTH = 12;

export const newAccountSchema = z
  .object({
    email: z.email().max(254),
    name: displayText(1, 100),
    role: z.enum(ROLES),
    password: z.string().min(MIN_PASSWORD_LENGTH, `use at least ${MIN_PASSWORD_LENGTH} characters`).max(128),
  })
  .strict();

export interface AccountSummary {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
  /** When an admin disabled it; null while it may sign in. */
  disabledAt: Date | null;
}

export async function listAccounts(db: DbOrTx, search = ""): Promise<AccountSummary[]> {
  const words = search.trim();
  return db.user.findMany({
    // What an admin types matches a name or an address, in any case.
    where: words ? { OR: [{ name: { contains: words, mode: "insensitive" } }, { email: { contains: words, mode: "insensitive" } }] } : {},
    orderBy: [{ role: "asc" }, { email: "asc" }],
    select: { id: true, email: true, name: true, role: true, createdAt: true, disabledAt: true },
  });
}
