import { Cell, Table } from "@/components/ui/table";
import { DECIDER_LABELS, type EscapeRate } from "@/lib/automation";
import type { Proportion } from "@/lib/metrics";

/** A rate per million units with its 95% interval, or a dash with nothing to divide by. */
function perMillion(p: Proportion): string {
  if (p.rate === null) return "–";
  const m = (x: number) => Math.round(x * 1_000_000).toLocaleString("en-US");
  return `${m(p.rate)} per million (95% CI ${m(p.low)}–${m(p.high)}; ${p.successes} of ${p.n.toLocaleString("en-US")})`;
}

/** Escapes found downstream, by who decided the unit. */
export function EscapeTable({ rates }: { rates: EscapeRate[] }) {
  return (
    <Table caption="Escapes by decider" head={["Decided by", "Units decided", "Defects passed, found later", "Good units rejected, found later"]}>
      {rates.map((rate) => (
        <tr key={rate.decider}>
          <Cell>{DECIDER_LABELS[rate.decider]}</Cell>
          <Cell>{rate.units.toLocaleString("en-US")}</Cell>
          <Cell>{perMillion(rate.escapedDefects)}</Cell>
          <Cell>{perMillion(rate.rejectedGood)}</Cell>
        </tr>
      ))}
    </Table>
  );
}
