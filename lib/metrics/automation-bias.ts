import type { DbOrTx } from "../db/index.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { isoDay, modelCondition, type EvidenceFilter } from "./evidence-filter.ts";
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

const DAY_MS = 86_400_000;

/** The whole UTC days inside [from, to), which the rollup holds; none (an empty range at `to`) when the range holds no whole day. */
function wholeDays(from: Date, to: Date): { from: Date; to: Date } {
  const first = Math.ceil(from.getTime() / DAY_MS) * DAY_MS;
  const end = Math.floor(to.getTime() / DAY_MS) * DAY_MS;
  return end > first ? { from: new Date(first), to: new Date(end) } : { from: to, to };
}

/**
 * Named SQL: the active (or filtered) model's compared units judged at AI
 * assistance in the filter's range, per inspector, with every inspector's
 * total first. The whole days of the range come from the daily rollup
 * (automation_bias_daily), the part-days at its ends from comparisons, so
 * the cost does not grow with the history in the range.
 */
export async function automationBiasByInspector(db: DbOrTx, filter: EvidenceFilter): Promise<{ total: AutomationBiasRow; inspectors: AutomationBiasRow[] }> {
  const whole = wholeDays(filter.from, filter.to);
  const scope = (alias: "r" | "c") => {
    const a = Prisma.raw(alias);
    const conditions = [modelCondition(filter, alias)];
    if (filter.stationId) conditions.push(Prisma.sql`${a}.station_id = ${filter.stationId}::uuid`);
    if (filter.inspectorId) conditions.push(Prisma.sql`${a}.inspector_id = ${filter.inspectorId}`);
    return Prisma.join(conditions, " AND ");
  };
  const rows = await db.$queryRaw<
    { inspector: string | null; assisted: number; assisted_agree: number; blind: number; blind_agree: number; revised: number; toward: number }[]
  >`
    WITH counts AS (
      SELECT NULLIF(r.inspector_id, '') AS inspector_id,
             COALESCE(sum(r.units) FILTER (WHERE r.suggestion_shown), 0) AS assisted,
             COALESCE(sum(r.units) FILTER (WHERE r.suggestion_shown AND r.agrees), 0) AS assisted_agree,
             COALESCE(sum(r.units) FILTER (WHERE NOT r.suggestion_shown), 0) AS blind,
             COALESCE(sum(r.units) FILTER (WHERE NOT r.suggestion_shown AND r.agrees), 0) AS blind_agree,
             COALESCE(sum(r.units) FILTER (WHERE r.suggestion_shown AND r.revised), 0) AS revised,
             COALESCE(sum(r.units) FILTER (WHERE r.suggestion_shown AND r.toward), 0) AS toward
        FROM automation_bias_daily r
       WHERE r.day >= ${isoDay(whole.from)}::date AND r.day < ${isoDay(whole.to)}::date AND ${scope("r")}
       GROUP BY 1
      UNION ALL
      SELECT c.inspector_id,
             count(*) FILTER (WHERE c.suggestion_shown),
             count(*) FILTER (WHERE c.suggestion_shown AND c.human_label = c.model_label),
             count(*) FILTER (WHERE NOT c.suggestion_shown),
             count(*) FILTER (WHERE NOT c.suggestion_shown AND c.human_label = c.model_label),
             count(*) FILTER (WHERE c.suggestion_shown AND c.revised_from IS NOT NULL),
             count(*) FILTER (WHERE c.suggestion_shown AND c.revised_from IS NOT NULL AND c.revised_from <> c.model_label AND c.human_label = c.model_label)
        FROM comparisons c
       WHERE c.level = 'AI_ASSIST' AND c.decided_at >= ${filter.from} AND c.decided_at < ${filter.to}
         AND NOT (c.decided_at >= ${whole.from} AND c.decided_at < ${whole.to}) AND ${scope("c")}
       GROUP BY 1
    )
    SELECT COALESCE(u.name, x.inspector_id, 'import') AS inspector,
           sum(x.assisted)::int AS assisted, sum(x.assisted_agree)::int AS assisted_agree,
           sum(x.blind)::int AS blind, sum(x.blind_agree)::int AS blind_agree,
           sum(x.revised)::int AS revised, sum(x.toward)::int AS toward
      FROM counts x
      LEFT JOIN users u ON u.id = x.inspector_id
     GROUP BY 1
    HAVING sum(x.assisted) + sum(x.blind) > 0
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
