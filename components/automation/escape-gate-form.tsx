"use client";

import { setEscapeGateAction } from "@/app/(app)/automation/actions";
import { ActionForm, Field, fieldText, inputClass, ReasonField } from "./action-form";

/** A manager requires the escape gate for full automation, or no longer does. */
export function EscapeGateForm({ slug, gate }: { slug: string; gate: { perMillion: number; units: number } | null }) {
  const send = (body: unknown) => setEscapeGateAction(slug, body);
  return (
    <div className="space-y-3">
      <ActionForm
        label="Escape gate"
        send={send}
        submit={gate ? "Change the escape gate" : "Require the escape gate"}
        tone="plain"
        toBody={(form) => ({
          gate: { perMillion: Number(fieldText(form, "perMillion")), units: Number(fieldText(form, "units")) },
          reason: fieldText(form, "reason"),
        })}
      >
        <Field label="At most (defects per million)">
          <input
            name="perMillion"
            type="number"
            min={0}
            max={1_000_000}
            step={1}
            required
            defaultValue={gate?.perMillion ?? 500}
            className={`${inputClass} w-32`}
          />
        </Field>
        <Field label="Over the model's last (units)">
          <input
            name="units"
            type="number"
            min={100}
            max={10_000_000}
            step={1}
            required
            defaultValue={gate?.units ?? 10_000}
            className={`${inputClass} w-32`}
          />
        </Field>
        <ReasonField width="w-64" />
      </ActionForm>
      {gate ? (
        <ActionForm
          label="No escape gate"
          send={send}
          submit="No longer require it"
          tone="plain"
          toBody={(form) => ({ gate: null, reason: fieldText(form, "reason") })}
        >
          <ReasonField width="w-64" />
        </ActionForm>
      ) : null}
    </div>
  );
}
