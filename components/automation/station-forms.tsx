"use client";

import { ActionForm, Field, fieldText, inputClass, ReasonField } from "./action-form";

type Level = "HUMAN_ONLY" | "SHADOW" | "AI_ASSIST" | "PARTIAL" | "FULL";

/** An engineer or manager asks to move the station up, at once or as a canary. */
export function RequestPromotionForm({ slug, stationName, levels, canarySteps }: { slug: string; stationName: string; levels: { value: Level; label: string }[]; canarySteps: readonly number[] }) {
  const stepsLabel = canarySteps.map((share) => `${Math.round(share * 100)}%`).join(" → ");
  return (
    <ActionForm
      label={`Request a promotion of ${stationName}`}
      url={`/api/stations/${encodeURIComponent(slug)}/promotions`}
      submit="Request promotion"
      toBody={(form) => ({ toLevel: fieldText(form, "toLevel"), reason: fieldText(form, "reason"), canarySteps: fieldText(form, "rollout") === "canary" ? canarySteps : null })}
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
      <ReasonField width="w-72" />
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
        toBody={(form) => ({ decision: "approve", reason: fieldText(form, "reason"), overrideReason: fieldText(form, "override") || null })}
      >
        <ReasonField label="Reason for approving" width="w-72" />
        {gatesPass ? null : (
          <ReasonField label="Override reason (gates do not pass)" name="override" width="w-72" />
        )}
      </ActionForm>
      <ActionForm label="Reject the promotion" url={`/api/promotions/${requestId}/decision`} submit="Reject" tone="danger" toBody={(form) => ({ decision: "reject", reason: fieldText(form, "reason") })}>
        <ReasonField label="Reason for rejecting" width="w-72" />
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
      toBody={(form) => ({ version: fieldText(form, "version") || null, reason: fieldText(form, "reason") })}
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
      <ReasonField width="w-56" />
    </ActionForm>
  );
}

/** Blue/green: swaps the active and candidate models; the same action switches back. */
export function SwitchModelsForm({ slug, active, candidate }: { slug: string; active: string; candidate: string }) {
  return (
    <ActionForm label={`Switch to ${candidate}`} url={`/api/stations/${encodeURIComponent(slug)}/model-switch`} submit={`Switch to ${candidate}`} tone="plain" toBody={(form) => ({ reason: fieldText(form, "reason") })}>
      <ReasonField label={`Why replace ${active}`} width="w-56" />
    </ActionForm>
  );
}
