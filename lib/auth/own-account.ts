import { MIN_PASSWORD_LENGTH, newAccountSchema } from "./accounts.ts";

// A person's changes to their own account through better-auth's endpoints
// (/api/auth/change-password, /api/auth/update-user), held to the same rules
// as the accounts an admin makes: better-auth checks less.

type Checked = { ok: true; body: Uint8Array<ArrayBuffer> } | { ok: false; detail: string };

function parseObject(raw: Uint8Array): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(Buffer.from(raw).toString("utf8")) as unknown;
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * A password change: the new password follows the account policy (at least
 * MIN_PASSWORD_LENGTH characters), and every other session of the account is
 * signed out (whoever else held it is out at once). A body that is not a JSON
 * object is left for better-auth to refuse.
 */
export function checkedPasswordChange(raw: Uint8Array<ArrayBuffer>): Checked {
  const body = parseObject(raw);
  if (!body) return { ok: true, body: raw };
  const next = body.newPassword;
  if (typeof next === "string" && next.length < MIN_PASSWORD_LENGTH)
    return { ok: false, detail: `newPassword: use at least ${MIN_PASSWORD_LENGTH} characters.` };
  return { ok: true, body: new Uint8Array(Buffer.from(JSON.stringify({ ...body, revokeOtherSessions: true }))) };
}

/** A profile update: a name as an admin would be allowed to give it; no profile image (the app shows none, and a URL there is a link no one checks). */
export function checkedProfileUpdate(raw: Uint8Array<ArrayBuffer>): Checked {
  const body = parseObject(raw);
  if (!body) return { ok: true, body: raw };
  if (body.image !== undefined && body.image !== null) return { ok: false, detail: "image: profile images are not used here." };
  if (body.name !== undefined) {
    // The same rule as the name an admin gives an account.
    const name = newAccountSchema.shape.name.safeParse(body.name);
    if (!name.success) return { ok: false, detail: `name: ${name.error.issues[0]?.message ?? "not a usable name"}.` };
    return { ok: true, body: new Uint8Array(Buffer.from(JSON.stringify({ ...body, name: name.data }))) };
  }
  return { ok: true, body: raw };
}
