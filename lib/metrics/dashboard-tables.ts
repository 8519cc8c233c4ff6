import type { CsvCell } from "./csv.ts";
import type { Dashboard } from "./dashboard.ts";
import type { Proportion } from "./wilson.ts";

export interface NumbersTable {
  head: string[];
  rows: CsvCell[][];
}

const round = (value: number | null, digits = 4): number | null => (value === null ? null : Number(value.toFixed(digits)));
const interval = (p: Proportion): CsvCell[] => [p.successes, p.n, round(p.rate), round(p.low), round(p.high)];

/** Every chart's numbers as a table: what the page shows under each chart and offers as CSV. */
export function dashboardTables(d: Dashboard) {
  return {
    agreementByDay: {
      head: ["day", "agreeing", "units", "agreement", "low_95", "high_95", "ok_vs_defect_agreement"],
      rows: d.byDay.map((day) => [day.day, ...interval(day.agreement), round(day.binaryAgreement.rate)]),
    },
    confusion: {
      head: ["inspector \\ model", ...d.confusion.labels],
      rows: d.confusion.labels.map((label, i) => [label, ...d.confusion.counts[i]!]),
    },
    classScores: {
      head: ["class", "support", "predicted", "precision", "precision_low_95", "recall", "recall_low_95", "f1"],
      rows: d.classScores.map((c) => [
        c.label,
        c.support,
        c.predicted,
        round(c.precision.rate),
        round(c.precision.low),
        round(c.recall.rate),
        round(c.recall.low),
        round(c.f1),
      ]),
    },
    slices: {
      head: ["dimension", "slice", "agreeing", "units", "agreement", "low_95", "high_95"],
      rows: d.slices.map((s) => [s.dimension, s.name, ...interval(s.agreement)]),
    },
    confidence: {
      head: ["confidence_from", "confidence_to", "agree", "disagree"],
      rows: d.confidence.map((b) => [round(b.low, 2), round(b.high, 2), b.agreements, b.disagreements]),
    },
    calibration: {
      head: ["confidence_from", "confidence_to", "units", "mean_confidence", "accuracy"],
      rows: d.calibration.bins.map((b) => [round(b.low, 2), round(b.high, 2), b.count, round(b.meanConfidence), round(b.accuracy)]),
    },
    timeToDecide: {
      head: ["day", "verdicts", "median_ms", "p90_ms"],
      rows: d.timeToDecide.map((t) => [t.day, t.verdicts, round(t.medianMs, 0), round(t.p90Ms, 0)]),
    },
    whatIf: {
      head: [
        "confidence_threshold",
        "ok_threshold",
        "defect_threshold",
        "decided_alone",
        "units",
        "decided_share",
        "disagreeing",
        "disagreement_rate",
        "escaped_defects",
        "false_rejects",
      ],
      rows: [
        ...(d.stationOperatingPoint ? [{ ...d.stationOperatingPoint, label: "station" }] : []),
        ...d.whatIf.map((p) => ({ ...p, label: String(p.defectThreshold) })),
      ].map((p) => [
        p.label,
        round(p.okThreshold),
        round(p.defectThreshold),
        p.decided.successes,
        p.units,
        round(p.decided.rate),
        p.disagreement.successes,
        round(p.disagreement.rate),
        p.escapedDefects,
        p.falseRejects,
      ]),
    },
  } satisfies Record<string, NumbersTable>;
}

export type DashboardTables = ReturnType<typeof dashboardTables>;
