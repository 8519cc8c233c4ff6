import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePlace } from "@/lib/auth";
import { db } from "@/lib/db";
import { listStations } from "@/lib/stations";

export const metadata: Metadata = { title: "Inspect" };

export default async function InspectPage() {
  await requirePlace("/inspect");
  const stations = await listStations(db());
  return (
    <>
      <PageHeader title="Inspect">Choose your station. Units are shown one at a time; each verdict has its own key.</PageHeader>
      {stations.length === 0 ? (
        <EmptyState title="No stations yet">An administrator creates stations and their defect classes on the Admin page.</EmptyState>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {stations.map((station) => (
            <li key={station.id}>
              <Link href={`/inspect/${station.slug}`} className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-slate-400">
                <span className="block font-medium">{station.name}</span>
                <span className="mt-1 block text-sm text-slate-600">
                  {station.pendingUnits === 1 ? "1 unit waiting" : `${station.pendingUnits} units waiting`}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
