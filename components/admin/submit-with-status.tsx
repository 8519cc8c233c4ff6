import type { AdminActionState } from "@/app/(app)/admin/actions";

/** The input style of the admin forms. */
export const ADMIN_FIELD = "mt-1 w-full rounded border border-slate-300 px-3 py-2";

/** An admin form's submit button, and its answer after the action: a status, or an alert saying what to fix. */
export function SubmitWithStatus({ label, isPending, state }: { label: string; isPending: boolean; state: AdminActionState }) {
  return (
    <div className="flex items-center gap-3 sm:col-span-2">
      <button type="submit" disabled={isPending} className="rounded bg-slate-900 px-3 py-2 text-sm font-medium text-white disabled:opacity-60">
        {label}
      </button>
      {state.message ? (
        <p role={state.isError ? "alert" : "status"} className={`text-sm ${state.isError ? "text-red-700" : "text-green-700"}`}>
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
