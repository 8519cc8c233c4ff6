import type { DbOrTx } from "../db/client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { modelCondition, type EvidenceFilter } from "./evidence-filter.ts";
import { wilsonInterval, type Proportion } from "./wilson.ts";

// Automation bias at AI assistance: agreement with the model on units where
// the inspector saw its suggestion beside agreement on the blind units, and
// how often people took back an answer and replaced it with the model's.

export interface AutomationBiasCounts {
  assisted: number;
  assistedAgreements: number;
  blind: number;
  blindAgreements: number;
  /** Assisted verdicts that replaced an undone answer. */
  revised: number;
  /** Of those, the ones where the undone answer differed from the model's and the new one is the model's. */
  revisedTowardSuggestion: number;
}

export interface AutomationBiasRow {
  inspector: string;
  assisted: Proportion;
  blind: Proportion;
  /** Assisted agreement minus blind agreement: how much the suggestion moves people, where both are known. */
  gap: number | null;
  revised: number;
  revisedTowardSuggestion: number;
}

/** The pure part: proportions and the gap from the counts. */
export function automationBiasOf(inspector: string, counts: AutomationBiasCounts): AutomationBiasRow {
  const assisted = wilsonInterval(counts.assistedAgreements, counts.assisted);
  const blind = wilsonInterval(counts.blindAgreements, counts.blind);
  return {
    inspector,
    assisted,
    blind,
    gap: assisted.rate !== null && blind.rate !== null ? assisted.rate - blind.rate : null,
    revised: counts.revised,
    revisedTowardSuggestion: counts.revisedTowardSuggestion,
  };
}

/**
 * Named SQL: the active (or filtered) model's compared units judged at AI
 * assistance in the filter's range, per inspector, with every inspector's
 * total first. Reads comparisons by station and time, and each one's verdict
 * for what was undone.
 */
export async function automationBiasByInspector(db: DbOrTx, filter: EvidenceFilter): Promise<{ total: AutomationBiasRow; inspectors: AutomationBiasRow[] }> {
  const conditions = [Prisma.sql`c.level = 'AI_ASSIST'`, Prisma.sql`c.decided_at >= ${filter.from}`, Prisma.sql`c.decided_at < ${filter.to}`];
  if (filter.stationId) conditions.push(Prisma.sql`c.station_id = ${filter.stationId}::uuid`);
  conditions.push(modelCondition(filter, "c"));
  if (filter.inspectorId) conditions.push(Prisma.sql`c.inspector_id = ${filter.inspectorId}`);
  const rows = await db.$queryRaw<
    { inspector: string | null; assisted: number; assisted_agree: number; blind: number; blind_agree: number; revised: number; toward: number }[]
  >`
    SELECT COALESCE(u.name, c.inspector_id, 'import') AS inspector,
           count(*) FILTER (WHERE c.suggestion_shown)::int AS assisted,
           count(*) FILTER (WHERE c.suggestion_shown AND c.human_label = c.model_label)::int AS assisted_agree,
           count(*) FILTER (WHERE NOT c.suggestion_shown)::int AS blind,
           count(*) FILTER (WHERE NOT c.suggestion_shown AND c.human_label = c.model_label)::int AS blind_agree,
           count(*) FILTER (WHERE c.suggestion_shown AND v.revised_from IS NOT NULL)::int AS revised,
           count(*) FILTER (WHERE c.suggestion_shown AND v.revised_from IS NOT NULL AND v.revised_from <> c.model_label AND c.human_label = c.model_label)::int AS toward
      FROM comparisons c
      JOIN verdicts v ON v.id = c.verdict_id
      LEFT JOIN users u ON u.id = c.inspector_id
     WHERE ${Prisma.join(conditions, " AND ")}
     GROUP BY 1
     ORDER BY 1`;
  const countsOf = (r: (typeof rows)[number]): AutomationBiasCounts => ({
    assisted: r.assisted,
    assistedAgreements: r.assisted_agree,
    blind: r.blind,
    blindAgreements: r.blind_agree,
    revised: r.revised,
    revisedTowardSuggestion: r.toward,
  });
  const total = rows.reduce<AutomationBiasCounts>(
    (sum, r) => {
      const c = countsOf(r);
      return {
        assisted: sum.assisted + c.assisted,
        assistedAgreements: sum.assistedAgreements + c.assistedAgreements,
        blind: sum.blind + c.blind,
        blindAgreements: sum.blindAgreements + c.blindAgreements,
        revised: sum.revised + c.revised,
        revisedTowardSuggestion: sum.revisedTowardSuggestion + c.revisedTowardSuggestion,
      };
    },
    { assisted: 0, assistedAgreements: 0, blind: 0, blindAgreements: 0, revised: 0, revisedTowardSuggestion: 0 },
  );
  return { total: automationBiasOf("Every inspector", total), inspectors: rows.map((r) => automationBiasOf(r.inspector ?? "import", countsOf(r))) };
}
