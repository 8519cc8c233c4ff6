"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { auth, landingAfterSignIn, signInWithLimits } from "@/lib/auth";
import { db } from "@/lib/db";

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
  const outcome = await signInWithLimits(db(), { email: parsed.data.email, password: parsed.data.password, headers: await headers() });
  if (!outcome.ok) return { error: outcome.error };
  redirect(outcome.mustChangePassword ? "/account" : landingAfterSignIn(parsed.data.next, outcome.role));
}

export async function signOut(): Promise<void> {
  await auth().api.signOut({ headers: await headers() });
  redirect("/sign-in");
}
