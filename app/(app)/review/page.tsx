import type { Metadata } from "next";
import Link from "next/link";
import { DisagreementCard } from "@/components/review/disagreement-card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePlace } from "@/lib/auth";
import { db } from "@/lib/db";
import { REVIEW_PAGE_SIZE, UNDO_REFUSED, adjudicatorDisagreements, disagreementsForReview, type SettledFilter } from "@/lib/review";
import { AdjudicatorDisagreements } from "@/components/review/adjudicator-disagreements";
import { undoAdjudicationAction } from "./actions";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePlace("/review");
  const query = await searchParams;
  const slug = typeof query.station === "string" ? query.station : undefined;
  const page = Math.max(0, Math.min(10_000, Number.parseInt(typeof query.page === "string" ? query.page : "0", 10) || 0));
  const stations = await db().station.findMany({ orderBy: { name: "asc" }, select: { id: true, slug: true, name: true } });
  const station = stations.find((s) => s.slug === slug);
  const settled: SettledFilter = query.settled === "open" || query.settled === "settled" ? query.settled : "all";
  const [{ items, total, unsettled }, disputed] = await Promise.all([
    disagreementsForReview(db(), { stationId: station?.id, page, settled }),
    adjudicatorDisagreements(db(), { stationId: station?.id }),
  ]);
  const href = (next: { station?: string; page?: number; settled?: SettledFilter }) => {
    const params = new URLSearchParams();
    if (next.station) params.set("station", next.station);
    if (next.settled && next.settled !== "all") params.set("settled", next.settled);
    if (next.page) params.set("page", String(next.page));
    const text = params.toString();
    return text ? `/review?${text}` : "/review";
  };
  return (
    <>
      <PageHeader title="Review">
        Units where the model and the inspector disagree, the model&apos;s most confident first. Settle the truth: it gives error rates for the model and for
        inspectors on the dashboard.
      </PageHeader>
      <nav aria-label="Stations" className="mb-4 flex flex-wrap gap-2 text-sm">
        <Link href={href({ settled })} className={`rounded px-2 py-1 ${station ? "text-slate-600" : "bg-slate-900 text-white"}`}>
          All stations
        </Link>
        {stations.map((s) => (
          <Link
            key={s.slug}
            href={href({ station: s.slug, settled })}
            className={`rounded px-2 py-1 ${station?.slug === s.slug ? "bg-slate-900 text-white" : "text-slate-600"}`}
          >
            {s.name}
          </Link>
        ))}
      </nav>
      {typeof query.settledUnit === "string" && typeof query.settledAs === "string" ? (
        <div
          role="status"
          data-testid="settled-confirmation"
          className="mb-4 flex flex-wrap items-center gap-x-2 rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
        >
          <span>
            Unit {query.settledUnit.slice(0, 8)}… settled as <strong>{query.settledAs}</strong>.
          </span>
          <Link className="underline" href={href({ station: station?.slug, settled: "settled" })}>
            Find it under Settled
          </Link>
          <form action={undoAdjudicationAction}>
            <input type="hidden" name="captureId" value={query.settledUnit} />
            <input type="hidden" name="returnTo" value={href({ station: station?.slug, settled, page })} />
            <button type="submit" className="rounded border border-emerald-700 px-2 py-0.5 text-emerald-900 hover:bg-emerald-100">
              Undo
            </button>
          </form>
        </div>
      ) : null}
      {typeof query.undoneUnit === "string" ? (
        <p role="status" data-testid="undo-confirmation" className="mb-4 rounded bg-slate-100 px-3 py-2 text-sm text-slate-800">
          Undone: unit {query.undoneUnit.slice(0, 8)}… is{" "}
          {typeof query.undoneTo === "string" && query.undoneTo ? (
            <>
              back to <strong>{query.undoneTo}</strong>, its earlier settling
            </>
          ) : (
            "not settled any more"
          )}
          .
        </p>
      ) : null}
      {query.undoRefused === "not-found" || query.undoRefused === "conflict" ? (
        <p role="alert" className="mb-4 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {UNDO_REFUSED[query.undoRefused]}
        </p>
      ) : null}
      <nav aria-label="Settled or not" className="mb-4 flex flex-wrap gap-2 text-sm">
        {(
          [
            ["all", "All"],
            ["open", "Not settled"],
            ["settled", "Settled"],
          ] as const
        ).map(([value, label]) => (
          <Link
            key={value}
            href={href({ station: station?.slug, settled: value })}
            aria-current={settled === value ? "page" : undefined}
            className={`rounded px-2 py-1 ${settled === value ? "bg-slate-900 text-white" : "text-slate-600"}`}
          >
            {label}
          </Link>
        ))}
      </nav>
      {disputed.length > 0 ? <AdjudicatorDisagreements items={disputed} /> : null}
      {total === 0 ? (
        settled === "all" ? (
          <EmptyState title="Nothing to review">
            Disagreements appear here once a model predicts in shadow mode beside inspectors. Until then there is nothing to settle.
          </EmptyState>
        ) : (
          <EmptyState title={settled === "settled" ? "Nothing settled here yet" : "Everything here is settled"}>
            {settled === "settled" ? "Units you settle appear here, to be found and settled again." : "Every disagreement of this choice has its truth."}
          </EmptyState>
        )
      ) : (
        <>
          <p className="mb-4 text-sm text-slate-700" role="status">
            {settled === "settled"
              ? `${total.toLocaleString("en")} settled disagreements.`
              : `${total.toLocaleString("en")} disagreements, ${unsettled.toLocaleString("en")} not settled yet.`}
          </p>
          <div className="flex flex-col gap-4">
            {items.map((item, index) => (
              // A unit two inspectors judged appears once per verdict.
              <DisagreementCard key={`${item.captureId}-${index}`} item={item} returnTo={href({ station: station?.slug, settled, page })} />
            ))}
          </div>
          <nav aria-label="Pages" className="mt-4 flex gap-4 text-sm">
            {page > 0 ? <Link href={href({ station: station?.slug, settled, page: page - 1 })}>← Previous</Link> : null}
            {(page + 1) * REVIEW_PAGE_SIZE < total ? <Link href={href({ station: station?.slug, settled, page: page + 1 })}>Next →</Link> : null}
          </nav>
        </>
      )}
    </>
  );
}
