import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/automation/audit-table";
import { StationPanel, type Permissions } from "@/components/automation/station-panel";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import {
  auditEvents,
  automationOverview,
  MAY_DECIDE_PROMOTION,
  MAY_RESET_EVIDENCE,
  MAY_SET_BLIND_SHARE,
  MAY_REQUEST_PROMOTION,
  MAY_SET_CANDIDATE,
  MAY_SWITCH_MODELS,
  runnableModelVersions,
} from "@/lib/automation";
import { requirePlace } from "@/lib/auth";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Automation" };

export default async function AutomationPage() {
  const user = await requirePlace("/automation");
  const can: Permissions = {
    viewerId: user.id,
    mayRequest: MAY_REQUEST_PROMOTION.includes(user.role),
    mayDecide: MAY_DECIDE_PROMOTION.includes(user.role),
    mayDemote: user.role === "MANAGER" || user.role === "ADMIN",
    maySetCandidate: MAY_SET_CANDIDATE.includes(user.role),
    maySwitch: MAY_SWITCH_MODELS.includes(user.role),
    mayResetEvidence: MAY_RESET_EVIDENCE.includes(user.role),
    maySetBlindShare: MAY_SET_BLIND_SHARE.includes(user.role),
  };
  const [stations, events, versions] = await Promise.all([automationOverview(db()), auditEvents(db(), {}, 10), runnableModelVersions(db())]);
  return (
    <>
      <PageHeader title="Automation">
        Each station&apos;s level on the ladder from humans only to full automation, and the evidence for its next step.
      </PageHeader>
      {stations.length === 0 ? (
        <EmptyState title="No stations yet">An administrator creates stations on the Admin page.</EmptyState>
      ) : (
        <div className="space-y-6">
          {stations.map((station) => (
            <StationPanel key={station.id} station={station} can={can} runnableVersions={versions} />
          ))}
        </div>
      )}
      <div className="mb-3 mt-10 flex items-baseline gap-4">
        <h2 className="text-lg font-semibold">Audit trail</h2>
        <Link href="/automation/audit" className="text-sm text-sky-700 underline">
          Every event, filtered
        </Link>
      </div>
      {events.length === 0 ? (
        <EmptyState title="No changes yet">Every change of level, approval and model switch will be recorded here.</EmptyState>
      ) : (
        <AuditTable events={events} />
      )}
    </>
  );
}
