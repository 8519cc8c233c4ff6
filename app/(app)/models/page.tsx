import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Cell, Table } from "@/components/ui/table";
import { RetrainingPanel } from "@/components/models/retraining-panel";
import { requirePlace } from "@/lib/auth";
import { db } from "@/lib/db";
import { listTrainingRuns, startTrainerIfNeeded } from "@/lib/model";
import { formatDay } from "@/lib/text";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage() {
  await requirePlace("/models");
  const [versions, stations] = await Promise.all([
    db().modelVersion.findMany({
      orderBy: { createdAt: "desc" },
      include: { _count: { select: { predictions: true, activeOnStations: true, candidateOnStations: true } } },
    }),
    db().station.findMany({ orderBy: { name: "asc" }, select: { slug: true, name: true } }),
  ]);
  await startTrainerIfNeeded(db());
  const firstStation = stations[0]?.slug ?? "";
  const runs = firstStation ? await listTrainingRuns(db(), { stationSlug: firstStation }) : [];
  return (
    <>
      <PageHeader title="Models">Model versions, where they run, and how much they have predicted.</PageHeader>
      {versions.length === 0 ? (
        <EmptyState title="No model versions yet">
          A model version appears here when it is trained and registered; it then runs beside the active one as a candidate.
        </EmptyState>
      ) : (
        <Table caption="Model versions" head={["Version", "Registered", "Active on", "Candidate on", "Predictions"]}>
          {versions.map((version) => (
            <tr key={version.id}>
              <Cell>
                <Link href={`/models/${version.version}`} className="underline">
                  {version.version}
                </Link>
              </Cell>
              <Cell>{formatDay(version.createdAt)}</Cell>
              <Cell>{version._count.activeOnStations}</Cell>
              <Cell>{version._count.candidateOnStations}</Cell>
              <Cell>{version._count.predictions}</Cell>
            </tr>
          ))}
        </Table>
      )}
      {firstStation ? <RetrainingPanel stations={stations} initialStation={firstStation} initialRuns={runs} /> : null}
    </>
  );
}
