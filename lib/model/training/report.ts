import type { Evaluation } from "../evaluation.ts";

const pct = (value: number) => (Number.isNaN(value) ? "–" : `${(100 * value).toFixed(1)}%`);

/** An evaluation as Markdown, for EVALUATION.md and the console. */
export function evaluationMarkdown(title: string, evaluation: Evaluation): string {
  const lines = [
    `### ${title}`,
    "",
    `${evaluation.photos} photos; operating threshold P(defect) >= ${evaluation.threshold.toFixed(4)}.`,
    "",
    `- defect recall: **${pct(evaluation.defectRecall)}**${
      evaluation.otherDefects
        ? ` (with ${evaluation.otherDefects.photos} defects of a type the model has no class for, ${evaluation.otherDefects.caught} of them caught)`
        : ""
    }`,
    `- false-reject rate: **${pct(evaluation.falseRejectRate)}**`,
    `- ROC-AUC (defect vs ok): ${evaluation.rocAuc.toFixed(4)}`,
    `- expected calibration error: ${evaluation.calibration.ece.toFixed(4)}`,
    "",
    "| class | support | precision | recall |",
    "| --- | ---: | ---: | ---: |",
    ...evaluation.perClass.map((c) => `| ${c.label} | ${c.support} | ${pct(c.precision)} | ${pct(c.recall)} |`),
    "",
    `Confusion (rows: truth, columns: model): ${evaluation.labels.join(", ")}`,
    "",
    `| truth \\ model | ${evaluation.labels.join(" | ")} |`,
    `| --- | ${evaluation.labels.map(() => "---:").join(" | ")} |`,
    ...evaluation.confusion.map((row, i) => `| ${evaluation.labels[i]} | ${row.join(" | ")} |`),
    "",
    "Reliability of P(defect):",
    "",
    "| bin | photos | mean score | defect rate |",
    "| --- | ---: | ---: | ---: |",
    ...evaluation.calibration.bins
      .filter((bin) => bin.count > 0)
      .map((bin) => `| ${bin.lower.toFixed(1)}–${bin.upper.toFixed(1)} | ${bin.count} | ${bin.meanScore.toFixed(3)} | ${bin.defectRate.toFixed(3)} |`),
    "",
  ];
  return lines.join("\n");
}
