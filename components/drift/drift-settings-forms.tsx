"use client";

import { refitCalibrationAction, setDriftPolicyAction, setDriftReferenceAction } from "@/app/(app)/drift/actions";
import { ActionForm, Field, fieldText, inputClass, ReasonField } from "@/components/automation/action-form";
import { MomentInput } from "@/components/ui/iso-inputs";
import { formatInstant, instantOf } from "@/lib/text";

/** A wall time typed in the station's zone to ISO, or the raw text so the server says what is wrong. */
function isoOf(wall: string, timeZone: string): string {
  return instantOf(wall, timeZone)?.toISOString() ?? wall;
}

/** A moment as the form shows it: the station's wall time, without the zone's name (the label says it). */
function wallTime(iso: string, timeZone: string): string {
  return formatInstant(new Date(iso), { timeZone }).replace(` ${timeZone}`, "");
}

/** An engineer picks a window of the station's own past predictions as the drift reference, or goes back to the model's. */
export function DriftReferenceForm({
  slug,
  timeZone,
  baseline,
  suggested,
}: {
  slug: string;
  /** The station's zone: the window is typed and shown in it. */
  timeZone: string;
  baseline: { from: string; to: string } | null;
  suggested: { from: string; to: string } | null;
}) {
  const initial = baseline ?? suggested;
  const send = (body: unknown) => setDriftReferenceAction(slug, body);
  return (
    <div className="space-y-3">
      <ActionForm
        label="Use a baseline window"
        send={send}
        submit="Use this window"
        tone="plain"
        toBody={(form) => ({
          baseline: { from: isoOf(fieldText(form, "from"), timeZone), to: isoOf(fieldText(form, "to"), timeZone) },
          reason: fieldText(form, "reason"),
        })}
      >
        <Field label={`From (${timeZone})`}>
          <MomentInput name="from" required defaultValue={initial ? wallTime(initial.from, timeZone) : undefined} className={inputClass} />
        </Field>
        <Field label={`Until (${timeZone})`}>
          <MomentInput name="to" required defaultValue={initial ? wallTime(initial.to, timeZone) : undefined} className={inputClass} />
        </Field>
        <ReasonField width="w-64" />
      </ActionForm>
      {baseline ? (
        <ActionForm
          label="Use the model's training statistics"
          send={send}
          submit="Back to the model's statistics"
          tone="plain"
          toBody={(form) => ({ baseline: null, reason: fieldText(form, "reason") })}
        >
          <ReasonField width="w-64" />
        </ActionForm>
      ) : null}
    </div>
  );
}

/** A manager decides whether an open alert demotes the station. */
export function DriftPolicyForm({ slug, demotes }: { slug: string; demotes: boolean }) {
  return (
    <ActionForm
      label="Drift policy"
      send={(body) => setDriftPolicyAction(slug, body)}
      submit="Save policy"
      tone="plain"
      toBody={(form) => ({ demotes: fieldText(form, "demotes") === "yes", reason: fieldText(form, "reason") })}
    >
      <Field label="An open alert at PARTIAL or FULL">
        <select name="demotes" defaultValue={demotes ? "yes" : "no"} className={inputClass}>
          <option value="yes">demotes the station</option>
          <option value="no">only blocks promotions</option>
        </select>
      </Field>
      <ReasonField width="w-64" />
    </ActionForm>
  );
}

/** An engineer refits the active model's calibration on the station's shadow era. */
export function RefitCalibrationForm({ slug }: { slug: string }) {
  return (
    <ActionForm
      label="Refit the calibration"
      send={(body) => refitCalibrationAction(slug, body)}
      submit="Refit on the shadow era"
      tone="plain"
      toBody={(form) => ({ reason: fieldText(form, "reason") })}
    >
      <ReasonField width="w-64" />
    </ActionForm>
  );
}
