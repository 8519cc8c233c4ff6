import { withInterval } from "@/components/dashboard/format";
import { Cell, Table } from "@/components/ui/table";
import type { AuditFigures, AuditSample } from "@/lib/automation";

/** Days shown one by one, newest first; the rolling week and the whole period sum them all. */
const DAYS_SHOWN = 14;

/** How the model does on the units it decides alone, as the random audit measures it, beside the same model in shadow mode. */
export function AuditSampleTable({ sample, since }: { sample: AuditSample; since: string }) {
  const row = (label: string, figures: AuditFigures) => (
    <tr key={label}>
      <Cell>{label}</Cell>
      <Cell>{figures.units.toLocaleString("en-US")}</Cell>
      <Cell>{withInterval(figures.agreement)}</Cell>
      <Cell>{withInterval(figures.recall)}</Cell>
      <Cell>{withInterval(figures.falseRejects)}</Cell>
    </tr>
  );
  return (
    <Table caption="Audit sample" head={["", "Audited units", "Agreement", "Defect recall", "False-reject rate"]}>
      {row("Last 7 days", sample.rolling)}
      {row(`Since ${since}`, sample.total)}
      {row("Shadow mode, the same kind of units", sample.shadow)}
      {[...sample.days]
        .reverse()
        .slice(0, DAYS_SHOWN)
        .map((day) => row(`${day.day} (UTC day)`, day))}
    </Table>
  );
}
