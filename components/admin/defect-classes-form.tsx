"use client";

import { useActionState } from "react";
import { changeDefectClassAction, type AdminActionState } from "@/app/(app)/admin/actions";
import { ADMIN_FIELD as field, SubmitWithStatus } from "./submit-with-status";

export interface DefectClassRow {
  key: string;
  label: string;
  retired: boolean;
}

/** One station's defect classes, and one change to them at a time: add, rename, retire or restore (audited). */
export function DefectClassesForm({ slug, stationName, classes }: { slug: string; stationName: string; classes: DefectClassRow[] }) {
  const [state, action, isPending] = useActionState<AdminActionState, FormData>(changeDefectClassAction, { message: null, isError: false });
  return (
    <form action={action} aria-label={`Defect classes of ${stationName}`} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
      <input type="hidden" name="station" value={slug} />
      <p className="text-sm sm:col-span-2">
        <span className="font-medium">{stationName}</span>:{" "}
        {classes.map((defect, i) => (
          <span
            key={defect.key}
            className={defect.retired ? "text-slate-500 line-through" : undefined}
            title={defect.retired ? "retired" : `key ${defect.key}`}
          >
            {i > 0 ? ", " : ""}
            {defect.label}
          </span>
        ))}
      </p>
      <label className="text-sm">
        Change
        <select name="change" defaultValue={state.values?.change ?? "add"} className={field}>
          <option value="add">Add a class</option>
          {classes.map((defect) => (
            <option key={`rename:${defect.key}`} value={`rename:${defect.key}`}>
              Rename {defect.label}
            </option>
          ))}
          {classes.map((defect) =>
            defect.retired ? (
              <option key={`restore:${defect.key}`} value={`restore:${defect.key}`}>
                Restore {defect.label}
              </option>
            ) : (
              <option key={`retire:${defect.key}`} value={`retire:${defect.key}`}>
                Retire {defect.label}
              </option>
            ),
          )}
        </select>
      </label>
      <label className="text-sm">
        Name (to add or rename)
        <input name="label" maxLength={40} defaultValue={state.values?.label} className={field} />
      </label>
      <label className="text-sm sm:col-span-2">
        Why
        <input name="reason" required minLength={3} maxLength={1000} defaultValue={state.values?.reason} className={field} />
      </label>
      <SubmitWithStatus label="Change defect classes" isPending={isPending} state={state} />
    </form>
  );
}
