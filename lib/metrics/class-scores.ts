import type { ConfusionMatrix } from "./confusion-matrix.ts";
import { wilsonInterval, type Proportion } from "./wilson.ts";

export interface ClassScores {
  label: string;
  /** Units the reference gave this label. */
  support: number;
  /** Units the model gave this label. */
  predicted: number;
  truePositives: number;
  /** Of the model's units with this label, the share the reference agrees with. */
  precision: Proportion;
  /** Of the reference's units with this label, the share the model found. */
  recall: Proportion;
  /** Harmonic mean of precision and recall; null if either is undefined or both are 0. */
  f1: number | null;
}

/** One-vs-rest precision, recall and F1 for every label of the matrix. */
export function classScoresOf(matrix: ConfusionMatrix): ClassScores[] {
  return matrix.labels.map((label, k) => {
    const truePositives = matrix.counts[k]![k]!;
    const support = matrix.counts[k]!.reduce((a, b) => a + b, 0);
    const predicted = matrix.counts.reduce((sum, row) => sum + row[k]!, 0);
    const precision = wilsonInterval(truePositives, predicted);
    const recall = wilsonInterval(truePositives, support);
    const f1 =
      precision.rate === null || recall.rate === null || precision.rate + recall.rate === 0
        ? null
        : (2 * precision.rate * recall.rate) / (precision.rate + recall.rate);
    return { label, support, predicted, truePositives, precision, recall, f1 };
  });
}
