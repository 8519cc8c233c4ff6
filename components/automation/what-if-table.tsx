import type { WhatIfResult } from "@/lib/automation";
import { Cell, Table } from "@/components/ui/table";

const n = (x: number, digits = 0) => x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);

export function WhatIfTable({ result }: { result: WhatIfResult }) {
  const rows: [string, string][] = [
    ["Compared units replayed", n(result.units)],
    ["Units the model could decide alone", n(result.decidable)],
    ["Expected units decided by the model (after the audit share)", `${n(result.decidedByModel, 1)} (${pct(result.shareDecidedByModel)})`],
    [
      "Expected escaped defects (the inspector rejected, the model would pass)",
      `${n(result.expectedEscapedDefects, 1)} (${result.escapedPerThousand === null ? "–" : n(result.escapedPerThousand, 2)} per 1,000 units)`,
    ],
    ["Expected false rejects (the inspector passed, the model would reject)", n(result.expectedFalseRejects, 1)],
    ["Disagreement among the units the model could decide", pct(result.disagreementRateAmongDecided)],
    ["Inspector hours saved", result.inspectorHoursSaved === null ? "–" : n(result.inspectorHoursSaved, 1)],
  ];
  return (
    <Table caption="What-if replay" head={["", "Value"]}>
      {rows.map(([label, value]) => (
        <tr key={label}>
          <Cell>{label}</Cell>
          <Cell>{value}</Cell>
        </tr>
      ))}
    </Table>
  );
}
