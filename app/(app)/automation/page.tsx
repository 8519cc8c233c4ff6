import type { Metadata } from "next";
import { DemoteButton } from "@/components/automation/demote-button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Cell, Table } from "@/components/ui/table";
import { LEVEL_LABELS, recentAuditEvents } from "@/lib/automation";
import { requirePlace } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listStations } from "@/lib/stations";

export const metadata: Metadata = { title: "Automation" };

export default async function AutomationPage() {
  const user = await requirePlace("/automation");
  const canDemote = user.role === "MANAGER" || user.role === "ADMIN";
  const [stations, events] = await Promise.all([listStations(db()), recentAuditEvents(db(), 50)]);
  return (
    <>
      <PageHeader title="Automation">Each station&apos;s level on the ladder from humans only to full automation.</PageHeader>
      {stations.length === 0 ? (
        <EmptyState title="No stations yet">An administrator creates stations on the Admin page.</EmptyState>
      ) : (
        <Table caption="Stations and their levels" head={canDemote ? ["Station", "Level", "Action"] : ["Station", "Level"]}>
          {stations.map((station) => (
            <tr key={station.id}>
              <Cell>{station.name}</Cell>
              <Cell>
                <span data-testid={`level-${station.slug}`}>{LEVEL_LABELS[station.level]}</span>
              </Cell>
              {canDemote ? (
                <Cell>
                  <DemoteButton slug={station.slug} stationName={station.name} disabled={station.level === "HUMAN_ONLY"} />
                </Cell>
              ) : null}
            </tr>
          ))}
        </Table>
      )}
      <h2 className="mb-3 mt-10 text-lg font-semibold">Audit trail</h2>
      {events.length === 0 ? (
        <EmptyState title="No changes yet">Every change of level, approval and model switch will be recorded here.</EmptyState>
      ) : (
        <Table caption="Audit trail" head={["When", "Station", "Who", "What", "Why"]}>
          {events.map((event) => (
            <tr key={event.id}>
              <Cell>{event.createdAt.toISOString().replace("T", " ").slice(0, 19)}</Cell>
              <Cell>{event.station ?? "–"}</Cell>
              <Cell>{event.actor}</Cell>
              <Cell>
                {event.action}
                {event.fromLevel && event.toLevel ? ` (${LEVEL_LABELS[event.fromLevel]} → ${LEVEL_LABELS[event.toLevel]})` : ""}
              </Cell>
              <Cell>{event.reason}</Cell>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
