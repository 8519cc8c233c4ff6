import { z } from "zod";
import { newAccountSchema, ROLES, type Role } from "../auth/index.ts";
import {
  BLIND_SHARE_RANGE,
  MAY_SET_BLIND_SHARE,
  MAY_RESET_EVIDENCE,
  MAY_DECIDE_PROMOTION,
  MAY_REQUEST_PROMOTION,
  MAY_SET_CANDIDATE,
  MAY_SWITCH_MODELS,
  LEVELS,
  ESCAPE_IMPORT_MAX_BYTES,
  escapeGateSchema,
  MAY_SET_ESCAPE_GATE,
  escapeInputSchema,
  MAY_REPORT_ESCAPES,
} from "../automation/index.ts";
import { MAX_PHOTO_BYTES } from "../captures/index.ts";
import { MAY_REFIT_CALIBRATION, MAY_SET_DRIFT_POLICY, MAY_SET_DRIFT_REFERENCE } from "../drift/index.ts";
import { MAY_EXPORT_EVIDENCE, unitExportQuerySchema } from "../metrics/index.ts";
import { predictionInputSchema, verdictInputSchema } from "../inspection/index.ts";
import { MAY_TRAIN, trainingRunOptionsSchema } from "../model/training/index.ts";
import { inspectionRegionSchema } from "../model/metadata.ts";
import { MAY_SET_REGION, newStationSchema, taxonomyChangeSchema } from "../stations/index.ts";
import { newTokenSchema } from "../tokens/index.ts";
import { pastMoment, reportedMoment } from "../time/index.ts";

// Every API operation, described once: the route handlers take their roles
// and body schemas from here (lib/http/operation.ts), and the OpenAPI
// document served at /api/openapi.json is generated from the same objects.

export type Method = "GET" | "POST" | "PUT" | "DELETE";

export type OperationAuth =
  | { kind: "session"; roles: readonly Role[] }
  | { kind: "station-token" }
  /** A station's machine token (a test rig's program) or a signed-in person in one of the roles. */
  | { kind: "station-token-or-session"; roles: readonly Role[] }
  | { kind: "none" };

export interface Operation<
  Body extends z.ZodType | undefined = z.ZodType | undefined,
  Path extends string = string,
  Auth extends OperationAuth = OperationAuth,
  Query extends z.ZodObject | undefined = z.ZodObject | undefined,
> {
  id: string;
  method: Method;
  /** OpenAPI path, parameters in braces: /api/stations/{station}/verdicts. */
  path: Path;
  summary: string;
  tag: string;
  auth: Auth;
  body: Body;
  /** A body that is not JSON (a photo), described for the document only. */
  rawBody?: { contentTypes: string[]; description: string; maxBytes: number };
  query?: Query;
  params?: Record<string, { description: string; format?: "uuid" }>;
  /** Success statuses and what they carry. */
  responses: Record<number, string>;
  /** Expected refusals, each answered as application/problem+json. */
  problems: number[];
}

// Messages that end with a full stop are shown to people as they are (lib/http/problem.ts).
const reason = z
  .string({ error: "Give a reason: it goes into the audit trail." })
  .trim()
  .min(3, "Give a reason of at least 3 characters: it goes into the audit trail.")
  .max(1000, "Keep the reason to 1,000 characters at most.")
  .describe("Why, for the audit trail.");
const station = { station: { description: "The station's slug, e.g. line-1-screen." } };
const STAFF: readonly Role[] = ["INSPECTOR", "ENGINEER", "MANAGER", "ADMIN"];
const JUDGES: readonly Role[] = ["INSPECTOR", "ENGINEER", "ADMIN"];
const ADMINS: readonly Role[] = ["ADMIN"];

/** An operation, its path and auth kept literal so a route's handler is typed by them (lib/http/operation.ts). */
function op<
  Body extends z.ZodType | undefined = undefined,
  const Path extends string = string,
  const Auth extends OperationAuth = OperationAuth,
  Query extends z.ZodObject | undefined = undefined,
>(spec: Omit<Operation<Body, Path, Auth, Query>, "body" | "query"> & { body?: Body; query?: Query }): Operation<Body, Path, Auth, Query> {
  return { ...spec, body: spec.body as Body };
}

/** An admin's change to one account (lib/auth/lifecycle.ts), at /api/users/{id}/<action>. */
function accountOp<Body extends z.ZodType>(id: string, method: Method, action: string, body: Body, responses: Record<number, string>, summary: string) {
  return op({
    id,
    method,
    path: `/api/users/{id}/${action}`,
    tag: "accounts",
    summary,
    auth: { kind: "session", roles: ADMINS },
    params: { id: { description: "The account's id." } },
    body,
    responses,
    problems: [400, 401, 403, 404, 409, 413, 422],
  });
}

export const leaseSchema = z
  .object({
    count: z.number().int().min(1).max(20).default(5).describe("How many units to lease."),
    exclude: z.array(z.uuid()).max(200).default([]).describe("Units the client already holds (queued, or judged and waiting in its outbox)."),
    judged: z
      .array(z.uuid())
      .max(200)
      .default([])
      .describe("Of those, the ones already judged (waiting out the undo window): they do not count against the cap of units in hand."),
    release: z.array(z.uuid()).max(200).default([]).describe("Units the client hands back to the queue unjudged, before new ones are leased."),
    asOf: z.iso
      .datetime({ offset: true })
      .optional()
      .describe(
        "When the page asked (its clock, as its verdicts' decidedAt): the shift's count covers verdicts decided before it, the page adds the ones it gave since.",
      ),
  })
  .strict();

export const decisionSchema = z
  .object({
    decision: z.enum(["approve", "reject"]),
    reason,
    overrideReason: z.string().trim().max(1000).nullable().optional().describe("Required to approve over gates that do not pass."),
  })
  .strict();

export const promotionSchema = z
  .object({
    toLevel: z.enum(LEVELS),
    reason,
    canarySteps: z
      .array(z.number())
      .max(10)
      .nullable()
      .default(null)
      .describe("Shares of units, widening to 1, e.g. [0.1, 0.5, 1]; null for every unit at once."),
  })
  .strict();

export const captureQuerySchema = z
  .object({
    externalId: z
      .string()
      .trim()
      .min(1)
      .max(128)
      .regex(/^[A-Za-z0-9._:-]+$/, "letters, digits and . _ : - only")
      .optional()
      .describe("The camera's id for the photo: a repeat answers the capture already stored."),
    capturedAt: reportedMoment().optional().describe("When the photo was taken; now if omitted."),
  })
  .strict();

export const OPERATIONS = {
  health: op({
    id: "health",
    method: "GET",
    path: "/api/health",
    tag: "system",
    summary: "Liveness and database reachability, for load balancers.",
    auth: { kind: "none" },
    responses: { 200: "The app and its database answer." },
    problems: [503],
  }),
  openapi: op({
    id: "openapi",
    method: "GET",
    path: "/api/openapi.json",
    tag: "system",
    summary: "This document.",
    auth: { kind: "none" },
    responses: { 200: "The OpenAPI 3.1 description of the API." },
    problems: [],
  }),
  signIn: op({
    id: "signIn",
    method: "POST",
    path: "/api/auth/sign-in/email",
    tag: "auth",
    summary: "Signs in (better-auth); the answer sets the session cookie the other operations need. Rate-limited per address.",
    auth: { kind: "none" },
    body: z.object({ email: z.email(), password: z.string().min(1).max(256) }),
    responses: { 200: "Signed in; Set-Cookie carries the session." },
    problems: [401, 429],
  }),
  listStations: op({
    id: "listStations",
    method: "GET",
    path: "/api/stations",
    tag: "stations",
    summary: "Every station with its level, taxonomy, queue and models.",
    auth: { kind: "session", roles: STAFF },
    responses: { 200: "{ stations }" },
    problems: [401, 403],
  }),
  createStation: op({
    id: "createStation",
    method: "POST",
    path: "/api/stations",
    tag: "stations",
    summary: "Creates a station with its defect taxonomy, at HUMAN_ONLY.",
    auth: { kind: "session", roles: ADMINS },
    body: newStationSchema,
    responses: { 201: "The station: { id, slug, name, ... }" },
    problems: [400, 401, 403, 409, 413, 422],
  }),
  changeDefectClass: op({
    id: "changeDefectClass",
    method: "POST",
    path: "/api/stations/{station}/defect-classes",
    tag: "stations",
    summary:
      "Adds, renames (key kept), retires or restores one of the station's defect classes (audited). Adding, retiring or restoring starts the gates' evidence afresh; a class the active model does not know cannot be added while it decides units alone.",
    auth: { kind: "session", roles: ADMINS },
    params: station,
    body: z.object({ change: taxonomyChangeSchema, reason }).strict(),
    responses: { 200: "{ key, message }" },
    problems: [400, 401, 403, 404, 409, 413, 422],
  }),
  leaseUnits: op({
    id: "leaseUnits",
    method: "POST",
    path: "/api/stations/{station}/queue",
    tag: "inspection",
    summary: "Leases the station's next units to the calling inspector (no two inspectors hold a unit at once).",
    auth: { kind: "session", roles: JUDGES },
    params: station,
    body: leaseSchema,
    responses: {
      200: "{ units: [{ id, level, imageUrl, ... }], waiting: units of the station not yet decided, shift: { since, judged: the caller's verdicts here this shift before asOf } }",
    },
    problems: [400, 401, 403, 404, 413, 422],
  }),
  recordPrediction: op({
    id: "recordPrediction",
    method: "POST",
    path: "/api/stations/{station}/predictions",
    tag: "inspection",
    summary: "Stores a model's prediction on a unit, exactly once per idempotency key; at PARTIAL/FULL answers how the unit is routed.",
    auth: { kind: "session", roles: JUDGES },
    params: station,
    body: predictionInputSchema,
    responses: { 201: "Stored: { prediction, route, replayed: false }", 200: "A repeat of a stored key: the original result, replayed: true." },
    problems: [400, 401, 403, 404, 409, 413, 422],
  }),
  recordVerdict: op({
    id: "recordVerdict",
    method: "POST",
    path: "/api/stations/{station}/verdicts",
    tag: "inspection",
    summary: "Stores the calling inspector's verdict on a unit, exactly once per idempotency key.",
    auth: { kind: "session", roles: JUDGES },
    params: station,
    body: verdictInputSchema,
    responses: { 201: "Stored: { verdict, replayed: false }", 200: "A repeat of a stored key: { verdict, replayed: true }." },
    problems: [400, 401, 403, 404, 409, 413, 422],
  }),
  captureImage: op({
    id: "captureImage",
    method: "GET",
    path: "/api/captures/{id}/image",
    tag: "inspection",
    summary: "A capture's photo.",
    auth: { kind: "session", roles: STAFF },
    params: { id: { description: "The capture's id.", format: "uuid" } },
    responses: { 200: "The PNG or JPEG, immutable." },
    problems: [400, 401, 403, 404, 410],
  }),
  postCapture: op({
    id: "postCapture",
    method: "POST",
    path: "/api/captures",
    tag: "cameras",
    summary: "A camera posts one photo of a unit, with its station's machine token (Authorization: Bearer ust_...).",
    auth: { kind: "station-token" },
    rawBody: {
      contentTypes: ["image/png", "image/jpeg"],
      description: "The photo itself, judged by its bytes (magic number, size, dimensions), not its name or content type.",
      maxBytes: MAX_PHOTO_BYTES,
    },
    query: captureQuerySchema,
    responses: { 201: "{ capture: { id, station, capturedAt }, replayed: false }", 200: "A repeat of an externalId with the same photo: replayed: true." },
    problems: [400, 401, 409, 413, 415, 422],
  }),
  requestPromotion: op({
    id: "requestPromotion",
    method: "POST",
    path: "/api/stations/{station}/promotions",
    tag: "automation",
    summary: "Asks for the station to move up the ladder; the gates are evaluated and kept with the request.",
    auth: { kind: "session", roles: MAY_REQUEST_PROMOTION },
    params: station,
    body: promotionSchema,
    responses: { 201: "{ requestId, gates }" },
    problems: [400, 401, 403, 404, 409, 413, 422],
  }),
  decidePromotion: op({
    id: "decidePromotion",
    method: "POST",
    path: "/api/promotions/{id}/decision",
    tag: "automation",
    summary: "A manager approves (with an override reason where a gate fails) or rejects a promotion request.",
    auth: { kind: "session", roles: MAY_DECIDE_PROMOTION },
    params: { id: { description: "The promotion request's id.", format: "uuid" } },
    body: decisionSchema,
    responses: { 200: "{ status, level, canaryShare, gates }" },
    problems: [400, 401, 403, 404, 409, 413, 422],
  }),
  demoteStation: op({
    id: "demoteStation",
    method: "POST",
    path: "/api/stations/{station}/demotion",
    tag: "automation",
    summary: "Moves the station one level down at once (or rolls a canary back): the instant rollback.",
    auth: { kind: "session", roles: ["MANAGER", "ADMIN"] },
    params: station,
    body: z.object({ reason }).strict(),
    responses: { 200: "{ station, from, to }" },
    problems: [400, 401, 403, 404, 409, 413, 422],
  }),
  setCandidate: op({
    id: "setCandidate",
    method: "PUT",
    path: "/api/stations/{station}/candidate",
    tag: "automation",
    summary: "Sets (or with null clears) the candidate model that predicts beside the active one.",
    auth: { kind: "session", roles: MAY_SET_CANDIDATE },
    params: station,
    body: z.object({ version: z.string().trim().min(1).max(100).nullable(), reason }).strict(),
    responses: { 200: "{ active, candidate }" },
    problems: [400, 401, 403, 404, 413, 422],
  }),
  switchModels: op({
    id: "switchModels",
    method: "POST",
    path: "/api/stations/{station}/model-switch",
    tag: "automation",
    summary: "Swaps the active and candidate models (blue/green); the same call switches back.",
    auth: { kind: "session", roles: MAY_SWITCH_MODELS },
    params: station,
    body: z.object({ reason }).strict(),
    responses: { 200: "{ active, candidate }" },
    problems: [400, 401, 403, 404, 409, 413, 422],
  }),
  setDriftReference: op({
    id: "setDriftReference",
    method: "PUT",
    path: "/api/stations/{station}/drift-reference",
    tag: "drift",
    summary:
      "Picks the drift reference: a baseline window of the station's own past predictions (at least one drift window), or null for the model's training statistics.",
    auth: { kind: "session", roles: MAY_SET_DRIFT_REFERENCE },
    params: station,
    body: z.object({ baseline: z.object({ from: pastMoment(), to: pastMoment() }).strict().nullable(), reason }).strict(),
    responses: { 200: "{ reference, predictions }" },
    problems: [400, 401, 403, 404, 413, 422],
  }),
  resetEvidence: op({
    id: "resetEvidence",
    method: "POST",
    path: "/api/stations/{station}/evidence-reset",
    tag: "automation",
    summary: "Starts the station's evidence for its gates afresh from now, with why (audited). Level changes never reset it.",
    auth: { kind: "session", roles: MAY_RESET_EVIDENCE },
    params: station,
    body: z.object({ reason }).strict(),
    responses: { 200: "{ evidenceSince }" },
    problems: [400, 401, 403, 404, 413, 422],
  }),
  setInspectionRegion: op({
    id: "setInspectionRegion",
    method: "PUT",
    path: "/api/stations/{station}/region",
    tag: "automation",
    summary:
      "Where the phone lies in the station's photos, as fractions of the photo ({ left, top, width, height }), or null for the whole photo: the models score only patches inside it, in the browser and on the server. The evidence starts afresh; refused while the model decides units alone (audited).",
    auth: { kind: "session", roles: MAY_SET_REGION },
    params: station,
    body: z.object({ region: inspectionRegionSchema.nullable(), reason }).strict(),
    responses: { 200: "{ region }" },
    problems: [400, 401, 403, 404, 409, 413, 422],
  }),
  setBlindShare: op({
    id: "setBlindShare",
    method: "PUT",
    path: "/api/stations/{station}/blind-share",
    tag: "automation",
    summary: "The share of units an inspector judges without the model's suggestion at AI assistance: the evidence for partial automation (audited).",
    auth: { kind: "session", roles: MAY_SET_BLIND_SHARE },
    params: station,
    body: z.object({ share: z.number().min(BLIND_SHARE_RANGE.min).max(BLIND_SHARE_RANGE.max), reason }).strict(),
    responses: { 200: "{ blindShare }" },
    problems: [400, 401, 403, 404, 413, 422],
  }),
  setDriftPolicy: op({
    id: "setDriftPolicy",
    method: "PUT",
    path: "/api/stations/{station}/drift-policy",
    tag: "drift",
    summary: "Whether an open drift alert demotes the station at PARTIAL or FULL (alerts always block promotions).",
    auth: { kind: "session", roles: MAY_SET_DRIFT_POLICY },
    params: station,
    body: z.object({ demotes: z.boolean(), reason }).strict(),
    responses: { 200: "{ driftDemotes }" },
    problems: [400, 401, 403, 404, 413, 422],
  }),
  refitCalibration: op({
    id: "refitCalibration",
    method: "POST",
    path: "/api/stations/{station}/calibration",
    tag: "drift",
    summary:
      "Refits the active model's score calibration on the station's shadow era (isotonic regression): what the label-free estimate of the units the model decides alone rests on. Replaces the one stored, in the audit trail.",
    auth: { kind: "session", roles: MAY_REFIT_CALIBRATION },
    params: station,
    body: z.object({ reason }).strict(),
    responses: { 200: "{ calibration: { units, defects, blocks, classRight, fittedAt } }" },
    problems: [400, 401, 403, 404, 413, 422],
  }),
  listTrainingRuns: op({
    id: "listTrainingRuns",
    method: "GET",
    path: "/api/stations/{station}/training-runs",
    tag: "models",
    summary:
      "The station's newest retraining runs: status, progress, log, and the new version's evaluation beside the active model's on the same held-out photos.",
    auth: { kind: "session", roles: MAY_TRAIN },
    params: station,
    responses: { 200: "{ runs }" },
    problems: [401, 403, 404],
  }),
  startTrainingRun: op({
    id: "startTrainingRun",
    method: "POST",
    path: "/api/stations/{station}/training-runs",
    tag: "models",
    summary:
      "Queues a retraining run on the station's labelled photos (one per station at a time, audited); a trainer process trains it and registers the new version, ready to be made the candidate.",
    auth: { kind: "session", roles: MAY_TRAIN },
    params: station,
    body: trainingRunOptionsSchema,
    responses: { 201: "{ id, version }" },
    problems: [400, 401, 403, 404, 409, 413, 422],
  }),
  cancelTrainingRun: op({
    id: "cancelTrainingRun",
    method: "POST",
    path: "/api/training-runs/{id}/cancel",
    tag: "models",
    summary: "Cancels a queued run at once, or a running one at its next batch (audited); its files are removed.",
    auth: { kind: "session", roles: MAY_TRAIN },
    params: { id: { description: "The run's id." } },
    body: z.object({}).strict(),
    responses: { 200: "{ status }" },
    problems: [400, 401, 403, 404, 409, 413, 422],
  }),
  listTokens: op({
    id: "listTokens",
    method: "GET",
    path: "/api/stations/{station}/tokens",
    tag: "cameras",
    summary: "The station's machine tokens, never their secrets.",
    auth: { kind: "session", roles: ADMINS },
    params: station,
    responses: { 200: "{ tokens }" },
    problems: [401, 403, 404],
  }),
  createToken: op({
    id: "createToken",
    method: "POST",
    path: "/api/stations/{station}/tokens",
    tag: "cameras",
    summary: "Creates a camera's token for the station; the answer is the only time its secret is shown.",
    auth: { kind: "session", roles: ADMINS },
    params: station,
    body: newTokenSchema,
    responses: { 201: "{ token, id, name, createdAt }" },
    problems: [400, 401, 403, 404, 413, 422],
  }),
  revokeToken: op({
    id: "revokeToken",
    method: "DELETE",
    path: "/api/stations/{station}/tokens/{id}",
    tag: "cameras",
    summary: "Revokes a token: the camera holding it is refused from then on.",
    auth: { kind: "session", roles: ADMINS },
    params: { ...station, id: { description: "The token's id.", format: "uuid" } },
    responses: { 204: "Revoked." },
    problems: [400, 401, 403, 404],
  }),
  recordEscape: op({
    id: "recordEscape",
    method: "POST",
    path: "/api/stations/{station}/escapes",
    tag: "evidence",
    summary:
      "What was found about a decided unit downstream (an end-of-line test, a customer return): a defect the station passed, or a good unit it rejected. Attributed to whoever decided the unit: the model alone, an inspector, or an inspector shown the model's answer.",
    auth: { kind: "station-token-or-session", roles: MAY_REPORT_ESCAPES },
    params: station,
    body: escapeInputSchema,
    responses: {
      201: "{ escape: { id, captureId, decision, decider, found, isEscape }, replayed: false }",
      200: "A repeat of an idempotencyKey: replayed: true.",
    },
    problems: [400, 401, 403, 404, 409, 413, 422],
  }),
  setEscapeGate: op({
    id: "setEscapeGate",
    method: "PUT",
    path: "/api/stations/{station}/escape-gate",
    tag: "automation",
    summary:
      "Requires, for full automation, at most perMillion defects found downstream per million of the model's last `units` decided units (null: no longer required). Like every gate it blocks the promotion to FULL while unmet and demotes a station at FULL once it fails.",
    auth: { kind: "session", roles: MAY_SET_ESCAPE_GATE },
    params: station,
    body: z.object({ gate: escapeGateSchema.nullable(), reason }).strict(),
    responses: { 200: "{ gate }" },
    problems: [400, 401, 403, 404, 413, 422],
  }),
  importEscapes: op({
    id: "importEscapes",
    method: "POST",
    path: "/api/stations/{station}/escapes/import",
    tag: "evidence",
    summary:
      "A CSV of findings about decided units, whole or not at all: header unit (or external_id), found, found_at, where[, note, key]. Any bad row refuses the file, every problem listed by line (problems[]); a row whose key (given, or derived from the row) is already stored is counted as replayed, not stored again.",
    auth: { kind: "station-token-or-session", roles: MAY_REPORT_ESCAPES },
    params: station,
    rawBody: { contentTypes: ["text/csv"], description: "The findings, one row each, with a header line.", maxBytes: ESCAPE_IMPORT_MAX_BYTES },
    responses: { 201: "{ rows, imported, replayed, escapesByDecider }", 200: "Every row was stored before: imported 0." },
    problems: [400, 401, 403, 404, 413, 415, 422],
  }),
  exportEvidenceUnits: op({
    id: "exportEvidenceUnits",
    method: "GET",
    path: "/api/evidence/units",
    tag: "evidence",
    summary:
      "The dashboard's compared units as CSV, one row each (the dashboard's filters as the query), oldest first, streamed; X-Total-Rows says how many rows come, from the daily rollups.",
    auth: { kind: "session", roles: MAY_EXPORT_EVIDENCE },
    query: unitExportQuerySchema,
    responses: {
      200: "text/csv: decided_at, station, capture_id, model_version, model_role, level, inspector_id, human_label, model_label, truth, defect_score, confidence, suggestion_shown, time_to_decide_ms, lighting",
    },
    problems: [401, 403, 404, 422],
  }),
  listUsers: op({
    id: "listUsers",
    method: "GET",
    path: "/api/users",
    tag: "accounts",
    summary: "Every account with its role.",
    auth: { kind: "session", roles: ADMINS },
    responses: { 200: "{ users }" },
    problems: [401, 403],
  }),
  createUser: op({
    id: "createUser",
    method: "POST",
    path: "/api/users",
    tag: "accounts",
    summary: "Creates an account with a role (nobody signs up on their own).",
    auth: { kind: "session", roles: ADMINS },
    body: newAccountSchema,
    responses: { 201: "{ id, email, name, role }" },
    problems: [400, 401, 403, 409, 413, 422],
  }),
  setAccountStatus: accountOp(
    "setAccountStatus",
    "PUT",
    "status",
    z.object({ disabled: z.boolean(), reason }).strict(),
    { 200: "{ id, disabled }" },
    "Disables an account (signed out everywhere at once, refused at sign-in) or enables it again (audited). Not one's own, nor the last enabled admin.",
  ),
  setAccountRole: accountOp(
    "setAccountRole",
    "PUT",
    "role",
    z.object({ role: z.enum(ROLES), reason }).strict(),
    { 200: "{ id, role }" },
    "Gives an account another role; it is signed out everywhere (audited). Not one's own, nor the last enabled admin's.",
  ),
  resetAccountPassword: accountOp(
    "resetAccountPassword",
    "POST",
    "password-reset",
    z.object({ reason }).strict(),
    { 201: "{ id, oneTimePassword, expiresAt }" },
    "Replaces an account's password with a one-time one, answered once; the account is signed out everywhere and must choose its own at next sign-in (audited). The one-time password signs in until expiresAt (72 hours).",
  ),
  unlockAccountSignIn: accountOp(
    "unlockAccountSignIn",
    "POST",
    "sign-in-unlock",
    z.object({ reason }).strict(),
    { 200: "{ id, addresses }" },
    "Lifts the waits wrong passwords put on an account's sign-in, from every address (audited).",
  ),
} as const satisfies Record<string, Operation>;

export type OperationId = keyof typeof OPERATIONS;

/** The catalogued methods at a concrete path: /api/stations/line-1-screen/tokens serves GET and POST. */
export function methodsAt(pathname: string): Method[] {
  // Literal text of the template matched as such ("." in openapi.json too), each {parameter} as one path segment.
  const matches = (template: string) =>
    new RegExp(
      `^${template
        .split(/\{[^}]+\}/)
        .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
        .join("[^/]+")}$`,
    ).test(pathname);
  return Object.values(OPERATIONS as Record<string, Operation>)
    .filter((operation) => matches(operation.path))
    .map((operation) => operation.method);
}
