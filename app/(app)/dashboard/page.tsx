import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Cell, Table } from "@/components/ui/table";
import { requirePlace } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { stationEvidence } from "@/lib/metrics";

export const metadata: Metadata = { title: "Dashboard" };

function percent(part: number, whole: number): string {
  return whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)}%`;
}

export default async function DashboardPage() {
  await requirePlace("/dashboard");
  const stations = await stationEvidence(db());
  const compared = stations.reduce((sum, station) => sum + station.comparedUnits, 0);
  return (
    <>
      <PageHeader title="Dashboard">How often, and where, the model agrees with inspectors.</PageHeader>
      {compared === 0 ? (
        <div className="mb-6">
          <EmptyState title="No shadow evidence yet">
            Agreement appears once a station runs a model in shadow mode and inspectors judge the same units. Give a station an
            active model version, move it to Shadow on the Automation page, and let inspectors work.
          </EmptyState>
        </div>
      ) : null}
      {stations.length > 0 ? (
        <Table caption="Evidence by station" head={["Station", "Units", "Waiting", "Verdicts", "Predictions", "Compared", "Agreement"]}>
          {stations.map((station) => (
            <tr key={station.stationId}>
              <Cell>{station.name}</Cell>
              <Cell>{station.units}</Cell>
              <Cell>{station.pendingUnits}</Cell>
              <Cell>{station.inspectorVerdicts}</Cell>
              <Cell>{station.predictions}</Cell>
              <Cell>{station.comparedUnits}</Cell>
              <Cell>{percent(station.agreements, station.comparedUnits)}</Cell>
            </tr>
          ))}
        </Table>
      ) : null}
    </>
  );
}
