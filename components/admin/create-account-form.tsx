"use client";

import { useActionState } from "react";
import { createAccountAction, type AdminActionState } from "@/app/(app)/admin/actions";
import { ROLES } from "@/lib/auth/client";
import { ADMIN_FIELD as field, SubmitWithStatus } from "./submit-with-status";

export function CreateAccountForm() {
  const [state, action, isPending] = useActionState<AdminActionState, FormData>(createAccountAction, {
    message: null,
    isError: false,
  });
  return (
    <form action={action} aria-label="Create account" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
      <label className="text-sm">
        Name
        <input name="name" required defaultValue={state.values?.name} className={field} />
      </label>
      <label className="text-sm">
        Email
        <input name="email" type="email" required defaultValue={state.values?.email} className={field} />
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
      <SubmitWithStatus label="Create account" isPending={isPending} state={state} />
    </form>
  );
}
