import type { Db } from "../db/index.ts";
import { appendAudit } from "../audit/index.ts";
import { lockStation, type LadderRefusal, type Person } from "../automation/index.ts";
import { refuse } from "../refusals/index.ts";
import { DRIFT_POLICY } from "./checks.ts";
import { stationReference } from "./monitor.ts";

/** Engineers study drift and pick its reference; managers own whether drift demotes a station. */
export const MAY_SET_DRIFT_REFERENCE: readonly Person["role"][] = ["ENGINEER", "ADMIN"];
export const MAY_SET_DRIFT_POLICY: readonly Person["role"][] = ["MANAGER", "ADMIN"];

/** A refusal with its HTTP status, as the ladder's (the settings answer 403, 404 or 422). */
export type DriftSettingsRefusal = LadderRefusal;

/**
 * Makes a window of the station's own past predictions the drift reference
 * (from inclusive, to exclusive), or with `null` goes back to the active
 * model's training statistics. The window must hold at least one drift window
 * of the active model's predictions, so that the reference is not noisier than
 * what it judges. Windows checked from now on compare with the new reference;
 * checks already stored keep the reference they were made with, and open
 * alerts close by hysteresis once the windows fall back under the threshold.
 */
export async function setDriftReference(
  db: Db,
  slug: string,
  person: Person,
  baseline: { from: Date | string; to: Date | string } | null,
  reason: string,
): Promise<{ ok: true; reference: string; predictions: number | null } | DriftSettingsRefusal> {
  // As a request body gives it (ISO strings) or as code does (dates).
  const window = baseline && { from: new Date(baseline.from), to: new Date(baseline.to) };
  if (!MAY_SET_DRIFT_REFERENCE.includes(person.role)) return refuse("forbidden", "role", "Only engineers and admins pick the drift reference.");
  if (window && !(window.from.getTime() < window.to.getTime())) return refuse("invalid", "empty-window", "The baseline window must start before it ends.");
  if (window && window.from.getTime() > Date.now()) return refuse("invalid", "future-window", "The baseline window must start in the past.");
  return db.$transaction(async (tx) => {
    const locked = await lockStation(tx, slug);
    if (!locked.ok) return locked;
    const { stationId, state } = locked;
    if (!state.activeModelId) return refuse("invalid", "no-active-model", "The station runs no model yet: there is nothing to monitor for drift.");
    let predictions: number | null = null;
    if (window) {
      predictions = await tx.prediction.count({ where: { stationId, modelVersionId: state.activeModelId, createdAt: { gte: window.from, lt: window.to } } });
      if (predictions < DRIFT_POLICY.windowSize) {
        return refuse(
          "invalid",
          "window-too-small",
          `The window holds ${predictions} predictions of the active model; a baseline needs at least ${DRIFT_POLICY.windowSize}, one drift window. Widen it.`,
        );
      }
    }
    await tx.stationAutomation.update({ where: { stationId }, data: { driftBaselineFrom: window?.from ?? null, driftBaselineTo: window?.to ?? null } });
    const found = await stationReference(tx, stationId);
    const previous =
      state.driftBaselineFrom && state.driftBaselineTo ? { from: state.driftBaselineFrom.toISOString(), to: state.driftBaselineTo.toISOString() } : null;
    await appendAudit(tx, {
      stationId,
      actor: { kind: "USER", id: person.id },
      action: "DRIFT_BASELINE_SET",
      reason,
      evidence: {
        baseline: window ? { from: window.from.toISOString(), to: window.to.toISOString(), predictions } : null,
        previous,
        reference: found?.reference.label ?? null,
      },
      at: new Date(),
    });
    return { ok: true, reference: found?.reference.label ?? "none", predictions } as const;
  });
}

/** Whether an open drift alert demotes the station at PARTIAL or FULL (it always blocks promotions). */
export async function setDriftDemotes(
  db: Db,
  slug: string,
  person: Person,
  demotes: boolean,
  reason: string,
): Promise<{ ok: true; driftDemotes: boolean } | DriftSettingsRefusal> {
  if (!MAY_SET_DRIFT_POLICY.includes(person.role)) return refuse("forbidden", "role", "Only managers and admins decide whether drift demotes a station.");
  return db.$transaction(async (tx) => {
    const locked = await lockStation(tx, slug);
    if (!locked.ok) return locked;
    const { stationId, state } = locked;
    if (state.driftDemotes === demotes) return { ok: true, driftDemotes: demotes } as const;
    await tx.stationAutomation.update({ where: { stationId }, data: { driftDemotes: demotes } });
    await appendAudit(tx, {
      stationId,
      actor: { kind: "USER", id: person.id },
      action: "DRIFT_POLICY_SET",
      reason,
      evidence: { driftDemotes: demotes, previous: state.driftDemotes },
      at: new Date(),
    });
    return { ok: true, driftDemotes: demotes } as const;
  });
}

/** The station's days of active-model predictions, with how many data-drift windows ended past the threshold, to help pick a calm baseline. */
export async function baselineDays(
  db: Db,
  stationId: string,
  modelVersionId: string,
  days = 14,
): Promise<{ day: string; predictions: number; windowsPast: number; windows: number }[]> {
  const rows = await db.$queryRaw<{ day: string; predictions: bigint; windows_past: bigint; windows: bigint }[]>`
    WITH p AS (
      SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS predictions
        FROM predictions WHERE station_id = ${stationId}::uuid AND model_version_id = ${modelVersionId}::uuid
       GROUP BY 1 ORDER BY 1 DESC LIMIT ${days}::int),
    c AS (
      SELECT to_char(window_end AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(DISTINCT units_seen) FILTER (WHERE exceeded) AS windows_past, count(DISTINCT units_seen) AS windows
        FROM drift_checks WHERE station_id = ${stationId}::uuid AND model_version_id = ${modelVersionId}::uuid AND kind = 'data'
       GROUP BY 1)
    SELECT p.day, p.predictions, coalesce(c.windows_past, 0) AS windows_past, coalesce(c.windows, 0) AS windows
      FROM p LEFT JOIN c ON c.day = p.day ORDER BY p.day DESC`;
  return rows.map((r) => ({ day: r.day, predictions: Number(r.predictions), windowsPast: Number(r.windows_past), windows: Number(r.windows) }));
}
