import type { ConfusionMatrix } from "@/lib/metrics";

/** The confusion matrix as a heatmap table: rows the inspector, columns the model, shade by share of the row. */
export function ConfusionHeatmap({ matrix }: { matrix: ConfusionMatrix }) {
  return (
    <div tabIndex={0} className="overflow-x-auto">
      <table className="text-sm">
        <caption className="sr-only">Confusion matrix: inspector rows, model columns</caption>
        <thead>
          <tr>
            <th scope="col" className="px-2 py-1 text-left text-xs font-medium text-slate-500">
              inspector ↓ / model →
            </th>
            {matrix.labels.map((label) => (
              <th key={label} scope="col" className="px-2 py-1 text-xs font-medium">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.labels.map((label, i) => {
            const row = matrix.counts[i]!;
            const total = row.reduce((a, b) => a + b, 0);
            return (
              <tr key={label}>
                <th scope="row" className="px-2 py-1 text-left text-xs font-medium">
                  {label}
                </th>
                {row.map((count, j) => {
                  const share = total === 0 ? 0 : count / total;
                  const hue = i === j ? "16, 185, 129" : "239, 68, 68";
                  return (
                    <td
                      key={j}
                      className="min-w-16 px-2 py-1 text-center tabular-nums"
                      style={{ backgroundColor: `rgba(${hue}, ${(0.08 + 0.7 * share).toFixed(3)})` }}
                      title={`${label} → ${matrix.labels[j]}: ${count} (${(100 * share).toFixed(1)}% of the row)`}
                    >
                      {count}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
