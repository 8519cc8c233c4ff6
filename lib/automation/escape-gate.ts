import { z } from "zod";
import type { DbOrTx } from "../db/index.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { OK_LABEL } from "../stations/index.ts";
import { decidingVerdicts } from "./escapes.ts";

// The truth that matters most at full automation is what the model let
// through. A manager may require, for FULL, that the units the model decided
// alone escaped at most N defects per million over its last M units: the
// gate counts the defects found downstream (lib/automation/escapes.ts) among
// the units it passed, and like every gate it blocks the promotion while it
// is not met and demotes a station at FULL once it fails.

/** Managers own the level's requirements, as they own the drift policy. */
export const MAY_SET_ESCAPE_GATE = ["MANAGER", "ADMIN"] as const;

export const escapeGateSchema = z
  .object({
    perMillion: z.number().int().min(0).max(1_000_000).describe("At most this many defects passed per million units the model decided."),
    units: z.number().int().min(100).max(10_000_000).describe("Over the model's last this many decided units."),
  })
  .strict();
export type EscapeGate = z.infer<typeof escapeGateSchema>;

/** The counts the gate judges: the model's last `window` decided units (or fewer, so far) and the defects found among those it passed. */
export interface EscapeGateEvidence {
  perMillion: number;
  window: number;
  units: number;
  escaped: number;
}

/** The gate the station requires, or null. */
export function escapeGateOf(state: { escapeGatePerMillion: number | null; escapeGateUnits: number | null }): EscapeGate | null {
  return state.escapeGatePerMillion !== null && state.escapeGateUnits !== null
    ? { perMillion: state.escapeGatePerMillion, units: state.escapeGateUnits }
    : null;
}

export async function escapeGateEvidence(db: DbOrTx, stationId: string, gate: EscapeGate): Promise<EscapeGateEvidence> {
  const [row] = await db.$queryRaw<{ units: number; escaped: number }[]>`
    WITH decided AS (${decidingVerdicts(Prisma.sql`v.station_id = ${stationId}::uuid`)}),
    latest AS (SELECT capture_id, label FROM decided WHERE decider = 'MODEL' ORDER BY decided_at DESC, capture_id DESC LIMIT ${gate.units}::int)
    SELECT count(*)::int AS units,
           count(*) FILTER (WHERE l.label = ${OK_LABEL} AND EXISTS (SELECT 1 FROM escapes e WHERE e.capture_id = l.capture_id AND e.found <> ${OK_LABEL}))::int AS escaped
      FROM latest l`;
  return { perMillion: gate.perMillion, window: gate.units, units: row?.units ?? 0, escaped: row?.escaped ?? 0 };
}
