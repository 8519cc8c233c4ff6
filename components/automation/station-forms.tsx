"use client";

import { ActionForm, Field, inputClass } from "./action-form";

type Level = "HUMAN_ONLY" | "SHADOW" | "AI_ASSIST" | "PARTIAL" | "FULL";
const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** An engineer or manager asks to move the station up, at once or as a canary. */
export function RequestPromotionForm({ slug, stationName, levels, canarySteps }: { slug: string; stationName: string; levels: { value: Level; label: string }[]; canarySteps: readonly number[] }) {
  const stepsLabel = canarySteps.map((share) => `${Math.round(share * 100)}%`).join(" → ");
  return (
    <ActionForm
      label={`Request a promotion of ${stationName}`}
      url={`/api/stations/${encodeURIComponent(slug)}/promotions`}
      submit="Request promotion"
      toBody={(form) => ({ toLevel: text(form, "toLevel"), reason: text(form, "reason"), canarySteps: text(form, "rollout") === "canary" ? canarySteps : null })}
    >
      <Field label="To level">
        <select name="toLevel" className={inputClass}>
          {levels.map((level) => (
            <option key={level.value} value={level.value}>
              {level.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Rollout">
        <select name="rollout" defaultValue="canary" className={inputClass}>
          <option value="canary">Canary {stepsLabel}</option>
          <option value="all">Every unit at once</option>
        </select>
      </Field>
      <Field label="Why">
        <input name="reason" required minLength={3} className={`${inputClass} w-72`} />
      </Field>
    </ActionForm>
  );
}

/** A manager approves or rejects; approving over unmet gates needs an override reason. */
export function DecidePromotionForm({ requestId, gatesPass }: { requestId: string; gatesPass: boolean }) {
  return (
    <div className="space-y-3">
      <ActionForm
        label="Approve the promotion"
        url={`/api/promotions/${requestId}/decision`}
        submit={gatesPass ? "Approve" : "Approve over the gates"}
        toBody={(form) => ({ decision: "approve", reason: text(form, "reason"), overrideReason: text(form, "override") || null })}
      >
        <Field label="Reason for approving">
          <input name="reason" required minLength={3} className={`${inputClass} w-72`} />
        </Field>
        {gatesPass ? null : (
          <Field label="Override reason (gates do not pass)">
            <input name="override" required minLength={3} className={`${inputClass} w-72`} />
          </Field>
        )}
      </ActionForm>
      <ActionForm label="Reject the promotion" url={`/api/promotions/${requestId}/decision`} submit="Reject" tone="danger" toBody={(form) => ({ decision: "reject", reason: text(form, "reason") })}>
        <Field label="Reason for rejecting">
          <input name="reason" required minLength={3} className={`${inputClass} w-72`} />
        </Field>
      </ActionForm>
    </div>
  );
}

/** Sets (or clears) the candidate model that predicts beside the active one. */
export function CandidateForm({ slug, versions, current }: { slug: string; versions: string[]; current: string | null }) {
  return (
    <ActionForm
      label="Set the candidate model"
      url={`/api/stations/${encodeURIComponent(slug)}/candidate`}
      method="PUT"
      submit="Set candidate"
      tone="plain"
      toBody={(form) => ({ version: text(form, "version") || null, reason: text(form, "reason") })}
    >
      <Field label="Candidate model">
        <select name="version" defaultValue={current ?? ""} className={inputClass}>
          <option value="">None</option>
          {versions.map((version) => (
            <option key={version} value={version}>
              {version}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Why">
        <input name="reason" required minLength={3} className={`${inputClass} w-56`} />
      </Field>
    </ActionForm>
  );
}

/** Blue/green: swaps the active and candidate models; the same action switches back. */
export function SwitchModelsForm({ slug, active, candidate }: { slug: string; active: string; candidate: string }) {
  return (
    <ActionForm label={`Switch to ${candidate}`} url={`/api/stations/${encodeURIComponent(slug)}/model-switch`} submit={`Switch to ${candidate}`} tone="plain" toBody={(form) => ({ reason: text(form, "reason") })}>
      <Field label={`Why replace ${active}`}>
        <input name="reason" required minLength={3} className={`${inputClass} w-56`} />
      </Field>
    </ActionForm>
  );
}
