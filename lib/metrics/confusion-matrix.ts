/**
 * Counts of (reference, predicted) label pairs. Rows are the reference (the
 * inspector, or the adjudicated truth), columns what the model said; both in
 * the order of `labels`.
 */
export interface ConfusionMatrix {
  labels: string[];
  counts: number[][];
}

export interface LabelPairCount {
  reference: string;
  predicted: string;
  count: number;
}

/**
 * Builds a matrix from aggregated pair counts (what a GROUP BY returns).
 * Labels seen in the counts but missing from `labels` are appended, so a
 * label outside the taxonomy is shown rather than silently dropped.
 */
export function confusionMatrixFromCounts(labels: readonly string[], pairs: readonly LabelPairCount[]): ConfusionMatrix {
  const order = [...labels];
  for (const pair of pairs) {
    for (const label of [pair.reference, pair.predicted]) if (!order.includes(label)) order.push(label);
  }
  const counts = order.map(() => order.map(() => 0));
  for (const pair of pairs) counts[order.indexOf(pair.reference)]![order.indexOf(pair.predicted)]! += pair.count;
  return { labels: order, counts };
}

export function totalOf(matrix: ConfusionMatrix): number {
  return matrix.counts.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
}

export function diagonalOf(matrix: ConfusionMatrix): number {
  return matrix.counts.reduce((sum, row, i) => sum + row[i]!, 0);
}

/**
 * The matrix folded to two labels, `negative` (the OK label) and "defect":
 * what matters for passing or rejecting a unit, whatever the defect's kind.
 */
export function binaryMatrix(matrix: ConfusionMatrix, negative = "ok"): ConfusionMatrix {
  const counts = [
    [0, 0],
    [0, 0],
  ];
  matrix.labels.forEach((reference, i) => {
    matrix.labels.forEach((predicted, j) => {
      counts[reference === negative ? 0 : 1]![predicted === negative ? 0 : 1]! += matrix.counts[i]![j]!;
    });
  });
  return { labels: [negative, "defect"], counts };
}
