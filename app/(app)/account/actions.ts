"use server";

import { APIError } from "better-auth/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { homeFor, MIN_PASSWORD_LENGTH, changeOwnPassword, currentUser } from "@/lib/auth";
import { db } from "@/lib/db";

export interface PasswordState {
  error: string | null;
}

/** A person changes their own password: the policy's length, the current one to prove it is them, every other session signed out (audited). */
export async function changePasswordAction(_previous: PasswordState, form: FormData): Promise<PasswordState> {
  const user = await currentUser();
  if (!user) redirect("/sign-in?next=%2Faccount");
  const currentPassword = String(form.get("currentPassword") ?? "");
  const newPassword = String(form.get("newPassword") ?? "");
  const repeated = String(form.get("repeatPassword") ?? "");
  if (newPassword.length < MIN_PASSWORD_LENGTH) return { error: `Use at least ${MIN_PASSWORD_LENGTH} characters.` };
  if (newPassword.length > 128) return { error: "Use at most 128 characters." };
  if (newPassword !== repeated) return { error: "The two new passwords differ." };
  if (newPassword === currentPassword) return { error: "Choose a password other than the current one." };
  try {
    await changeOwnPassword(db(), user, { currentPassword, newPassword, headers: await headers() });
  } catch (error) {
    if (error instanceof APIError)
      return { error: error.status === "BAD_REQUEST" || error.status === "UNAUTHORIZED" ? "The current password is wrong." : error.message };
    throw error;
  }
  redirect(`${homeFor(user.role)}?password=changed`);
}
