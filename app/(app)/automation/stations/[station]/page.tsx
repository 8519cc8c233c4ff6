import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { z } from "zod";
import { AuditSampleTable } from "@/components/automation/audit-sample-table";
import { EscapeTable } from "@/components/automation/escape-table";
import { EstimateTable } from "@/components/automation/estimate-table";
import { RefitCalibrationForm } from "@/components/drift/drift-settings-forms";
import { estimateSince, MAY_REFIT_CALIBRATION } from "@/lib/drift";
import {
  AUDIT_ROLLING_DAYS,
  automationOverview,
  compareStationModels,
  LEVEL_LABELS,
  levelAbove,
  replayWhatIf,
  whatIfLevels,
  type WhatIfProposal,
  auditSample,
  ESCAPE_WINDOW_DAYS,
  escapeRates,
  MAY_REPORT_ESCAPES,
  escapeGateEvidence,
  escapeGateOf,
  MAY_SET_ESCAPE_GATE,
  escapeGate as escapeGateResult,
  ESCAPE_IMPORT_MAX_BYTES,
} from "@/lib/automation";
import { formatGateNumber, GateTable } from "@/components/automation/gate-table";
import { WhatIfTable } from "@/components/automation/what-if-table";
import { EmptyState } from "@/components/ui/empty-state";
import { WorkingOn } from "@/components/ui/progress-bar";
import { PageHeader } from "@/components/ui/page-header";
import type { AutomationLevel } from "@/lib/generated/prisma/enums";
import { requirePlace } from "@/lib/auth";
import { db } from "@/lib/db";
import { EscapeGateForm } from "@/components/automation/escape-gate-form";
import { EscapeImportForm } from "@/components/automation/escape-import-form";
import { unitExportTotal } from "@/lib/metrics";
import { formatInstant } from "@/lib/text";
import { RegionForm } from "@/components/automation/region-form";
import { describeRegion } from "@/lib/model";
import { MAY_SET_REGION, regionSetting } from "@/lib/stations";

export const metadata: Metadata = { title: "Station automation" };

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const share = z.preprocess(first, z.coerce.number().min(0).max(1));
const whatIfSchema = z.object({
  level: z
    .preprocess(first, z.enum(["PARTIAL", "FULL"]))
    .optional()
    .catch(undefined),
  ok: share.optional().catch(undefined),
  defect: share.optional().catch(undefined),
  audit: share.optional().catch(undefined),
  since: z.preprocess(first, z.enum(["evidence", "30", "90"])).catch("evidence"),
});
const input = "rounded border border-slate-300 px-2 py-1.5";
/** How far back the audit sample reads. */
const AUDIT_SAMPLE_DAYS = 90;

export default async function StationAutomationPage({
  params,
  searchParams,
}: {
  params: Promise<{ station: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { station: slug } = await params;
  const user = await requirePlace("/automation", `/automation/stations/${slug}`);
  const station = (await automationOverview(db())).find((s) => s.slug === slug);
  if (!station) notFound();
  const query = whatIfSchema.parse(await searchParams);
  const levels = whatIfLevels(station.level);
  const proposal = {
    // One level at a time: only the station's own level or the one above it.
    level: levels.find((option) => option.level === query.level)?.level ?? levels.at(-1)?.level ?? "PARTIAL",
    okThreshold: query.ok ?? station.thresholds.ok,
    defectThreshold: query.defect ?? station.thresholds.defect,
    auditShare: query.audit ?? station.thresholds.auditShare,
  };
  const since = query.since === "evidence" ? station.evidenceSince : new Date(Date.now() - Number(query.since) * 86_400_000);
  const target = levelAbove(station.level) ?? station.level;
  const automationRow = await db().stationAutomation.findUnique({
    where: { stationId: station.id },
    select: { activeModelId: true, escapeGatePerMillion: true, escapeGateUnits: true },
  });
  const activeId = automationRow?.activeModelId ?? null;
  const region = await regionSetting(db(), station.id);
  const escapeGate = automationRow ? escapeGateOf(automationRow) : null;
  // What the replay will read, from the daily rollups (whole days, so an upper bound): said while it runs.
  const recorded = activeId
    ? await unitExportTotal(db(), { stationId: station.id, modelVersionId: activeId, from: since, to: new Date(Date.now() + 86_400_000) })
    : 0;
  return (
    <>
      <PageHeader title={station.name}>
        {LEVEL_LABELS[station.level]} since {formatInstant(station.eraStartedAt, { timeZone: station.timeZone })} · active model {station.activeModel ?? "none"}{" "}
        · candidate {station.candidateModel ?? "none"}
      </PageHeader>

      {activeId && (station.level === "PARTIAL" || station.level === "FULL") ? (
        <section aria-label="Audit sample" className="mb-10">
          <h2 className="mb-1 text-lg font-semibold">Audit sample: how the model does alone</h2>
          <p className="mb-3 max-w-3xl text-sm text-slate-600">
            People see {Math.round(station.thresholds.auditShare * 100)}% of the units the model could decide alone, drawn at random (a stable hash of the unit,
            not the model&apos;s score) and shown without its answer, so they are blind by construction. Those units are the measurement of the model where
            nobody else looks; the shadow-mode row is the same model on the same kind of units (those it would have decided alone at these thresholds), its
            yardstick. Rates are against the inspector, or the adjudicated truth where a unit was settled, with 95% Wilson intervals.
          </p>
          <Suspense fallback={<WorkingOn label="Reading the audited units…" />}>
            <AuditSampleSection
              stationId={station.id}
              modelVersionId={activeId}
              okThreshold={station.thresholds.ok}
              defectThreshold={station.thresholds.defect}
              timeZone={station.timeZone}
            />
          </Suspense>
        </section>
      ) : null}

      {activeId && (station.level === "PARTIAL" || station.level === "FULL") ? (
        <section aria-label="Label-free estimate" className="mb-10">
          <h2 className="mb-1 text-lg font-semibold">Label-free estimate: every unit the model decides</h2>
          <p className="mb-3 max-w-3xl text-sm text-slate-600">
            Nobody labels the units the model decides alone, but its score says how likely each is defective. Calibrated on this station&apos;s shadow era
            (isotonic regression of the inspectors&apos; verdicts on the score), the scores give the expected defects passed, good units rejected and labels
            right on every unit: an estimate, with the 95% interval of its sampling error. It holds only while the calibration does, so the drift monitor holds
            it against the audit sample on the same audited units, and alerts when they part (or when the estimate falls below this level&apos;s gate); such an
            alert blocks promotions and demotes the station as a drift alert does.
          </p>
          <Suspense fallback={<WorkingOn label="Estimating the units the model decided…" />}>
            <EstimateSection
              stationId={station.id}
              slug={station.slug}
              modelVersionId={activeId}
              okThreshold={station.thresholds.ok}
              defectThreshold={station.thresholds.defect}
              timeZone={station.timeZone}
              mayRefit={MAY_REFIT_CALIBRATION.includes(user.role)}
            />
          </Suspense>
        </section>
      ) : null}

      <section aria-label="Escapes" className="mb-10">
        <h2 className="mb-1 text-lg font-semibold">Escapes found downstream</h2>
        <p className="mb-3 max-w-3xl text-sm text-slate-600">
          Units found defective after the station passed them, or good after it rejected them (end-of-line tests, customer returns), over the units decided in
          the last {ESCAPE_WINDOW_DAYS} days, by who decided each: the truth that matters most once the model decides alone. A test rig posts them to{" "}
          <code>POST /api/stations/{station.slug}/escapes</code> with the station&apos;s token.
        </p>
        <Suspense fallback={<WorkingOn label="Counting escapes…" />}>
          <EscapeSection stationId={station.id} />
        </Suspense>
        <div className="mt-4 space-y-4">
          {(MAY_REPORT_ESCAPES as readonly string[]).includes(user.role) ? <EscapeImportForm slug={station.slug} maxBytes={ESCAPE_IMPORT_MAX_BYTES} /> : null}
          {(MAY_SET_ESCAPE_GATE as readonly string[]).includes(user.role) ? <EscapeGateForm slug={station.slug} gate={escapeGate} /> : null}
        </div>
      </section>

      <h2 className="mb-3 text-lg font-semibold">What-if: replay the recorded evidence</h2>
      <form method="get" aria-label="What-if" className="mb-4 flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Level</span>
          <select name="level" defaultValue={proposal.level} className={input}>
            {levels.map(({ level, isReachable }) => (
              <option key={level} value={level}>
                {LEVEL_LABELS[level]}
                {isReachable ? "" : " (after AI assistance: planning only)"}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Pass alone at P(defect) ≤</span>
          <input name="ok" type="number" step="0.005" min="0" max="1" defaultValue={proposal.okThreshold} className={`${input} w-28`} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Reject alone at P(defect) ≥</span>
          <input name="defect" type="number" step="0.005" min="0" max="1" defaultValue={proposal.defectThreshold} className={`${input} w-28`} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Audit share</span>
          <input name="audit" type="number" step="0.01" min="0" max="1" defaultValue={proposal.auditShare} className={`${input} w-24`} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Evidence</span>
          <select name="since" defaultValue={query.since} className={input}>
            <option value="evidence">Since the evidence began</option>
            <option value="30">Last 30 days</option>
            <option value="90">Last 90 days</option>
          </select>
        </label>
        <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white">
          Replay
        </button>
      </form>
      {activeId ? (
        <Suspense
          key={`${proposal.level}/${proposal.okThreshold}/${proposal.defectThreshold}/${proposal.auditShare}/${query.since}`}
          fallback={
            <WorkingOn
              label={`Replaying up to ${recorded.toLocaleString("en-US")} recorded units since ${formatInstant(since, { timeZone: station.timeZone })}…`}
            />
          }
        >
          <WhatIfReplay scope={{ stationId: station.id, modelVersionId: activeId, since }} proposal={proposal} />
        </Suspense>
      ) : (
        <EmptyState title="No active model">The what-if replays the active model&apos;s recorded predictions.</EmptyState>
      )}

      <h2 className="mb-3 mt-10 text-lg font-semibold">Active and candidate models side by side</h2>
      <p className="mb-4 text-sm text-slate-600">
        Both predict on the same units; each one&apos;s gates for {LEVEL_LABELS[target]} on the units compared since the evidence began (
        {formatInstant(station.evidenceSince, { timeZone: station.timeZone })}
        {station.evidenceSinceReason ? `, when ${station.evidenceSinceReason}` : ""}).
      </p>
      <Suspense fallback={<WorkingOn label="Reading both models' evidence…" />}>
        <ModelsSideBySide stationId={station.id} target={target} />
      </Suspense>

      <section aria-label="Region of interest" className="mb-10 mt-10">
        <h2 className="mb-1 text-lg font-semibold">Region of interest</h2>
        <p className="mb-3 max-w-3xl text-sm text-slate-600">
          Where the phone lies in this station&apos;s photos (a fixture, a tray). The model still sees the whole photo, but a unit&apos;s score counts only what
          it finds inside the region, in the inspector&apos;s browser and on the server alike: the bench, cables and boxes around the phone cannot fail a unit.
          Now: <strong data-testid="region-now">{describeRegion(region.current)}</strong>. A change starts the station&apos;s evidence afresh, and waits until
          the model no longer decides units alone. Drag over the photo to draw it.
        </p>
        <RegionForm slug={station.slug} region={region.current} photo={region.photo} mayEdit={MAY_SET_REGION.includes(user.role)} />
      </section>
    </>
  );
}

/** The what-if's table, streamed in when the replay is done (a long history takes a while). */
async function WhatIfReplay({ scope, proposal }: { scope: { stationId: string; modelVersionId: string; since: Date }; proposal: WhatIfProposal }) {
  return <WhatIfTable result={await replayWhatIf(db(), scope, proposal)} />;
}

/** Each model's gates for the next level, on the same units. */
async function ModelsSideBySide({ stationId, target }: { stationId: string; target: AutomationLevel }) {
  const sides = await compareStationModels(db(), stationId, target);
  return (
    <>
      {sides.length === 0 ? <EmptyState title="No model">This station runs no model.</EmptyState> : null}
      <div className="grid gap-6 xl:grid-cols-2">
        {sides.map((side) => (
          <div key={side.role} className="min-w-0 space-y-2">
            <h3 className="text-sm font-medium">
              {side.role === "ACTIVE" ? "Active (blue)" : "Candidate (green)"}: {side.version} · {side.evidence.units.toLocaleString("en-US")} compared units
            </h3>
            <GateTable caption={`Gates of ${side.version} for ${LEVEL_LABELS[target]}`} report={side.report} unitsPerDay={side.evidence.unitsPerDay} />
          </div>
        ))}
      </div>
    </>
  );
}

/** The audit share's figures over the last 90 days. */
async function AuditSampleSection(props: { stationId: string; modelVersionId: string; okThreshold: number; defectThreshold: number; timeZone: string }) {
  const since = new Date(Date.now() - AUDIT_SAMPLE_DAYS * 86_400_000);
  const sample = await auditSample(db(), { ...props, since });
  return <AuditSampleTable sample={sample} since={formatInstant(since, { timeZone: props.timeZone })} />;
}

/** The label-free estimate over the audit sample's periods, what it rests on, and the engineer's refit. */
async function EstimateSection(props: {
  stationId: string;
  slug: string;
  modelVersionId: string;
  okThreshold: number;
  defectThreshold: number;
  timeZone: string;
  mayRefit: boolean;
}) {
  const since = new Date(Date.now() - AUDIT_SAMPLE_DAYS * 86_400_000);
  const view = await estimateSince(db(), { ...props, since, rollingDays: AUDIT_ROLLING_DAYS });
  const { calibration } = view;
  return (
    <div className="space-y-3">
      {calibration && view.rolling && view.total ? (
        <>
          <p className="text-sm" data-testid="calibration">
            Calibrated on {calibration.units.toLocaleString("en-US")} shadow units ({calibration.defects.toLocaleString("en-US")} defects) in{" "}
            {calibration.rates.length} score blocks, {formatInstant(calibration.fittedAt, { timeZone: props.timeZone })},{" "}
            {calibration.fittedById ? "refitted by an engineer" : "by the drift monitor"}.
          </p>
          <EstimateTable rolling={view.rolling} total={view.total} days={view.days} since={formatInstant(since, { timeZone: props.timeZone })} />
        </>
      ) : (
        <EmptyState title="No calibration yet">{view.missing}</EmptyState>
      )}
      {props.mayRefit ? <RefitCalibrationForm slug={props.slug} /> : null}
    </div>
  );
}

/** Escapes per decider over the last ESCAPE_WINDOW_DAYS days, and the escape gate where the station requires it. */
async function EscapeSection({ stationId }: { stationId: string }) {
  const automation = await db().stationAutomation.findUnique({ where: { stationId }, select: { escapeGatePerMillion: true, escapeGateUnits: true } });
  const required = automation ? escapeGateOf(automation) : null;
  const gate = required ? escapeGateResult(await escapeGateEvidence(db(), stationId, required)) : null;
  return (
    <div className="space-y-3">
      <EscapeTable rates={await escapeRates(db(), stationId)} />
      <p className="text-sm" data-testid="escape-gate">
        {required && gate ? (
          <>
            Required for full automation: at most {required.perMillion.toLocaleString("en-US")} defects per million over the model&apos;s last{" "}
            {required.units.toLocaleString("en-US")} decided units. Now {formatGateNumber(gate, gate.value)}
            {gate.interval ? ` (95% ${formatGateNumber(gate, gate.interval[0])} – ${formatGateNumber(gate, gate.interval[1])})` : ""}:{" "}
            <strong>{gate.status === "pass" ? "passes" : gate.status === "fail" ? "fails" : "not yet decidable"}</strong>
            {gate.note ? ` (${gate.note})` : ""}.
          </>
        ) : (
          "No escape gate is required for full automation at this station."
        )}
      </p>
    </div>
  );
}
