import Link from "next/link";
import { DEFAULT_CANARY_STEPS, LEVEL_LABELS, levelAbove, stationHeadline, type StationHeadline, type StationOverview } from "@/lib/automation";
import { DemoteButton } from "./demote-button";
import { GateTable } from "./gate-table";
import { BlindShareForm, CandidateForm, DecidePromotionForm, RequestPromotionForm, ResetEvidenceForm, SwitchModelsForm } from "./station-forms";
import { formatInstant } from "@/lib/text";

export interface Permissions {
  /** Who is looking: a manager does not approve their own request (four eyes). */
  viewerId: string;
  mayRequest: boolean;
  mayDecide: boolean;
  mayDemote: boolean;
  maySetCandidate: boolean;
  maySwitch: boolean;
  mayResetEvidence: boolean;
  maySetBlindShare: boolean;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

const TONES: Record<StationHeadline["tone"], string> = {
  ready: "border-emerald-300 bg-emerald-50 text-emerald-900",
  waiting: "border-slate-200 bg-slate-50 text-slate-800",
  blocked: "border-red-300 bg-red-50 text-red-900",
  steady: "border-sky-200 bg-sky-50 text-sky-900",
};

/** One station on the ladder: level and canary, models, the gates for the next step, and what the viewer may do. */
export function StationPanel({ station, can, runnableVersions }: { station: StationOverview; can: Permissions; runnableVersions: string[] }) {
  const { canary, pendingRequest: pending, gates } = station;
  // One level at a time: the only promotion on offer is to the level above.
  const next = levelAbove(station.level);
  const isOwnRequest = pending?.requestedById === can.viewerId;
  const headingId = `station-${station.slug}`;
  const headline = stationHeadline(station);
  return (
    <section aria-labelledby={headingId} className="space-y-4 rounded-xl border border-slate-200 bg-white p-5">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id={headingId} className="text-lg font-semibold">
          {station.name}
        </h2>
        <span data-testid={`level-${station.slug}`} className="rounded bg-slate-900 px-2 py-0.5 text-sm text-white">
          {LEVEL_LABELS[station.level]}
        </span>
        {can.mayDemote ? (
          <DemoteButton
            slug={station.slug}
            stationName={station.name}
            disabled={station.level === "HUMAN_ONLY"}
            label={canary ? "Roll back canary" : "Demote"}
          />
        ) : null}
        <Link href={`/automation/stations/${station.slug}`} className="ml-auto text-sm text-sky-700 underline">
          What-if and model comparison
        </Link>
      </div>
      <p data-testid={`headline-${station.slug}`} className={`rounded border px-3 py-2 text-sm font-medium ${TONES[headline.tone]}`}>
        {headline.text}
      </p>
      {canary ? (
        <p data-testid={`canary-${station.slug}`} className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Canary: {percent(canary.share)} of units at {LEVEL_LABELS[station.level]}, the rest at {LEVEL_LABELS[canary.fromLevel]} (step {canary.stepIndex + 1}{" "}
          of {canary.steps.length}: {canary.steps.map(percent).join(" → ")}; each step widens by itself after {canary.minUnits} units when its gates pass, and
          rolls back when one breaks).
        </p>
      ) : null}
      <div className="flex flex-wrap items-end gap-6 text-sm">
        <p>
          Active model (blue): <strong data-testid={`active-model-${station.slug}`}>{station.activeModel ?? "none"}</strong> · Candidate (green):{" "}
          <strong data-testid={`candidate-model-${station.slug}`}>{station.candidateModel ?? "none"}</strong>
        </p>
        {can.maySetCandidate ? (
          <CandidateForm slug={station.slug} versions={runnableVersions.filter((v) => v !== station.activeModel)} current={station.candidateModel} />
        ) : null}
        {can.maySwitch && station.activeModel && station.candidateModel ? (
          <SwitchModelsForm slug={station.slug} active={station.activeModel} candidate={station.candidateModel} />
        ) : null}
      </div>
      {station.modelGap ? (
        <p data-testid={`model-gap-${station.slug}`} className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {station.modelGap} Until then it cannot move up a level here, and no model that lacks a class can become the candidate or the active one.
        </p>
      ) : null}
      <p data-testid={`what-counts-${station.slug}`} className="text-sm text-slate-600">
        {station.level === "PARTIAL" || station.level === "FULL"
          ? `Evidence here: the units the model leaves to inspectors and the ${percent(station.thresholds.auditShare)} audit share of those it decides, all judged without its suggestion (blind by construction), plus adjudicated truth.`
          : `Evidence counts only verdicts given without the model's suggestion, plus adjudicated truth: at AI assistance ${percent(station.thresholds.blindShare)} of units, which look the same to inspectors, show no suggestion.`}
      </p>
      {can.maySetBlindShare ? <BlindShareForm slug={station.slug} stationName={station.name} current={station.thresholds.blindShare} /> : null}
      {pending ? (
        <div className="space-y-3 rounded border border-sky-200 bg-sky-50 p-4 text-sm">
          <p>
            <strong>{pending.requestedBy}</strong> asks to move to <strong>{LEVEL_LABELS[pending.toLevel]}</strong>
            {pending.canarySteps.length > 0 ? ` as a canary (${pending.canarySteps.map(percent).join(" → ")})` : ", every unit at once"}: “{pending.reason}”
          </p>
          {can.mayDecide ? (
            <DecidePromotionForm requestId={pending.id} gatesPass={gates?.report.passed ?? false} mayApprove={!isOwnRequest || station.singlePersonApproval} />
          ) : (
            <p className="text-slate-600">Waiting for a manager&apos;s decision.</p>
          )}
        </div>
      ) : can.mayRequest && !canary && next ? (
        <RequestPromotionForm
          slug={station.slug}
          stationName={station.name}
          toLevel={{ value: next, label: LEVEL_LABELS[next] }}
          canarySteps={DEFAULT_CANARY_STEPS}
        />
      ) : null}
      {gates ? (
        <div className="space-y-2">
          <h3 className="text-sm font-medium text-slate-700">
            Gates for {LEVEL_LABELS[gates.report.targetLevel]}, on {gates.evidence.units.toLocaleString("en-US")} compared units of the active model
          </h3>
          <p data-testid={`evidence-since-${station.slug}`} className="text-sm text-slate-600">
            Evidence since {formatInstant(station.evidenceSince, { timeZone: station.timeZone })}
            {station.evidenceSinceReason ? `, when ${station.evidenceSinceReason}` : ""}. It lasts across level changes; a model switch, a drift alert or an
            engineer&apos;s reset starts it afresh.
          </p>
          <GateTable
            caption={`Gates for ${LEVEL_LABELS[gates.report.targetLevel]} at ${station.name}`}
            report={gates.report}
            unitsPerDay={gates.evidence.unitsPerDay}
          />
          {can.mayResetEvidence ? <ResetEvidenceForm slug={station.slug} stationName={station.name} /> : null}
        </div>
      ) : null}
    </section>
  );
}
