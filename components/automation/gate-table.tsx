import { moreUnitsInWords, type GateReport, type GateResult } from "@/lib/automation";
import { Cell, Table } from "@/components/ui/table";
import { Term } from "@/components/ui/term";
import type { GlossaryId } from "@/lib/text";

/** Gates whose measure the glossary explains. */
const GATE_TERMS: Partial<Record<GateResult["id"], GlossaryId>> = {
  agreement: "agreement",
  kappa: "kappa",
  "defect-recall": "recall",
  "false-reject": "false-reject-rate",
};

const STATUS: Record<GateResult["status"], { text: string; className: string }> = {
  pass: { text: "Pass", className: "bg-emerald-100 text-emerald-800" },
  fail: { text: "Failing", className: "bg-red-100 text-red-800" },
  undecided: { text: "Not yet decidable", className: "bg-amber-100 text-amber-800" },
};

const isRate = (gate: GateResult) => gate.id === "agreement" || gate.id === "defect-recall" || gate.id === "false-reject";
const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatGateNumber(gate: GateResult, x: number | null): string {
  if (x === null) return "–";
  if (isRate(gate)) return percent(x);
  if (gate.id === "kappa") return x.toFixed(3);
  if (gate.id === "escapes") return `${Math.round(x * 1_000_000).toLocaleString("en-US")} per million`;
  return x.toLocaleString("en-US");
}

/** What an undecided gate needs, in words: the units at this week's pace, or why no number can be given. */
function stillNeeded(gate: GateResult, unitsPerDay: number | null): string {
  if (gate.status !== "undecided") return "";
  const more = gate.moreUnits === null ? null : moreUnitsInWords(gate.moreUnits, unitsPerDay);
  return [more, gate.note].filter(Boolean).join("; ");
}

/** The gate panel: value, interval, target, status and what would decide it. */
export function GateTable({ caption, report, unitsPerDay }: { caption: string; report: GateReport; unitsPerDay: number | null }) {
  return (
    <Table caption={caption} head={["Gate", "Value", "95% interval", "Target", "Status", "What would decide it"]}>
      {report.gates.map((gate) => (
        <tr key={gate.id}>
          <Cell>{GATE_TERMS[gate.id] ? <Term id={GATE_TERMS[gate.id]!}>{gate.label}</Term> : gate.label}</Cell>
          <Cell>{gate.value === null && gate.note ? <span title={gate.note}>none yet</span> : formatGateNumber(gate, gate.value)}</Cell>
          <Cell>{gate.interval ? `${formatGateNumber(gate, gate.interval[0])} – ${formatGateNumber(gate, gate.interval[1])}` : "–"}</Cell>
          <Cell>
            {gate.direction === "at-least" ? "≥ " : "≤ "}
            {formatGateNumber(gate, gate.target)}
          </Cell>
          <Cell>
            <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS[gate.status].className}`}>{STATUS[gate.status].text}</span>
          </Cell>
          <Cell>{stillNeeded(gate, unitsPerDay)}</Cell>
        </tr>
      ))}
    </Table>
  );
}
