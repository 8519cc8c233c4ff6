"use client";

import { useActionState } from "react";
import { FormError } from "@/components/ui/form-error";
import { changePasswordAction, type PasswordState } from "@/app/(app)/account/actions";

const field = "mt-1 w-full rounded border border-slate-300 px-3 py-2";

export function ChangePasswordForm({ minLength }: { minLength: number }) {
  const [state, action, isPending] = useActionState<PasswordState, FormData>(changePasswordAction, { error: null });
  return (
    <form action={action} aria-label="Change password" className="max-w-sm space-y-4">
      <label className="block text-sm">
        <span className="font-medium">Current password</span>
        <input name="currentPassword" type="password" autoComplete="current-password" required className={field} />
      </label>
      <div>
        <label className="block text-sm">
          <span className="font-medium">New password</span>
          <input
            name="newPassword"
            type="password"
            autoComplete="new-password"
            aria-describedby="new-password-hint"
            required
            minLength={minLength}
            maxLength={128}
            className={field}
          />
        </label>
        <p id="new-password-hint" className="text-xs text-slate-600">
          At least {minLength} characters.
        </p>
      </div>
      <label className="block text-sm">
        <span className="font-medium">New password again</span>
        <input name="repeatPassword" type="password" autoComplete="new-password" required minLength={minLength} maxLength={128} className={field} />
      </label>
      <FormError message={state.error} />
      <button type="submit" disabled={isPending} className="rounded bg-slate-900 px-3 py-2 font-medium text-white hover:bg-slate-700 disabled:opacity-60">
        {isPending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
