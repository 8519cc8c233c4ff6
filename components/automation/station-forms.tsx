"use client";

import {
  decidePromotionAction,
  requestPromotionAction,
  resetEvidenceAction,
  setBlindShareAction,
  setCandidateAction,
  switchModelsAction,
} from "@/app/(app)/automation/actions";
import { ActionForm, Field, fieldText, inputClass, ReasonField } from "./action-form";

import type { AutomationLevel as Level } from "@/lib/generated/prisma/enums";

/** An engineer or manager asks to move the station one level up, at once or as a canary. */
export function RequestPromotionForm({
  slug,
  stationName,
  toLevel,
  canarySteps,
}: {
  slug: string;
  stationName: string;
  toLevel: { value: Level; label: string };
  canarySteps: readonly number[];
}) {
  const stepsLabel = canarySteps.map((share) => `${Math.round(share * 100)}%`).join(" → ");
  return (
    <ActionForm
      label={`Request a promotion of ${stationName}`}
      send={(body) => requestPromotionAction(slug, body)}
      submit={`Request ${toLevel.label}`}
      toBody={(form) => ({
        toLevel: toLevel.value,
        reason: fieldText(form, "reason"),
        canarySteps: fieldText(form, "rollout") === "canary" ? canarySteps : null,
      })}
    >
      <p className="self-center text-sm">
        Next level: <strong>{toLevel.label}</strong> <span className="text-slate-500">(the ladder goes one level at a time)</span>
      </p>
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

/**
 * A manager approves or rejects; approving over unmet gates needs an override
 * reason. The manager who asked may withdraw (reject) the request but not
 * approve it, unless an admin allowed single-person approval at the station.
 */
export function DecidePromotionForm({ requestId, gatesPass, mayApprove }: { requestId: string; gatesPass: boolean; mayApprove: boolean }) {
  return (
    <div className="space-y-3">
      {mayApprove ? (
        <ActionForm
          label="Approve the promotion"
          send={(body) => decidePromotionAction(requestId, body)}
          submit={gatesPass ? "Approve" : "Approve over the gates"}
          toBody={(form) => ({ decision: "approve", reason: fieldText(form, "reason"), overrideReason: fieldText(form, "override") || null })}
        >
          <ReasonField label="Reason for approving" width="w-72" />
          {gatesPass ? null : <ReasonField label="Override reason (gates do not pass)" name="override" width="w-72" />}
        </ActionForm>
      ) : (
        <p className="text-slate-700">You asked for this promotion: another manager approves it (four eyes). You may withdraw it.</p>
      )}
      <ActionForm
        label="Reject the promotion"
        send={(body) => decidePromotionAction(requestId, body)}
        submit={mayApprove ? "Reject" : "Withdraw"}
        tone="danger"
        toBody={(form) => ({ decision: "reject", reason: fieldText(form, "reason") })}
      >
        <ReasonField label={mayApprove ? "Reason for rejecting" : "Reason for withdrawing"} width="w-72" />
      </ActionForm>
    </div>
  );
}

/** An engineer starts a station's evidence afresh when it no longer describes the line (audited). */
export function ResetEvidenceForm({ slug, stationName }: { slug: string; stationName: string }) {
  return (
    <ActionForm
      label={`Reset the evidence of ${stationName}`}
      send={(body) => resetEvidenceAction(slug, body)}
      submit="Reset evidence"
      tone="plain"
      toBody={(form) => ({ reason: fieldText(form, "reason") })}
    >
      <ReasonField label="Why the evidence no longer holds" width="w-72" />
    </ActionForm>
  );
}

/** A manager sets the share of units judged without the model's suggestion at AI assistance (audited). */
export function BlindShareForm({ slug, stationName, current }: { slug: string; stationName: string; current: number }) {
  return (
    <ActionForm
      label={`Blind share of ${stationName}`}
      send={(body) => setBlindShareAction(slug, body)}
      submit="Set blind share"
      tone="plain"
      toBody={(form) => ({ share: Number(fieldText(form, "share")) / 100, reason: fieldText(form, "reason") })}
    >
      <Field label="Blind share at AI assistance (%)">
        <input name="share" type="number" min={5} max={100} step={1} defaultValue={Math.round(current * 100)} className={`${inputClass} w-24`} />
      </Field>
      <ReasonField width="w-56" />
    </ActionForm>
  );
}

/** Sets (or clears) the candidate model that predicts beside the active one. */
export function CandidateForm({ slug, versions, current }: { slug: string; versions: string[]; current: string | null }) {
  return (
    <ActionForm
      label="Set the candidate model"
      send={(body) => setCandidateAction(slug, body)}
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
    <ActionForm
      label={`Switch to ${candidate}`}
      send={(body) => switchModelsAction(slug, body)}
      submit={`Switch to ${candidate}`}
      tone="plain"
      toBody={(form) => ({ reason: fieldText(form, "reason") })}
    >
      <ReasonField label={`Why replace ${active}`} width="w-56" />
    </ActionForm>
  );
}
