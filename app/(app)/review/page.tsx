import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePlace } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { stationEvidence } from "@/lib/metrics";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewPage() {
  await requirePlace("/review");
  const stations = await stationEvidence(db());
  const disagreements = stations.reduce((sum, s) => sum + (s.comparedUnits - s.agreements), 0);
  return (
    <>
      <PageHeader title="Review">Units where the model and the inspector disagree, to be settled by an engineer.</PageHeader>
      {disagreements === 0 ? (
        <EmptyState title="Nothing to review">
          Disagreements appear here once a model predicts in shadow mode beside inspectors. Until then there is nothing to settle.
        </EmptyState>
      ) : (
        <p className="text-sm text-slate-700">{disagreements} disagreements recorded across all stations.</p>
      )}
    </>
  );
}
