import { LEVEL_LABELS, type AuditEntry } from "@/lib/automation";
import { Cell, Table } from "@/components/ui/table";
import { formatInstant } from "@/lib/text";

export function AuditTable({ events }: { events: AuditEntry[] }) {
  return (
    <Table caption="Audit trail" head={["When (the station's time)", "Station", "Who", "What", "Why"]}>
      {events.map((event) => (
        <tr key={event.id}>
          <Cell>{formatInstant(event.createdAt, { timeZone: event.timeZone, seconds: true })}</Cell>
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
  );
}
