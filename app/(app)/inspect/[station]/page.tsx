import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePlace } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listStations, OK_LABEL } from "@/lib/stations";

export const metadata: Metadata = { title: "Station" };

export default async function StationPage({ params }: { params: Promise<{ station: string }> }) {
  const { station: slug } = await params;
  await requirePlace("/inspect", `/inspect/${slug}`);
  const station = (await listStations(db())).find((candidate) => candidate.slug === slug);
  if (!station) notFound();
  const keys = [{ key: OK_LABEL, label: "OK" }, ...station.defectClasses];
  return (
    <>
      <PageHeader title={station.name}>
        Verdict keys:{" "}
        {keys.map((label, index) => (
          <span key={label.key} className="mr-3 whitespace-nowrap">
            <kbd className="rounded border border-slate-300 bg-white px-1.5 font-mono text-xs">{index + 1}</kbd> {label.label}
          </span>
        ))}
      </PageHeader>
      {station.pendingUnits === 0 ? (
        <EmptyState title="No units waiting">
          Units arrive when the line&apos;s camera sends photos of this station. This page picks them up as they come.
        </EmptyState>
      ) : (
        <p className="text-sm text-slate-600">{station.pendingUnits} units waiting.</p>
      )}
    </>
  );
}
