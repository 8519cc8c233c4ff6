import type { GateResult } from "./gates.ts";
import { LEVEL_LABELS } from "./levels.ts";
import type { StationOverview } from "./overview.ts";

export interface StationHeadline {
  /** ready: a decision can be made now; waiting: someone must act; blocked: nothing can move until a problem goes; steady: nothing to decide. */
  tone: "ready" | "waiting" | "blocked" | "steady";
  text: string;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const names = (gates: GateResult[]) => gates.map((gate) => gate.label.toLowerCase()).join("; ");

/**
 * The one thing to know about a station before anything else on its card:
 * the decision to make now, or what stands in its way. Read by a manager
 * who has many stations and little time.
 */
export function stationHeadline(station: Pick<StationOverview, "level" | "canary" | "modelGap" | "pendingRequest" | "gates" | "activeModel">): StationHeadline {
  if (station.canary) {
    return {
      tone: "steady",
      text: `Canary under way: ${percent(station.canary.share)} of units at ${LEVEL_LABELS[station.level]}; it widens by itself while its gates pass, and rolls back when one breaks.`,
    };
  }
  if (station.modelGap) return { tone: "blocked", text: `Blocked: ${station.modelGap}` };
  const gates = station.gates?.report.gates ?? [];
  const failing = gates.filter((gate) => gate.status === "fail");
  const undecided = gates.filter((gate) => gate.status === "undecided");
  const drift = failing.find((gate) => gate.id === "drift");
  const request = station.pendingRequest;
  if (request) {
    const level = LEVEL_LABELS[request.toLevel];
    if (drift) return { tone: "blocked", text: `Blocked: an open drift alert stands in the way of the request for ${level}; see /drift.` };
    if (station.gates?.report.passed) return { tone: "ready", text: `Ready to approve: ${level}, all gates pass (asked by ${request.requestedBy}).` };
    return {
      tone: "waiting",
      text: `Waiting for a decision on ${level} (asked by ${request.requestedBy}), but not every gate passes: ${names([...failing, ...undecided])}.`,
    };
  }
  if (!station.activeModel) return { tone: "waiting", text: "No model runs here yet: an engineer sets a candidate and a manager switches to it." };
  if (!station.gates)
    return { tone: "steady", text: `At ${LEVEL_LABELS[station.level]}, the top of the ladder: nothing to decide; the audit share and drift watch the model.` };
  const next = LEVEL_LABELS[station.gates.report.targetLevel];
  if (drift) return { tone: "blocked", text: `Blocked: an open drift alert; no promotion to ${next} until it closes (see /drift).` };
  if (station.gates.report.passed) return { tone: "ready", text: `Ready to ask for ${next}: all gates pass.` };
  if (failing.length > 0) return { tone: "waiting", text: `Not ready for ${next}: ${names(failing)} not met.` };
  const needed = Math.max(0, ...undecided.map((gate) => gate.moreUnits ?? 0));
  return {
    tone: "waiting",
    text: `Gathering evidence for ${next}: ${names(undecided)} ${needed > 0 ? `need about ${needed.toLocaleString("en")} more compared units` : "not decided yet"}.`,
  };
}
