import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, ROLES, type Role } from "../auth/index.ts";
import { sessionCookieFor } from "../../test/support/sign-in.ts";
import { encodePng } from "../captures/index.ts";
import { jpegBomb, pngBomb } from "../../test/support/image-bombs.ts";
import { useAppDatabase } from "../../test/support/test-database.ts";
import { inProcessFetch } from "../../test/support/in-process-fetch.ts";
import { createStation } from "../stations/index.ts";
import { createStationToken, revokeStationToken } from "../tokens/index.ts";
import { allApiRoutes } from "../../test/support/api-routes.ts";
import { OPERATIONS } from "./operations.ts";

// Hostile input, table-driven, through the real route handlers: malformed
// JSON, oversize bodies, wrong types, SQL-ish strings, path traversal,
// non-image uploads, other stations' ids, bad tokens and cross-site posts.
// Each must be refused with a 4xx problem+json and change nothing stored.

const { prisma } = await useAppDatabase();
const fetch = inProcessFetch(await allApiRoutes());

const PASSWORD = "correct horse battery";
const cookies = {} as Record<Role, string>;
const ids = { captureA: "", captureB: "", tokenA: "", tokenB: "", tokenIdA: "", revoked: "", promotion: crypto.randomUUID() };
const accountIds = {} as Record<Role, string>;

/** Every row of every table, as one digest per table: "changes nothing" means these stay equal. */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = await prisma.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('_migrations', 'sessions')`;
  const digests: Record<string, string> = {};
  for (const { table_name: table } of tables) {
    // A token's last use is bookkeeping of a valid token, not data the request could change.
    const row = table === "station_tokens" ? `(t.id, t.name, t.token_hash, t.revoked_at)::text` : "t::text";
    const [result] = await prisma.$queryRawUnsafe<{ digest: string | null }[]>(
      `SELECT md5(string_agg(${row}, ',' ORDER BY ${row})) AS digest FROM "${table}" t`,
    );
    digests[table] = result?.digest ?? "empty";
  }
  return digests;
}

function png(width = 64, height = 64): Uint8Array<ArrayBuffer> {
  return new Uint8Array(encodePng(width, height, new Uint8Array(width * height * 4).fill(128)));
}
const bytes = (text: string) => new Uint8Array(Buffer.from(text, "binary"));

beforeAll(async () => {
  for (const role of ROLES) {
    accountIds[role] = (await createAccount(prisma, { email: `${role.toLowerCase()}@hostile.test`, name: role, role, password: PASSWORD })).id;
    cookies[role] = await sessionCookieFor(`${role.toLowerCase()}@hostile.test`, PASSWORD);
  }
  const a = await createStation(prisma, { slug: "line-a", name: "Line A" });
  const b = await createStation(prisma, { slug: "line-b", name: "Line B" });
  for (const [station, key] of [
    [a.id, "captureA"],
    [b.id, "captureB"],
  ] as const) {
    const capture = await prisma.capture.create({
      data: {
        stationId: station,
        capturedAt: new Date(),
        storageKey: `t/${crypto.randomUUID()}.png`,
        contentHash: crypto.randomUUID(),
        mimeType: "image/png",
        width: 64,
        height: 64,
      },
    });
    ids[key] = capture.id;
  }
  const tokenA = await createStationToken(prisma, a.id, "camera a", null);
  ids.tokenA = tokenA.token;
  ids.tokenIdA = tokenA.summary.id;
  ids.tokenB = (await createStationToken(prisma, b.id, "camera b", null)).token;
  const revoked = await createStationToken(prisma, a.id, "old camera", null);
  await revokeStationToken(prisma, a.id, revoked.summary.id);
  ids.revoked = revoked.token;
});

interface Case {
  name: string;
  as?: Role | null;
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string | (() => string);
  body?: unknown;
  /** Sent as is, not JSON-encoded. */
  raw?: string | Uint8Array<ArrayBuffer> | (() => string);
  headers?: Record<string, string> | (() => Record<string, string>);
  status: number;
}

const verdict = (overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: crypto.randomUUID(),
  captureId: ids.captureA,
  label: "ok",
  timeToDecideMs: 1200,
  decidedAt: new Date().toISOString(),
  ...overrides,
});
const prediction = (overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: crypto.randomUUID(),
  captureId: ids.captureA,
  modelVersion: "v2",
  scores: { ok: 0.9, scratch: 0.1 },
  decision: "ok",
  confidence: 0.9,
  defectScore: 0.1,
  latencyMs: 3,
  backend: "wasm",
  statistics: { brightness: 0.3, contrast: 0.1, sharpness: 0.05, meanRed: 0.3, meanGreen: 0.3, meanBlue: 0.3 },
  ...overrides,
});
const bearer = (token: () => string) => () => ({ authorization: `Bearer ${token()}`, "content-type": "image/png" });

const CASES: Case[] = [
  // Malformed JSON and oversize bodies.
  { name: "malformed JSON", as: "INSPECTOR", method: "POST", path: "/api/stations/line-a/verdicts", raw: '{"captureId": ', status: 400 },
  { name: "JSON that is not an object", as: "INSPECTOR", method: "POST", path: "/api/stations/line-a/verdicts", raw: "[1,2,3]", status: 422 },
  { name: "an empty body", as: "ADMIN", method: "POST", path: "/api/stations", raw: "", status: 400 },
  {
    name: "a 300 KiB body",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/verdicts",
    raw: JSON.stringify({ padding: "x".repeat(300 * 1024) }),
    status: 413,
  },
  {
    name: "a declared length past the limit",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/queue",
    raw: "{}",
    headers: { "content-length": String(10 * 1024 * 1024) },
    status: 413,
  },
  {
    name: "a 10,000-long exclude list",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/queue",
    body: { exclude: Array.from({ length: 10_000 }, () => crypto.randomUUID()) },
    status: 413,
  },
  {
    name: "a station name with a right-to-left override",
    as: "ADMIN",
    method: "POST",
    path: "/api/stations",
    body: { slug: "line-rtl", name: "Line \u202E1 neercS" },
    status: 422,
  },
  {
    name: "a defect class with a zero-width space",
    as: "ADMIN",
    method: "POST",
    path: "/api/stations",
    body: { slug: "line-zw", name: "Line ZW", defectClasses: [{ key: "scratch", label: "Scr\u200Batch" }] },
    status: 422,
  },
  {
    name: "an account name with a bidi isolate",
    as: "ADMIN",
    method: "POST",
    path: "/api/users",
    body: { email: "bidi@y.test", name: "Ad\u2067min", role: "INSPECTOR", password: "a long enough password" },
    status: 422,
  },
  {
    name: "JSON nested 10,000 deep",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/verdicts",
    raw: `${"[".repeat(10_000)}${"]".repeat(10_000)}`,
    status: 422,
  },
  {
    name: "an object nested 40 deep",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/queue",
    raw: `${'{"a":'.repeat(40)}1${"}".repeat(40)}`,
    status: 422,
  },
  // Wrong types and shapes.
  { name: "a number for an id", as: "INSPECTOR", method: "POST", path: "/api/stations/line-a/verdicts", body: () => verdict({ captureId: 123 }), status: 422 },
  { name: "a string count", as: "INSPECTOR", method: "POST", path: "/api/stations/line-a/queue", body: { count: "5" }, status: 422 },
  { name: "a count past the maximum", as: "INSPECTOR", method: "POST", path: "/api/stations/line-a/queue", body: { count: 10_000 }, status: 422 },
  {
    name: "an unknown level",
    as: "ENGINEER",
    method: "POST",
    path: "/api/stations/line-a/promotions",
    body: { toLevel: "GODMODE", reason: "because" },
    status: 422,
  },
  {
    name: "canary steps as a string",
    as: "ENGINEER",
    method: "POST",
    path: "/api/stations/line-a/promotions",
    body: { toLevel: "SHADOW", reason: "because", canarySteps: "all" },
    status: 422,
  },
  {
    name: "a score out of range",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/predictions",
    body: () => prediction({ confidence: 7 }),
    status: 422,
  },
  {
    name: "an infinite latency",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/predictions",
    raw: () => JSON.stringify(prediction()).replace('"latencyMs":3', '"latencyMs":1e999'),
    status: 422,
  },
  {
    name: "an unknown backend",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/predictions",
    body: () => prediction({ backend: "gpu-cluster" }),
    status: 422,
  },
  {
    name: "a field the client may not set",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/verdicts",
    body: () => verdict({ inspectorId: crypto.randomUUID() }),
    status: 422,
  },
  {
    name: "a __proto__ key",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/verdicts",
    raw: () => JSON.stringify(verdict()).replace(/^\{/, '{"__proto__":{"role":"ADMIN"},'),
    status: 422,
  },
  {
    name: "a NUL character",
    as: "ENGINEER",
    method: "PUT",
    path: "/api/stations/line-a/candidate",
    body: { version: null, reason: "ab\u0000cd" },
    status: 422,
  },
  {
    name: "a verdict given in the year 0001",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/verdicts",
    body: () => verdict({ decidedAt: "0001-01-01T00:00:00Z" }),
    status: 422,
  },
  {
    name: "a verdict given in the year 9999",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/verdicts",
    body: () => verdict({ decidedAt: "9999-12-31T00:00:00Z" }),
    status: 422,
  },
  {
    name: "a drift reference from before the app",
    as: "ENGINEER",
    method: "PUT",
    path: "/api/stations/line-a/drift-reference",
    body: { baseline: { from: "0001-01-01T00:00:00Z", to: "2026-11-01T00:00:00Z" }, reason: "all of time" },
    status: 422,
  },
  {
    name: "a date that is not one",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/verdicts",
    body: () => verdict({ decidedAt: "yesterday" }),
    status: 422,
  },
  {
    name: "a non-boolean drift policy",
    as: "MANAGER",
    method: "PUT",
    path: "/api/stations/line-a/drift-policy",
    body: { demotes: "yes", reason: "because" },
    status: 422,
  },
  // A station's defect classes: only admins, a change the catalog knows, a name without control characters.
  {
    name: "a defect class named with a NUL",
    as: "ADMIN",
    method: "POST",
    path: "/api/stations/line-a/defect-classes",
    body: { change: { kind: "add", label: "oil\u0000" }, reason: "new defect" },
    status: 422,
  },
  {
    name: "deleting a defect class outright",
    as: "ADMIN",
    method: "POST",
    path: "/api/stations/line-a/defect-classes",
    body: { change: { kind: "delete", key: "scratch" }, reason: "tidy up" },
    status: 422,
  },
  {
    name: "a manager retiring a defect class",
    as: "MANAGER",
    method: "POST",
    path: "/api/stations/line-a/defect-classes",
    body: { change: { kind: "retire", key: "scratch" }, reason: "fewer rejects" },
    status: 403,
  },
  // Retraining runs: engineers only, bounded settings, real run ids.
  {
    name: "a retraining run of 10,000 epochs",
    as: "ENGINEER",
    method: "POST",
    path: "/api/stations/line-a/training-runs",
    body: { epochs: 10_000 },
    status: 422,
  },
  { name: "a held-out share of everything", as: "ENGINEER", method: "POST", path: "/api/stations/line-a/training-runs", body: { holdout: 1 }, status: 422 },
  {
    name: "an inspector starting a retraining run",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/training-runs",
    body: { epochs: 1 },
    status: 403,
  },
  { name: "a traversal as a run id", as: "ENGINEER", method: "POST", path: "/api/training-runs/..%2F..%2Fusers/cancel", body: {}, status: 404 },
  // Account lifecycle: only admins, never on themselves, with typed bodies and a reason.
  {
    name: "a role change to a role that does not exist",
    as: "ADMIN",
    method: "PUT",
    path: () => `/api/users/${accountIds.INSPECTOR}/role`,
    body: { role: "ROOT", reason: "promotion" },
    status: 422,
  },
  {
    name: "disabling with a string for true",
    as: "ADMIN",
    method: "PUT",
    path: () => `/api/users/${accountIds.INSPECTOR}/status`,
    body: { disabled: "yes", reason: "left" },
    status: 422,
  },
  {
    name: "a lifecycle reason with a NUL",
    as: "ADMIN",
    method: "PUT",
    path: () => `/api/users/${accountIds.INSPECTOR}/status`,
    body: { disabled: true, reason: "left\u0000" },
    status: 422,
  },
  {
    name: "an admin disabling their own account",
    as: "ADMIN",
    method: "PUT",
    path: () => `/api/users/${accountIds.ADMIN}/status`,
    body: { disabled: true, reason: "just to see" },
    status: 403,
  },
  {
    name: "an admin demoting themself",
    as: "ADMIN",
    method: "PUT",
    path: () => `/api/users/${accountIds.ADMIN}/role`,
    body: { role: "INSPECTOR", reason: "just to see" },
    status: 403,
  },
  {
    name: "an inspector resetting an admin's password",
    as: "INSPECTOR",
    method: "POST",
    path: () => `/api/users/${accountIds.ADMIN}/password-reset`,
    body: { reason: "take over" },
    status: 403,
  },
  {
    name: "a manager disabling an engineer",
    as: "MANAGER",
    method: "PUT",
    path: () => `/api/users/${accountIds.ENGINEER}/status`,
    body: { disabled: true, reason: "rivalry" },
    status: 403,
  },
  {
    name: "an engineer lifting their own sign-in waits",
    as: "ENGINEER",
    method: "POST",
    path: () => `/api/users/${accountIds.ENGINEER}/sign-in-unlock`,
    body: { reason: "in a hurry" },
    status: 403,
  },
  {
    name: "a traversal as an account id",
    as: "ADMIN",
    method: "PUT",
    path: "/api/users/..%2F..%2Fstations/status",
    body: { disabled: true, reason: "traversal" },
    status: 404,
  },
  { name: "a password reset of nobody", as: "ADMIN", method: "POST", path: "/api/users/no-such-account/password-reset", body: { reason: "who" }, status: 404 },
  // A verdict needs the inspector's lease (the queue's): no side door for a second opinion.
  {
    name: "a verdict on a unit the queue did not hand out",
    as: "ENGINEER",
    method: "POST",
    path: "/api/stations/line-a/verdicts",
    body: () => verdict(),
    status: 409,
  },
  {
    name: "a weak password for a new account",
    as: "ADMIN",
    method: "POST",
    path: "/api/users",
    body: { email: "x@y.test", name: "X", role: "INSPECTOR", password: "short" },
    status: 422,
  },
  {
    name: "a role that does not exist",
    as: "ADMIN",
    method: "POST",
    path: "/api/users",
    body: { email: "x@y.test", name: "X", role: "ROOT", password: "a long enough password" },
    status: 422,
  },
  // SQL-ish strings: matched literally, never run.
  {
    name: "SQL in a station slug",
    as: "INSPECTOR",
    method: "POST",
    path: `/api/stations/${encodeURIComponent("line-a'; DROP TABLE verdicts;--")}/queue`,
    body: {},
    status: 404,
  },
  {
    name: "SQL in a label",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/verdicts",
    body: () => verdict({ label: "ok' OR '1'='1" }),
    status: 422,
  },
  {
    name: "SQL in a new station's slug",
    as: "ADMIN",
    method: "POST",
    path: "/api/stations",
    body: { slug: "x'); DROP TABLE stations;--", name: "x" },
    status: 422,
  },
  {
    name: "SQL in a model version",
    as: "ENGINEER",
    method: "PUT",
    path: "/api/stations/line-a/candidate",
    body: { version: "v2' OR 1=1 --", reason: "because" },
    status: 404,
  },
  {
    name: "SQL in an idempotency key",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/verdicts",
    body: () => verdict({ idempotencyKey: "'; DELETE FROM verdicts; --" }),
    status: 422,
  },
  // Path traversal.
  { name: "a traversal as a capture id", as: "INSPECTOR", method: "GET", path: "/api/captures/..%2F..%2F..%2Fetc%2Fpasswd/image", status: 400 },
  {
    name: "a traversal as an externalId",
    method: "POST",
    path: `/api/captures?externalId=${encodeURIComponent("../../etc/passwd")}`,
    raw: png(),
    headers: bearer(() => ids.tokenA),
    status: 422,
  },
  {
    name: "a traversal in a verdict's capture",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/verdicts",
    body: () => verdict({ captureId: "../../../etc/passwd" }),
    status: 422,
  },
  { name: "a traversal as a token id", as: "ADMIN", method: "DELETE", path: "/api/stations/line-a/tokens/..%2F..%2Fusers", status: 400 },
  // Uploads that are not images.
  { name: "text posted as a photo", method: "POST", path: "/api/captures", raw: "hello, I am a photo", headers: bearer(() => ids.tokenA), status: 415 },
  {
    name: "a photo taken in the year 9999",
    method: "POST",
    path: "/api/captures?capturedAt=9999-12-31T00:00:00Z",
    raw: png(),
    headers: bearer(() => ids.tokenA),
    status: 422,
  },
  {
    name: "a photo taken in the year 0001",
    method: "POST",
    path: "/api/captures?capturedAt=0001-01-01T00:00:00Z",
    raw: png(),
    headers: bearer(() => ids.tokenA),
    status: 422,
  },
  {
    name: "a PDF named .png",
    method: "POST",
    path: "/api/captures?externalId=scan.png",
    raw: bytes("%PDF-1.7\n1 0 obj<<>>endobj\n"),
    headers: bearer(() => ids.tokenA),
    status: 415,
  },
  { name: "a GIF", method: "POST", path: "/api/captures", raw: bytes("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), headers: bearer(() => ids.tokenA), status: 415 },
  {
    name: "a PNG header with nothing after it",
    method: "POST",
    path: "/api/captures",
    raw: png().subarray(0, 40),
    headers: bearer(() => ids.tokenA),
    status: 415,
  },
  { name: "a 1x1 PNG", method: "POST", path: "/api/captures", raw: png(1, 1), headers: bearer(() => ids.tokenA), status: 415 },
  { name: "an empty upload", method: "POST", path: "/api/captures", raw: new Uint8Array(0), headers: bearer(() => ids.tokenA), status: 400 },
  {
    name: "a 57-byte PNG declaring 30000x30000 (a decompression bomb)",
    method: "POST",
    path: "/api/captures",
    raw: pngBomb(30_000, 30_000),
    headers: bearer(() => ids.tokenA),
    status: 413,
  },
  {
    name: "an interlaced PNG declaring 8192x8192",
    method: "POST",
    path: "/api/captures",
    raw: pngBomb(8192, 8192, 1),
    headers: bearer(() => ids.tokenA),
    status: 413,
  },
  {
    name: "a JPEG declaring 65535x65535",
    method: "POST",
    path: "/api/captures",
    raw: jpegBomb(65_535, 65_535),
    headers: bearer(() => ids.tokenA),
    status: 413,
  },
  { name: "a PNG declaring 0x0", method: "POST", path: "/api/captures", raw: pngBomb(0, 0), headers: bearer(() => ids.tokenA), status: 415 },
  {
    name: "an upload past the size limit",
    method: "POST",
    path: "/api/captures",
    raw: new Uint8Array(16 * 1024 * 1024).fill(1),
    headers: bearer(() => ids.tokenA),
    status: 413,
  },
  // Tokens.
  { name: "an upload without a token", method: "POST", path: "/api/captures", raw: png(), headers: { "content-type": "image/png" }, status: 401 },
  { name: "an upload with a made-up token", method: "POST", path: "/api/captures", raw: png(), headers: bearer(() => "ust_not-a-real-token"), status: 401 },
  { name: "an upload with a revoked token", method: "POST", path: "/api/captures", raw: png(), headers: bearer(() => ids.revoked), status: 401 },
  { name: "an upload with basic auth", method: "POST", path: "/api/captures", raw: png(), headers: { authorization: "Basic YWRtaW46YWRtaW4=" }, status: 401 },
  { name: "an upload with a session cookie instead of a token", as: "ADMIN", method: "POST", path: "/api/captures", raw: png(), status: 401 },
  { name: "a station token used as a session", method: "GET", path: "/api/stations", headers: () => ({ authorization: `Bearer ${ids.tokenA}` }), status: 401 },
  // Other stations' ids.
  {
    name: "a verdict on another station's unit",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/verdicts",
    body: () => verdict({ captureId: ids.captureB }),
    status: 422,
  },
  {
    name: "a prediction on another station's unit",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/predictions",
    body: () => prediction({ captureId: ids.captureB }),
    status: 422,
  },
  {
    name: "a unit that does not exist",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/verdicts",
    body: () => verdict({ captureId: crypto.randomUUID() }),
    status: 404,
  },
  { name: "revoking a token through another station", as: "ADMIN", method: "DELETE", path: () => `/api/stations/line-b/tokens/${ids.tokenIdA}`, status: 404 },
  {
    name: "deciding a promotion that does not exist",
    as: "MANAGER",
    method: "POST",
    path: () => `/api/promotions/${ids.promotion}/decision`,
    body: { decision: "approve", reason: "because" },
    status: 404,
  },
  // Who may ask at all.
  { name: "an anonymous verdict", as: null, method: "POST", path: "/api/stations/line-a/verdicts", body: () => verdict(), status: 401 },
  {
    name: "an inspector creating an account",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/users",
    body: { email: "x@y.test", name: "X", role: "ADMIN", password: "a long enough password" },
    status: 403,
  },
  { name: "a method the path does not take", as: "ADMIN", method: "DELETE", path: "/api/stations/line-a/verdicts", status: 405 },
  {
    name: "an account created with PUT",
    as: "ADMIN",
    method: "PUT",
    path: "/api/users",
    body: { email: "x@y.test", name: "X", role: "ADMIN", password: "a long enough password" },
    status: 405,
  },
  {
    name: "a cross-site verdict",
    as: "INSPECTOR",
    method: "POST",
    path: "/api/stations/line-a/verdicts",
    body: () => verdict(),
    headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    status: 403,
  },
];

describe("hostile input", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("refuses %s with a 4xx and changes nothing", async (_name, c) => {
    const before = await fingerprint();
    const headers = new Headers(typeof c.headers === "function" ? c.headers() : c.headers);
    if (c.as) headers.set("cookie", cookies[c.as]);
    const json = typeof c.body === "function" ? (c.body as () => unknown)() : c.body;
    const raw = typeof c.raw === "function" ? c.raw() : c.raw;
    if (json !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
    const target = typeof c.path === "function" ? c.path() : c.path;
    const response = await fetch(`http://localhost:3000${target}`, {
      method: c.method,
      headers,
      body: raw ?? (json === undefined ? undefined : JSON.stringify(json)),
    });
    const problem = (await response.json().catch(() => null)) as { detail?: string } | null;
    expect(response.status, problem?.detail).toBe(c.status);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(problem?.detail, "a message that says what is wrong").toMatch(/\w{3,}/);
    expect(await fingerprint()).toEqual(before);
  });

  it("answers 400 to a malformed id wherever the catalog declares one a UUID, changing nothing", async () => {
    const declared = Object.values(OPERATIONS).filter((operation) => Object.values(operation.params ?? {}).some((param) => param.format === "uuid"));
    expect(declared.map((operation) => operation.id).sort()).toEqual(["captureImage", "decidePromotion", "revokeToken"]);
    const before = await fingerprint();
    for (const operation of declared) {
      const path = operation.path.replace("{station}", "line-a").replace("{id}", encodeURIComponent("1' OR '1'='1"));
      const role = "roles" in operation.auth ? operation.auth.roles[0]! : "ADMIN";
      const response = await fetch(`http://localhost:3000${path}`, {
        method: operation.method,
        headers: { cookie: cookies[role], "content-type": "application/json" },
        body: operation.method === "GET" ? undefined : "{}",
      });
      const problem = (await response.json()) as { detail: string };
      expect(response.status, `${operation.id}: ${problem.detail}`).toBe(400);
      expect(problem.detail).toMatch(/ is not a UUID: "1' OR '1'='1"\.$/);
    }
    expect(await fingerprint()).toEqual(before);
  });

  it("refuses a decompression bomb at its header, in milliseconds and without growing the server", async () => {
    const before = process.memoryUsage().rss;
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      const response = await fetch("http://localhost:3000/api/captures", {
        method: "POST",
        headers: bearer(() => ids.tokenA)(),
        body: pngBomb(30_000, 30_000, i % 2),
      });
      expect(response.status).toBe(413);
    }
    // 20 bombs that each asked for 3.6 GB of pixels: refused before a pixel was decoded.
    expect((performance.now() - started) / 20).toBeLessThan(200);
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
  });

  it("still accepts the same requests when they are well-formed (the table tests the input, not a broken route)", async () => {
    const inspector = new Headers({ cookie: cookies.INSPECTOR, "content-type": "application/json" });
    const queued = await fetch("http://localhost:3000/api/stations/line-a/queue", { method: "POST", headers: inspector, body: JSON.stringify({ count: 1 }) });
    expect(((await queued.json()) as { units: { id: string }[] }).units.map((u) => u.id)).toEqual([ids.captureA]);
    const ok = await fetch("http://localhost:3000/api/stations/line-a/verdicts", { method: "POST", headers: inspector, body: JSON.stringify(verdict()) });
    expect(ok.status).toBe(201);
    const upload = await fetch("http://localhost:3000/api/captures?externalId=cam-1", {
      method: "POST",
      headers: { authorization: `Bearer ${ids.tokenA}` },
      body: png(),
    });
    expect(upload.status).toBe(201);
    const sqlName = await fetch("http://localhost:3000/api/users", {
      method: "POST",
      headers: { cookie: cookies.ADMIN, "content-type": "application/json" },
      body: JSON.stringify({ email: "bobby@tables.test", name: "Robert'); DROP TABLE users;--", role: "INSPECTOR", password: "a long enough password" }),
    });
    expect(sqlName.status).toBe(201);
    expect((await prisma.user.findFirstOrThrow({ where: { email: "bobby@tables.test" } })).name).toBe("Robert'); DROP TABLE users;--");
  });
});
