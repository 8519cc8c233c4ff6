import type { ReactNode } from "react";
import { toCsv, type NumbersTable } from "@/lib/metrics";

/**
 * A chart with its numbers: the chart, then the same numbers as a table (open
 * on demand) and as a CSV download, so nothing is only a picture.
 */
export function NumbersCard({ id, title, note, table, children }: { id: string; title: string; note?: ReactNode; table: NumbersTable; children: ReactNode }) {
  const csv = `data:text/csv;charset=utf-8,${encodeURIComponent(toCsv(table.head, table.rows))}`;
  return (
    // min-w-0: in the dashboard's grid a wide table (a station with many classes) scrolls inside its card, not the page.
    <section aria-labelledby={`${id}-title`} className="min-w-0 rounded-lg border border-slate-200 bg-white p-4">
      <div className="mb-2 flex items-baseline justify-between gap-4">
        <h2 id={`${id}-title`} className="text-base font-semibold">
          {title}
        </h2>
        <a href={csv} download={`${id}.csv`} className="text-xs font-medium text-sky-700 hover:underline">
          Download CSV
        </a>
      </div>
      {note ? <p className="mb-2 text-xs text-slate-600">{note}</p> : null}
      {children}
      <details className="mt-3 text-xs">
        <summary className="cursor-pointer text-slate-600">Numbers as a table</summary>
        <div className="mt-2 max-h-80 overflow-auto">
          <table className="min-w-full">
            <caption className="sr-only">{title}: numbers</caption>
            <thead className="bg-slate-50 text-left">
              <tr>
                {table.head.map((h) => (
                  <th key={h} scope="col" className="px-2 py-1 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr key={i} className="border-t border-slate-100">
                  {row.map((value, j) => (
                    <td key={j} className="px-2 py-1 tabular-nums">
                      {value ?? "–"}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
