import type { Db } from "../db/index.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { stationGateReport } from "./evidence.ts";
import type { GateEvidence, GateReport } from "./gates.ts";
import { modelCoverageProblem } from "./coverage.ts";
import { levelAbove } from "./levels.ts";

export interface StationOverview {
  id: string;
  slug: string;
  name: string;
  /** The station's IANA time zone: its moments are shown in it. */
  timeZone: string;
  level: AutomationLevel;
  canary: { fromLevel: AutomationLevel; share: number; steps: number[]; stepIndex: number; minUnits: number; stepStartedAt: Date | null } | null;
  thresholds: { ok: number; defect: number; auditShare: number; blindShare: number };
  eraStartedAt: Date;
  /** Since when the gates' evidence counts, and why then. */
  evidenceSince: Date;
  evidenceSinceReason: string;
  activeModel: string | null;
  candidateModel: string | null;
  /** Why the active model cannot move up here (it does not know a class the station uses), or null. */
  modelGap: string | null;
  pendingRequest: {
    id: string;
    toLevel: AutomationLevel;
    reason: string;
    requestedBy: string;
    requestedById: string;
    createdAt: Date;
    canarySteps: number[];
  } | null;
  /** An admin allowed the manager who asks for a promotion to approve it too. */
  singlePersonApproval: boolean;
  /** The gates for the level asked for, or else the next one up (null at FULL). */
  gates: { report: GateReport; evidence: GateEvidence } | null;
}

/** Each station's place on the ladder and the evidence for its next step. */
export async function automationOverview(db: Db): Promise<StationOverview[]> {
  const stations = await db.station.findMany({
    orderBy: { name: "asc" },
    include: {
      automation: { include: { activeModel: { select: { version: true } }, candidateModel: { select: { version: true } } } },
      promotionRequests: { where: { status: "PENDING" }, include: { requestedBy: { select: { name: true } } }, take: 1, orderBy: { createdAt: "desc" } },
    },
  });
  return Promise.all(
    stations.map(async (station): Promise<StationOverview> => {
      const a = station.automation;
      const pending = station.promotionRequests[0] ?? null;
      const target = pending?.toLevel ?? (a ? levelAbove(a.level) : null);
      return {
        id: station.id,
        slug: station.slug,
        name: station.name,
        timeZone: station.timeZone,
        level: a?.level ?? "HUMAN_ONLY",
        canary:
          a?.canaryFromLevel != null
            ? {
                fromLevel: a.canaryFromLevel,
                share: a.canaryShare,
                steps: a.canarySteps as number[],
                stepIndex: a.canaryStepIndex,
                minUnits: a.canaryMinUnits,
                stepStartedAt: a.canaryStepStartedAt,
              }
            : null,
        thresholds: { ok: a?.okThreshold ?? 0, defect: a?.defectThreshold ?? 1, auditShare: a?.auditShare ?? 0, blindShare: a?.blindShare ?? 0 },
        eraStartedAt: a?.eraStartedAt ?? station.createdAt,
        evidenceSince: a?.evidenceSince ?? station.createdAt,
        evidenceSinceReason: a?.evidenceSinceReason ?? "",
        activeModel: a?.activeModel?.version ?? null,
        candidateModel: a?.candidateModel?.version ?? null,
        modelGap: a?.activeModelId ? ((await modelCoverageProblem(db, station.id, a.activeModelId))?.detail ?? null) : null,
        singlePersonApproval: a?.singlePersonApproval ?? false,
        pendingRequest: pending && {
          id: pending.id,
          toLevel: pending.toLevel,
          reason: pending.reason,
          requestedBy: pending.requestedBy.name,
          requestedById: pending.requestedById,
          createdAt: pending.createdAt,
          canarySteps: pending.canarySteps as number[],
        },
        gates: a && target ? await stationGateReport(db, a, target) : null,
      };
    }),
  );
}
