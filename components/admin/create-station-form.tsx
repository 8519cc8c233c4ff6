"use client";

import { useActionState } from "react";
import { createStationAction, type AdminActionState } from "@/app/(app)/admin/actions";
import { ADMIN_FIELD as field, SubmitWithStatus } from "./submit-with-status";

export function CreateStationForm({ defaultClasses, timeZones }: { defaultClasses: string; timeZones: string[] }) {
  const [state, action, isPending] = useActionState<AdminActionState, FormData>(createStationAction, { message: null, isError: false });
  return (
    <form action={action} aria-label="Create station" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
      <label className="text-sm">
        Name
        <input name="name" required maxLength={100} placeholder="Line 3 · Screen" defaultValue={state.values?.name} className={field} />
      </label>
      <label className="text-sm">
        Slug (its address: lower-case letters, digits, dashes)
        <input name="slug" required pattern="[a-z0-9][a-z0-9\-]{1,47}" placeholder="line-3-screen" defaultValue={state.values?.slug} className={field} />
      </label>
      {/* Labelled by id: a label around a select would hold every option's text. */}
      <div className="text-sm">
        <label htmlFor="new-station-time-zone">Time zone (its moments are shown in it)</label>
        <select id="new-station-time-zone" name="timeZone" defaultValue={state.values?.timeZone ?? "UTC"} className={field}>
          {timeZones.map((zone) => (
            <option key={zone}>{zone}</option>
          ))}
        </select>
      </div>
      <label className="text-sm">
        Defect classes, comma-separated, in key order (OK is always key 1)
        <input name="defectClasses" placeholder={defaultClasses} defaultValue={state.values?.defectClasses} className={field} />
      </label>
      <SubmitWithStatus label="Create station" isPending={isPending} state={state} />
    </form>
  );
}
