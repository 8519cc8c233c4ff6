import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { InspectionStation } from "@/components/inspect/inspection-station";
import { LEVEL_LABELS, modelMayDecide } from "@/lib/automation";
import { requirePlace } from "@/lib/auth";
import { db } from "@/lib/db";
import { stationForInspection } from "@/lib/stations";

export const metadata: Metadata = { title: "Station" };

export default async function StationPage({ params }: { params: Promise<{ station: string }> }) {
  const { station: slug } = await params;
  await requirePlace("/inspect", `/inspect/${slug}`);
  const station = await stationForInspection(db(), slug);
  if (!station) notFound();
  return (
    <>
      <header className="mb-4 flex flex-wrap items-baseline gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{station.name}</h1>
        <span className="rounded bg-slate-200 px-2 py-0.5 text-xs text-slate-700">{LEVEL_LABELS[station.level]}</span>
        <p className="text-sm text-slate-600">Press the number of your verdict; click the photo to zoom; u undoes the last verdict for five seconds.</p>
      </header>
      <InspectionStation
        slug={station.slug}
        timeZone={station.timeZone}
        labels={station.labels}
        models={station.models}
        region={station.region}
        modelMayDecide={modelMayDecide(station.level)}
      />
    </>
  );
}
