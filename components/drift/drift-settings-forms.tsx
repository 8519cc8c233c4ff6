"use client";

import { ActionForm, Field, fieldText, inputClass, ReasonField } from "@/components/automation/action-form";


/** "2026-11-24T08:00" (the browser's local time, as datetime-local gives it) to ISO, or the raw text so the server says what is wrong. */
function isoOf(local: string): string {
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? local : at.toISOString();
}

/** A value for datetime-local in the browser's time zone. */
function localValue(iso: string): string {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** An engineer picks a window of the station's own past predictions as the drift reference, or goes back to the model's. */
export function DriftReferenceForm({ slug, baseline, suggested }: { slug: string; baseline: { from: string; to: string } | null; suggested: { from: string; to: string } | null }) {
  const initial = baseline ?? suggested;
  const url = `/api/stations/${encodeURIComponent(slug)}/drift-reference`;
  return (
    <div className="space-y-3">
      <ActionForm
        label="Use a baseline window"
        url={url}
        method="PUT"
        submit="Use this window"
        tone="plain"
        toBody={(form) => ({ baseline: { from: isoOf(fieldText(form, "from")), to: isoOf(fieldText(form, "to")) }, reason: fieldText(form, "reason") })}
      >
        <Field label="From">
          <input type="datetime-local" name="from" required defaultValue={initial ? localValue(initial.from) : undefined} className={inputClass} />
        </Field>
        <Field label="Until">
          <input type="datetime-local" name="to" required defaultValue={initial ? localValue(initial.to) : undefined} className={inputClass} />
        </Field>
        <ReasonField width="w-64" />
      </ActionForm>
      {baseline ? (
        <ActionForm label="Use the model's training statistics" url={url} method="PUT" submit="Back to the model's statistics" tone="plain" toBody={(form) => ({ baseline: null, reason: fieldText(form, "reason") })}>
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
      url={`/api/stations/${encodeURIComponent(slug)}/drift-policy`}
      method="PUT"
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
