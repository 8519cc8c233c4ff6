import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/automation/audit-table";
import { DayInput } from "@/components/ui/iso-inputs";
import { Choice } from "@/components/ui/choice";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AUDIT_ACTIONS, auditEvents, auditFilterSchema } from "@/lib/automation";
import { requirePlace } from "@/lib/auth";
import { db } from "@/lib/db";
import { listStations } from "@/lib/stations";

export const metadata: Metadata = { title: "Audit trail" };

const PAGE_SIZE = 100;
const input = "rounded border border-slate-300 px-2 py-1.5";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePlace("/automation", "/automation/audit");
  const raw = await searchParams;
  const parsed = auditFilterSchema.safeParse(raw);
  const filter = parsed.success ? parsed.data : {};
  const [events, stations] = await Promise.all([auditEvents(db(), filter, PAGE_SIZE), listStations(db())]);
  const older =
    events.length === PAGE_SIZE
      ? new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), before: events.at(-1)?.cursor ?? "" })
      : null;
  return (
    <>
      <PageHeader title="Audit trail">
        Every level change, approval, rejection, override, model switch and automatic action. The database refuses to change or delete any of it.
      </PageHeader>
      <form method="get" aria-label="Filter the audit trail" className="mb-6 flex flex-wrap items-end gap-3 text-sm">
        <Choice
          name="station"
          label="Station"
          anyLabel="All stations"
          value={filter.station}
          choices={stations.map((s) => ({ value: s.slug, label: s.name }))}
        />
        <Choice
          name="action"
          label="Action"
          anyLabel="All actions"
          value={filter.action}
          choices={AUDIT_ACTIONS.map((action) => ({ value: action, label: action }))}
        />
        <Choice
          name="actor"
          label="Who"
          anyLabel="People and Understudy"
          value={filter.actor}
          choices={[
            { value: "USER", label: "People" },
            { value: "SYSTEM", label: "Understudy (automatic)" },
          ]}
        />
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">From (UTC day)</span>
          <DayInput name="from" defaultValue={filter.from ?? ""} className={input} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">To (UTC day)</span>
          <DayInput name="to" defaultValue={filter.to ?? ""} className={input} />
        </label>
        <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white">
          Filter
        </button>
      </form>
      {!parsed.success ? (
        <p role="alert" className="mb-4 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Some filters in the address were not understood and are ignored.
        </p>
      ) : null}
      {events.length === 0 ? <EmptyState title="No events">No audit event matches these filters.</EmptyState> : <AuditTable events={events} />}
      {older ? (
        <Link href={`/automation/audit?${older.toString()}`} className="mt-4 inline-block text-sm text-sky-700 underline">
          Older events
        </Link>
      ) : null}
    </>
  );
}
