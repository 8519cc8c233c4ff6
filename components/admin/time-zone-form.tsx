"use client";

import { useActionState } from "react";
import { setTimeZoneAction, type AdminActionState } from "@/app/(app)/admin/actions";
import { ADMIN_FIELD as field, SubmitWithStatus } from "./submit-with-status";

/** The time zone a station's people live by: the inspector's last verdict, its trail, review cards and drift windows are written in it. */
export function TimeZoneForm({ slug, stationName, timeZone, timeZones }: { slug: string; stationName: string; timeZone: string; timeZones: string[] }) {
  const [state, action, isPending] = useActionState<AdminActionState, FormData>(setTimeZoneAction, { message: null, isError: false });
  return (
    <form action={action} aria-label={`Time zone of ${stationName}`} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
      <input type="hidden" name="station" value={slug} />
      {/* Labelled by id: a label around a select would hold every option's text. */}
      <div className="text-sm">
        <label htmlFor={`time-zone-${slug}`}>{stationName}: time zone</label>
        <select id={`time-zone-${slug}`} name="timeZone" defaultValue={state.values?.timeZone ?? timeZone} className={field}>
          {timeZones.map((zone) => (
            <option key={zone}>{zone}</option>
          ))}
        </select>
      </div>
      <label className="text-sm">
        Why
        <input name="reason" required minLength={3} maxLength={1000} defaultValue={state.values?.reason} className={field} />
      </label>
      <SubmitWithStatus label="Save time zone" isPending={isPending} state={state} />
    </form>
  );
}
