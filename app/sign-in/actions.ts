"use server";

import { APIError } from "better-auth/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { auth } from "@/lib/auth/auth";
import { landingAfterSignIn } from "@/lib/auth/landing";

export interface SignInState {
  error: string | null;
}

const signInSchema = z.object({
  email: z.email(),
  password: z.string().min(1).max(256),
  next: z.string().max(512).optional(),
});

export async function signIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({
    email: form.get("email"),
    password: form.get("password"),
    next: form.get("next") ?? undefined,
  });
  if (!parsed.success) return { error: "Enter your email address and password." };
  let role: unknown;
  try {
    const signedIn = await auth().api.signInEmail({
      body: { email: parsed.data.email.toLowerCase(), password: parsed.data.password },
      headers: await headers(),
    });
    role = (signedIn.user as { role?: unknown }).role;
  } catch (error) {
    if (error instanceof APIError) {
      return { error: error.status === "TOO_MANY_REQUESTS" ? "Too many attempts; wait a minute." : "Wrong email or password." };
    }
    throw error;
  }
  redirect(landingAfterSignIn(parsed.data.next, role));
}

export async function signOut(): Promise<void> {
  await auth().api.signOut({ headers: await headers() });
  redirect("/sign-in");
}
