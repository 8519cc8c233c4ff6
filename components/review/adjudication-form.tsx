"use client";

import { useActionState } from "react";
import { adjudicateAction, type AdjudicationState } from "@/app/(app)/review/actions";

const initial: AdjudicationState = { message: null, isError: false };

/** Truth and a note for one unit; the labels are its station's. */
export function AdjudicationForm({
  captureId,
  labels,
  truth,
  note,
  returnTo,
}: {
  captureId: string;
  labels: string[];
  truth: string | null;
  note: string | null;
  returnTo: string;
}) {
  const [state, action, isPending] = useActionState(adjudicateAction, initial);
  return (
    <form action={action} className="flex flex-col gap-2" aria-label={`Adjudicate unit ${captureId.slice(0, 8)}`}>
      <input type="hidden" name="captureId" value={captureId} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <fieldset className="flex flex-wrap gap-2">
        <legend className="mb-1 text-xs font-medium text-slate-600">Truth</legend>
        {labels.map((label) => (
          <label
            key={label}
            className="flex items-center gap-1 rounded border border-slate-300 px-2 py-1 text-sm has-[:checked]:border-slate-900 has-[:checked]:bg-slate-900 has-[:checked]:text-white"
          >
            <input type="radio" name="truth" value={label} defaultChecked={truth === label} required className="sr-only" />
            {label}
          </label>
        ))}
      </fieldset>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Note
        <textarea
          name="note"
          defaultValue={note ?? ""}
          maxLength={2000}
          rows={2}
          className="rounded border border-slate-300 px-2 py-1 text-sm text-slate-900"
        />
      </label>
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={isPending}
          className="rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50"
        >
          {truth ? "Settle again" : "Settle"}
        </button>
        {state.message ? (
          <p role={state.isError ? "alert" : "status"} className={`text-sm ${state.isError ? "text-red-700" : "text-emerald-700"}`}>
            {state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
