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
  const observed = observedAndChance(matrix);
  return observed && (observed.po - observed.pe) / (1 - observed.pe);
}

/** Observed agreement po and chance agreement pe, or null where kappa is undefined. */
function observedAndChance(matrix: ConfusionMatrix): { n: number; po: number; pe: number } | null {
  const n = totalOf(matrix);
  if (n === 0) return null;
  const po = diagonalOf(matrix) / n;
  let pe = 0;
  matrix.labels.forEach((_, k) => {
    const rowSum = matrix.counts[k]!.reduce((a, b) => a + b, 0);
    const columnSum = matrix.counts.reduce((sum, row) => sum + row[k]!, 0);
    pe += (rowSum / n) * (columnSum / n);
  });
  return Math.abs(1 - pe) < 1e-12 ? null : { n, po, pe };
}

/**
 * Cohen's (1960) large-sample standard error of kappa,
 * sqrt(po (1 - po) / (n (1 - pe)^2)); null where kappa is undefined.
 */
export function kappaStandardError(matrix: ConfusionMatrix): number | null {
  const observed = observedAndChance(matrix);
  return observed && Math.sqrt((observed.po * (1 - observed.po)) / (observed.n * (1 - observed.pe) ** 2));
}
