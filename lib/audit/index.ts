// The audit trail: every change of who may do what, of a station's ladder and
// of its evidence, appended with who, when, why and the evidence at that time.
import "server-only";

export { appendAudit, SYSTEM_ACTOR, type Actor } from "./append-audit.ts";
