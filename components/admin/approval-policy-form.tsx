"use client";

import { useActionState } from "react";
import { setApprovalPolicyAction, type AdminActionState } from "@/app/(app)/admin/actions";
import { ADMIN_FIELD as field, SubmitWithStatus } from "./submit-with-status";

/** Four eyes by default; an admin may let one manager ask for and approve a station's promotions (audited). */
export function ApprovalPolicyForm({ slug, stationName, singlePersonApproval }: { slug: string; stationName: string; singlePersonApproval: boolean }) {
  const [state, action, isPending] = useActionState<AdminActionState, FormData>(setApprovalPolicyAction, { message: null, isError: false });
  return (
    <form
      action={action}
      aria-label={`Approval policy of ${stationName}`}
      className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2"
    >
      <input type="hidden" name="station" value={slug} />
      <label className="flex items-center gap-2 text-sm sm:col-span-2">
        <input type="checkbox" name="singlePersonApproval" defaultChecked={singlePersonApproval} />
        {stationName}: one manager may ask for and approve a promotion
      </label>
      <label className="text-sm sm:col-span-2">
        Why
        <input name="reason" required minLength={3} maxLength={1000} className={field} />
      </label>
      <SubmitWithStatus label="Save approval policy" isPending={isPending} state={state} />
    </form>
  );
}
