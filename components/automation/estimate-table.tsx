import { percent } from "@/components/dashboard/format";
import { Cell, Table } from "@/components/ui/table";
import type { Estimated, PerformanceEstimate } from "@/lib/drift";

/** Days shown one by one, newest first, as the audit sample shows them. */
const DAYS_SHOWN = 14;

/** An estimated rate with its 95% interval, or a dash where there is nothing to estimate. */
function estimated(figure: Estimated): string {
  return figure.rate === null ? "–" : `${percent(figure.rate)} (95% ${percent(figure.low)}–${percent(figure.high)})`;
}

/** The label-free estimate of every unit the model decided alone, per period: the audit sample's rows, on all the units. */
export function EstimateTable({
  rolling,
  total,
  days,
  since,
}: {
  rolling: PerformanceEstimate;
  total: PerformanceEstimate;
  days: ({ day: string } & PerformanceEstimate)[];
  since: string;
}) {
  const row = (label: string, estimate: PerformanceEstimate) => (
    <tr key={label}>
      <Cell>{label}</Cell>
      <Cell>{estimate.units.toLocaleString("en-US")}</Cell>
      <Cell>{estimated(estimate.agreement)}</Cell>
      <Cell>{estimated(estimate.recall)}</Cell>
      <Cell>{estimated(estimate.falseRejects)}</Cell>
    </tr>
  );
  return (
    <Table
      caption="Label-free estimate"
      head={["", "Units decided alone", "Agreement (estimated)", "Defect recall (estimated)", "False-reject rate (estimated)"]}
    >
      {row("Last 7 days", rolling)}
      {row(`Since ${since}`, total)}
      {[...days]
        .reverse()
        .slice(0, DAYS_SHOWN)
        .map((day) => row(`${day.day} (UTC day)`, day))}
    </Table>
  );
}
