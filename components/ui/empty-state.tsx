import type { ReactNode } from "react";

/** What an empty page says: what is missing and what to do next. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center" aria-label={title}>
      <h2 className="text-lg font-semibold text-slate-800">{title}</h2>
      <div className="mx-auto mt-2 max-w-prose text-sm text-slate-600">{children}</div>
    </section>
  );
}
