import type { AdjudicatorDisagreement } from "@/lib/review";
import { formatInstant } from "@/lib/text";

/** Units whose adjudicators gave different truths: every opinion, oldest first; the last is the truth now. */
export function AdjudicatorDisagreements({ items }: { items: AdjudicatorDisagreement[] }) {
  return (
    <section aria-labelledby="adjudicators-disagree" className="mb-6 rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm">
      <h2 id="adjudicators-disagree" className="mb-2 text-base font-semibold text-amber-900">
        Adjudicators disagree on {items.length} unit{items.length === 1 ? "" : "s"}
      </h2>
      <p className="mb-3 text-amber-900">Every opinion is kept; the newest is the unit&apos;s truth. Settle these again together.</p>
      <table className="min-w-full">
        <caption className="sr-only">Units whose adjudicators disagree</caption>
        <thead className="text-left text-xs uppercase tracking-wide text-amber-800">
          <tr>
            <th scope="col" className="py-1 pr-3">
              Unit
            </th>
            <th scope="col" className="py-1 pr-3">
              Station
            </th>
            <th scope="col" className="py-1">
              Opinions, oldest first
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.captureId} className="border-t border-amber-200 align-top">
              <td className="py-1 pr-3 font-mono text-xs">{item.captureId.slice(0, 8)}</td>
              <td className="py-1 pr-3">{item.stationName}</td>
              <td className="py-1">
                <ol className="list-decimal pl-4">
                  {item.opinions.map((opinion, i) => (
                    <li key={i}>
                      <strong>{opinion.truth}</strong> by {opinion.adjudicator}, {formatInstant(opinion.at, { timeZone: item.timeZone })}
                      {opinion.note ? `: “${opinion.note}”` : ""}
                    </li>
                  ))}
                </ol>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
