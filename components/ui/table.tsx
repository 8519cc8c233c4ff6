import type { ReactNode } from "react";

/** A plain data table; `caption` names it for screen readers and tests. */
export function Table({ caption, head, children }: { caption: string; head: string[]; children: ReactNode }) {
  return (
    // Wider than a phone, it scrolls on its own; focusable, so a keyboard can scroll it too (named by its caption).
    <div tabIndex={0} className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-600">
          <tr>
            {head.map((cell) => (
              <th key={cell} scope="col" className="px-4 py-2 font-medium">
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

export function Cell({ children }: { children: ReactNode }) {
  return <td className="px-4 py-2 align-top">{children}</td>;
}
