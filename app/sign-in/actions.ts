"use server";

import { APIError } from "better-auth/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { auth } from "@/lib/auth/auth";

export interface SignInState {
  error: string | null;
}

const signInSchema = z.object({
  email: z.email(),
  password: z.string().min(1).max(256),
  next: z.string().max(512).optional(),
});

/** Only paths on this site: no open redirect through ?next=. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

export async function signIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({
    email: form.get("email"),
    password: form.get("password"),
    next: form.get("next") ?? undefined,
  });
  if (!parsed.success) return { error: "Enter your email address and password." };
  try {
    await auth().api.signInEmail({
      body: { email: parsed.data.email.toLowerCase(), password: parsed.data.password },
      headers: await headers(),
    });
  } catch (error) {
    if (error instanceof APIError) {
      return { error: error.status === "TOO_MANY_REQUESTS" ? "Too many attempts; wait a minute." : "Wrong email or password." };
    }
    throw error;
  }
  redirect(safeNext(parsed.data.next));
}

export async function signOut(): Promise<void> {
  await auth().api.signOut({ headers: await headers() });
  redirect("/sign-in");
}
