"use client";

import { useActionState } from "react";
import { createAccountAction, type CreateAccountState } from "@/app/(app)/admin/actions";
import { ROLES } from "@/lib/auth/roles";

const field = "mt-1 w-full rounded border border-slate-300 px-3 py-2";

export function CreateAccountForm() {
  const [state, action, isPending] = useActionState<CreateAccountState, FormData>(createAccountAction, {
    message: null,
    isError: false,
  });
  return (
    <form action={action} aria-label="Create account" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
      <label className="text-sm">
        Name
        <input name="name" required className={field} />
      </label>
      <label className="text-sm">
        Email
        <input name="email" type="email" required className={field} />
      </label>
      <label className="text-sm">
        Role
        <select name="role" className={field} defaultValue="INSPECTOR">
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role.toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        First password (12+ characters)
        <input name="password" type="password" minLength={12} required autoComplete="new-password" className={field} />
      </label>
      <div className="flex items-center gap-3 sm:col-span-2">
        <button type="submit" disabled={isPending} className="rounded bg-slate-900 px-3 py-2 text-sm font-medium text-white disabled:opacity-60">
          Create account
        </button>
        {state.message ? (
          <p role={state.isError ? "alert" : "status"} className={`text-sm ${state.isError ? "text-red-700" : "text-green-700"}`}>
            {state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
