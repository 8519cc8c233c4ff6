import { diagonalOf, totalOf, type ConfusionMatrix } from "./confusion-matrix.ts";
import { wilsonInterval, type Proportion } from "./wilson.ts";

/** Share of units on which reference and model gave the same label, with its Wilson interval. */
export function agreementOf(matrix: ConfusionMatrix): Proportion {
  return wilsonInterval(diagonalOf(matrix), totalOf(matrix));
}

/**
 * Cohen's kappa (Cohen 1960): agreement corrected for what two raters with
 * these label frequencies would reach by chance, (po - pe) / (1 - pe).
 * Works for any number of labels; apply it to binaryMatrix() for the
 * OK-vs-defect kappa. Null where it is undefined: no units, or both raters
 * using one and the same label for every unit (pe = 1).
 */
export function cohensKappa(matrix: ConfusionMatrix): number | null {
  const n = totalOf(matrix);
  if (n === 0) return null;
  const po = diagonalOf(matrix) / n;
  let pe = 0;
  matrix.labels.forEach((_, k) => {
    const rowSum = matrix.counts[k]!.reduce((a, b) => a + b, 0);
    const columnSum = matrix.counts.reduce((sum, row) => sum + row[k]!, 0);
    pe += (rowSum / n) * (columnSum / n);
  });
  if (Math.abs(1 - pe) < 1e-12) return null;
  return (po - pe) / (1 - pe);
}
