"use client";

import { useActionState } from "react";
import { FormError } from "@/components/ui/form-error";
import { signIn, type SignInState } from "@/app/sign-in/actions";

export function SignInForm({ next }: { next: string }) {
  const [state, action, isPending] = useActionState<SignInState, FormData>(signIn, { error: null });
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="next" value={next} />
      <label className="block text-sm">
        <span className="font-medium">Email</span>
        <input name="email" type="email" autoComplete="username" required className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
      </label>
      <label className="block text-sm">
        <span className="font-medium">Password</span>
        <input name="password" type="password" autoComplete="current-password" required className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
      </label>
      <FormError message={state.error} />
      <button
        type="submit"
        disabled={isPending}
        className="w-full rounded bg-slate-900 px-3 py-2 font-medium text-white hover:bg-slate-700 disabled:opacity-60"
      >
        {isPending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
