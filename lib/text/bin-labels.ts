/**
 * Labels for the bins between inner edges ("< 0.10", "0.10–0.12", "≥ 0.73"),
 * with as many decimals as it takes for neighbouring edges to read apart
 * (two at least, six at most): four bins read "0.02–0.02" with two.
 */
export function binLabels(edges: readonly number[]): string[] {
  if (edges.length === 0) return ["all"];
  let digits = 2;
  const distinct = (d: number) => new Set(edges.map((edge) => edge.toFixed(d))).size === new Set(edges).size;
  while (digits < 6 && !distinct(digits)) digits++;
  const f = (edge: number) => edge.toFixed(digits);
  return [`< ${f(edges[0]!)}`, ...edges.slice(0, -1).map((edge, i) => `${f(edge)}–${f(edges[i + 1]!)}`), `≥ ${f(edges.at(-1)!)}`];
}
