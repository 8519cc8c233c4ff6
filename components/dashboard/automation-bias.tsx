import type { AutomationBiasRow, NumbersTable } from "@/lib/metrics";
import { NumbersCard } from "./numbers-card";
import { percent, withInterval } from "./format";

const round = (value: number | null) => (value === null ? null : Number(value.toFixed(4)));

/** The automation-bias panel's numbers, as a table and CSV. */
export function automationBiasTable(rows: AutomationBiasRow[]): NumbersTable {
  return {
    head: [
      "inspector",
      "assisted_units",
      "assisted_agreement",
      "assisted_low_95",
      "assisted_high_95",
      "blind_units",
      "blind_agreement",
      "blind_low_95",
      "blind_high_95",
      "gap",
      "revised",
      "revised_toward_suggestion",
    ],
    rows: rows.map((r) => [
      r.inspector,
      r.assisted.n,
      round(r.assisted.rate),
      round(r.assisted.low),
      round(r.assisted.high),
      r.blind.n,
      round(r.blind.rate),
      round(r.blind.low),
      round(r.blind.high),
      round(r.gap),
      r.revised,
      r.revisedTowardSuggestion,
    ]),
  };
}

/**
 * Agreement while the suggestion was shown beside agreement on blind units,
 * per inspector: a gap is automation bias, which is why only blind units are
 * evidence for the next level.
 */
export function AutomationBiasPanel({ total, inspectors }: { total: AutomationBiasRow; inspectors: AutomationBiasRow[] }) {
  const rows = [total, ...inspectors];
  return (
    <NumbersCard
      id="automation-bias"
      title="Automation bias at AI assistance"
      note="Agreement with the model while its suggestion was shown, beside agreement on the blind units that showed none. Only blind units (and adjudicated truth) count as evidence for the next level. “Changed toward the suggestion”: an answer taken back with undo and replaced by the model's."
      table={automationBiasTable(rows)}
    >
      <div tabIndex={0} className="overflow-x-auto">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Automation bias by inspector</caption>
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-1.5">
                Inspector
              </th>
              <th scope="col" className="px-3 py-1.5">
                Assisted agreement
              </th>
              <th scope="col" className="px-3 py-1.5">
                Blind agreement
              </th>
              <th scope="col" className="px-3 py-1.5">
                Gap
              </th>
              <th scope="col" className="px-3 py-1.5">
                Changed toward the suggestion
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.inspector} className={`border-t border-slate-100 ${i === 0 ? "font-medium" : ""}`}>
                <td className="px-3 py-1.5">{r.inspector}</td>
                <td className="px-3 py-1.5 tabular-nums">
                  {withInterval(r.assisted)} <span className="text-slate-500">n = {r.assisted.n}</span>
                </td>
                <td className="px-3 py-1.5 tabular-nums">
                  {withInterval(r.blind)} <span className="text-slate-500">n = {r.blind.n}</span>
                </td>
                <td className="px-3 py-1.5 tabular-nums">{r.gap === null ? "–" : `${r.gap >= 0 ? "+" : ""}${percent(r.gap)}`}</td>
                <td className="px-3 py-1.5 tabular-nums">
                  {r.revisedTowardSuggestion} of {r.revised} revised
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </NumbersCard>
  );
}
