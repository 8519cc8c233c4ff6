"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { resetAccountPasswordAction, setAccountRoleAction, setAccountStatusAction, unlockAccountSignInAction } from "@/app/(app)/admin/access-actions";
import { inputClass, NO_ANSWER } from "@/components/automation/action-form";
import { ONE_TIME_PASSWORD_HOURS } from "@/lib/auth/client";
import type { ActionAnswer } from "@/lib/http";

const ROLE_LABELS = { INSPECTOR: "inspector", ENGINEER: "ML engineer", MANAGER: "manager", ADMIN: "admin" } as const;
type Role = keyof typeof ROLE_LABELS;

export interface AccountRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  /** Addresses that must wait before trying this account's password again. */
  heldBackFrom: number;
}

type Change = "role" | "disable" | "enable" | "reset" | "unlock";

/**
 * What an admin may do to another account, each with a reason for the audit
 * trail: change its role, disable it (signed out everywhere at once) or enable
 * it, reset its password to a one-time one (shown here once), lift the waits
 * wrong passwords put on its sign-in.
 */
export function AccountActions({ account, isSelf }: { account: AccountRow; isSelf: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [oneTime, setOneTime] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const change = submitter?.value as Change | undefined;
    const form = new FormData(event.currentTarget);
    const reason = String(form.get("reason") ?? "").trim();
    if (!change) return;
    if (reason.length < 3) return setError("Say why (3 characters or more): it goes into the audit trail.");
    if (change === "disable" && !window.confirm(`Disable ${account.email}? They are signed out everywhere at once.`)) return;
    const id = account.id;
    const send: Record<Change, () => Promise<ActionAnswer<{ oneTimePassword?: string; addresses?: number }>>> = {
      role: () => setAccountRoleAction(id, { role: form.get("role"), reason }),
      disable: () => setAccountStatusAction(id, { disabled: true, reason }),
      enable: () => setAccountStatusAction(id, { disabled: false, reason }),
      reset: () => resetAccountPasswordAction(id, { reason }),
      unlock: () => unlockAccountSignInAction(id, { reason }),
    };
    setBusy(true);
    setError(null);
    setDone(null);
    setOneTime(null);
    try {
      const answer = await send[change]();
      if (!answer.ok) return setError(answer.detail);
      if (answer.oneTimePassword) setOneTime(answer.oneTimePassword);
      setDone(
        {
          role: `Role changed; ${account.email} was signed out everywhere.`,
          disable: `${account.email} is disabled and signed out everywhere.`,
          enable: `${account.email} can sign in again.`,
          reset: `Password reset; ${account.email} was signed out everywhere and must choose a new password after signing in with this one (it lasts ${ONE_TIME_PASSWORD_HOURS} hours):`,
          unlock: `Sign-in waits lifted (${answer.addresses ?? 0} addresses).`,
        }[change],
      );
      router.refresh();
    } catch {
      setError(NO_ANSWER);
    } finally {
      setBusy(false);
    }
  }

  if (isSelf) return <span className="text-xs text-slate-600">your account: another admin manages it</span>;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer underline">Manage</summary>
      <form onSubmit={submit} aria-label={`Manage ${account.email}`} className="mt-2 flex max-w-md flex-col gap-2">
        <label className="flex flex-col gap-1">
          <span>Reason (audit trail)</span>
          <input name="reason" required minLength={3} maxLength={1000} className={inputClass} />
        </label>
        <div className="flex flex-wrap items-end gap-2">
          <label className="flex flex-col gap-1">
            <span>Role</span>
            <select name="role" defaultValue={account.role} className={inputClass}>
              {(Object.keys(ROLE_LABELS) as Role[]).map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" value="role" disabled={isBusy} className="rounded border border-slate-400 px-2 py-1">
            Change role
          </button>
        </div>
        <div className="flex flex-wrap gap-2">
          <button type="submit" value={account.disabled ? "enable" : "disable"} disabled={isBusy} className="rounded border border-slate-400 px-2 py-1">
            {account.disabled ? "Enable account" : "Disable account"}
          </button>
          <button type="submit" value="reset" disabled={isBusy} className="rounded border border-slate-400 px-2 py-1">
            Reset password
          </button>
          {account.heldBackFrom > 0 && (
            <button type="submit" value="unlock" disabled={isBusy} className="rounded border border-slate-400 px-2 py-1">
              Lift sign-in waits
            </button>
          )}
        </div>
        {error && (
          <p role="alert" className="text-red-700">
            {error}
          </p>
        )}
        {done && (
          <p role="status" className="text-green-800">
            {done}
            {oneTime && (
              <>
                {" "}
                <code className="select-all rounded bg-slate-100 px-1 font-mono" aria-label="One-time password">
                  {oneTime}
                </code>{" "}
                (shown once: only its hash is kept)
              </>
            )}
          </p>
        )}
      </form>
    </details>
  );
}
