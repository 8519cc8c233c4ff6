import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { requestAs, sessionCookieFor } from "../../test/support/sign-in.ts";
import { useAppDatabase } from "../../test/support/test-database.ts";
import { createStation } from "../stations/index.ts";
import { createStationToken } from "../tokens/index.ts";
import { escapeRates } from "./escapes.ts";

const { prisma } = await useAppDatabase();
const route = await import("../../app/api/stations/[station]/escapes/route.ts");

const ids: Record<string, string> = {};
const cookies = { engineer: "", inspector: "" };
const tokens = { own: "", other: "" };
const params = { params: Promise.resolve({ station: "esc-line" }) };
const FOUND_AT = new Date(Date.now() - 3_600_000).toISOString();
let n = 0;

/** A unit of the station, decided by `source` with `label` (or left undecided). */
async function unit(decision: { source: "MODEL" | "INSPECTOR"; label: string; suggestionShown?: boolean } | null, externalId?: string): Promise<string> {
  const at = new Date(Date.now() - 86_400_000);
  const capture = await prisma.capture.create({
    data: {
      stationId: ids.station!,
      externalId,
      capturedAt: at,
      storageKey: `e/${n}.png`,
      contentHash: `e${n}`,
      mimeType: "image/png",
      width: 64,
      height: 64,
      decidedAt: decision ? at : null,
    },
  });
  if (decision) {
    await prisma.verdict.create({
      data: {
        captureId: capture.id,
        stationId: ids.station!,
        inspectorId: decision.source === "MODEL" ? null : ids.inspector!,
        source: decision.source,
        label: decision.label,
        level: decision.source === "MODEL" ? "PARTIAL" : "AI_ASSIST",
        suggestionShown: decision.suggestionShown ?? false,
        decidedAt: at,
        idempotencyKey: `esc-v-${n}`,
      },
    });
  }
  n++;
  return capture.id;
}

const post = (auth: { cookie?: string; token?: string }, body: Record<string, unknown>) => {
  const request = requestAs(auth.cookie ?? null, "/api/stations/esc-line/escapes", {
    method: "POST",
    body: JSON.stringify(body),
    headers: auth.token ? { authorization: `Bearer ${auth.token}` } : {},
  });
  return route.POST(request, params);
};
const finding = (unitId: string, found: string, key: string) => ({ unit: unitId, found, foundAt: FOUND_AT, where: "end-of-line test", idempotencyKey: key });

beforeAll(async () => {
  ids.station = (await createStation(prisma, { slug: "esc-line", name: "Escape line" })).id;
  const other = await createStation(prisma, { slug: "esc-other", name: "Other line" });
  ids.inspector = (await createAccount(prisma, { email: "i@t.local", name: "Ida", role: "INSPECTOR", password: "a long password" })).id;
  await createAccount(prisma, { email: "e@t.local", name: "Eve", role: "ENGINEER", password: "a long password" });
  cookies.engineer = await sessionCookieFor("e@t.local", "a long password");
  cookies.inspector = await sessionCookieFor("i@t.local", "a long password");
  tokens.own = (await createStationToken(prisma, ids.station, "end-of-line rig", null)).token;
  tokens.other = (await createStationToken(prisma, other.id, "their rig", null)).token;
  ids.modelPassed = await unit({ source: "MODEL", label: "ok" }, "rig-0001");
  ids.modelPassedToo = await unit({ source: "MODEL", label: "ok" });
  ids.inspectorPassed = await unit({ source: "INSPECTOR", label: "ok" });
  ids.assistedRejected = await unit({ source: "INSPECTOR", label: "scratch", suggestionShown: true });
  ids.undecided = await unit(null);
});

describe("escapes found downstream", () => {
  it("takes a rig's finding with the station's token, or a person's, and attributes it to who decided the unit", async () => {
    const byRig = await post(
      { token: tokens.own },
      { externalId: "rig-0001", found: "scratch", foundAt: FOUND_AT, where: "end-of-line test", idempotencyKey: "rig-finding-1" },
    );
    expect(byRig.status).toBe(201);
    expect(((await byRig.json()) as { escape: unknown }).escape).toMatchObject({
      captureId: ids.modelPassed,
      decision: "ok",
      decider: "MODEL",
      found: "scratch",
      isEscape: true,
    });
    // The same finding again is the one stored.
    const again = await post(
      { token: tokens.own },
      { externalId: "rig-0001", found: "scratch", foundAt: FOUND_AT, where: "end-of-line test", idempotencyKey: "rig-finding-1" },
    );
    expect([again.status, ((await again.json()) as { replayed: boolean }).replayed]).toEqual([200, true]);
    const byPerson = await post({ cookie: cookies.engineer }, { ...finding(ids.inspectorPassed!, "dent", "return-1"), where: "customer return" });
    expect(((await byPerson.json()) as { escape: unknown }).escape).toMatchObject({ decider: "INSPECTOR", isEscape: true });
    const good = await post({ cookie: cookies.engineer }, finding(ids.assistedRejected!, "ok", "retest-1"));
    expect(((await good.json()) as { escape: unknown }).escape).toMatchObject({ decider: "ASSISTED", decision: "scratch", found: "ok", isEscape: true });
    expect(await prisma.escape.count()).toBe(3);
  });

  it("refuses what it cannot attribute, and anyone it should not hear", async () => {
    expect((await post({}, finding(ids.modelPassedToo!, "scratch", "k-anon-1"))).status).toBe(401);
    expect((await post({ cookie: cookies.inspector }, finding(ids.modelPassedToo!, "scratch", "k-insp-1"))).status).toBe(403);
    expect((await post({ token: tokens.other }, finding(ids.modelPassedToo!, "scratch", "k-other-1"))).status).toBe(403);
    expect((await post({ token: tokens.own }, finding(ids.undecided!, "scratch", "k-undecided"))).status).toBe(409);
    expect((await post({ token: tokens.own }, finding(ids.modelPassedToo!, "oil", "k-oil-0001"))).status).toBe(422);
    expect((await post({ token: tokens.own }, finding("00000000-0000-4000-8000-000000000000", "scratch", "k-nowhere"))).status).toBe(404);
    expect((await post({ token: tokens.own }, { found: "scratch", foundAt: FOUND_AT, where: "end-of-line test", idempotencyKey: "k-no-unit" })).status).toBe(
      422,
    );
    expect(await prisma.escape.count()).toBe(3);
  });

  it("counts escapes per decider over the units each decided, with intervals", async () => {
    const rates = Object.fromEntries((await escapeRates(prisma, ids.station!)).map((rate) => [rate.decider, rate]));
    expect([rates.MODEL!.units, rates.MODEL!.escapedDefects.successes, rates.MODEL!.escapedDefects.n]).toEqual([2, 1, 2]);
    expect([rates.INSPECTOR!.units, rates.INSPECTOR!.escapedDefects.successes, rates.INSPECTOR!.escapedDefects.n]).toEqual([1, 1, 1]);
    expect([rates.ASSISTED!.units, rates.ASSISTED!.rejectedGood.successes, rates.ASSISTED!.rejectedGood.n, rates.ASSISTED!.escapedDefects.n]).toEqual([
      1, 1, 1, 0,
    ]);
    expect(rates.MODEL!.escapedDefects.low).toBeGreaterThan(0);
    expect(rates.MODEL!.escapedDefects.high).toBeLessThan(1);
  });
});

const importRoute = await import("../../app/api/stations/[station]/escapes/import/route.ts");
const importCsv = (auth: { cookie?: string; token?: string }, csv: string, type = "text/csv") => {
  const request = requestAs(auth.cookie ?? null, "/api/stations/esc-line/escapes/import", {
    method: "POST",
    body: csv,
    headers: { "content-type": type, ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}) },
  });
  return importRoute.POST(request, params);
};

describe("importing escapes from a CSV file", () => {
  it("imports a file whole, attributed like single findings, in the trail; the same file again stores nothing new", async () => {
    const passed = await unit({ source: "MODEL", label: "ok" });
    await unit({ source: "INSPECTOR", label: "ok" }, "rig-0002");
    const rejected = await unit({ source: "INSPECTOR", label: "scratch" });
    const before = await prisma.escape.count();
    const csv = [
      "unit,external_id,found,found_at,where,note,key",
      `${passed},,scratch,${FOUND_AT},end-of-line test,"leak test failed, bay 3",`,
      `,rig-0002,ok,${FOUND_AT},customer return,,`,
      `${rejected},,ok,${FOUND_AT},other,retested good,own-key-0001`,
    ].join("\r\n");
    const response = await importCsv({ cookie: cookies.engineer }, csv);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true, rows: 3, imported: 3, replayed: 0, escapesByDecider: { MODEL: 1, INSPECTOR: 1, ASSISTED: 0 } });
    expect(await prisma.escape.count()).toBe(before + 3);
    expect(await prisma.escape.findFirstOrThrow({ where: { captureId: passed } })).toMatchObject({
      found: "scratch",
      foundWhere: "end-of-line test",
      note: "leak test failed, bay 3",
    });
    expect(await prisma.escape.findUniqueOrThrow({ where: { idempotencyKey: "own-key-0001" } })).toMatchObject({ captureId: rejected });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { stationId: ids.station!, action: "ESCAPES_IMPORTED" } });
    expect(event).toMatchObject({ actorKind: "USER", reason: "3 findings imported from a file of 3 rows" });

    const again = await importCsv({ cookie: cookies.engineer }, csv);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ rows: 3, imported: 0, replayed: 3 });
    expect(await prisma.escape.count()).toBe(before + 3);
    expect(await prisma.auditEvent.count({ where: { action: "ESCAPES_IMPORTED" } })).toBe(1);
  });

  it("refuses a file with any bad row, reporting each by line, and changes nothing", async () => {
    const good = await unit({ source: "MODEL", label: "ok" });
    const undecided = await unit(null);
    const before = await prisma.escape.count();
    const csv = [
      "unit,found,found_at,where",
      `00000000-0000-4000-8000-000000000000,scratch,${FOUND_AT},end-of-line test`,
      `${undecided},scratch,${FOUND_AT},end-of-line test`,
      `${good},oil,${FOUND_AT},end-of-line test`,
      `${good},scratch,yesterday,end-of-line test`,
      `${good},scratch,${FOUND_AT},the moon`,
      `${good},scratch,${FOUND_AT},end-of-line test`,
      `${good},scratch,${FOUND_AT},end-of-line test`,
    ].join("\n");
    const response = await importCsv({ token: tokens.own }, csv);
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { detail: string; problems: { line: number; message: string }[] };
    expect(problem.problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 8]);
    expect(problem.problems[0]!.message).toMatch(/no unit 00000000-0000-4000-8000-000000000000 at this station/);
    expect(problem.problems[1]!.message).toMatch(/not decided this unit yet/);
    expect(problem.problems[2]!.message).toMatch(/"oil" is neither "ok" nor a defect class/);
    expect(problem.problems[3]!.message).toMatch(/^foundAt: /);
    expect(problem.problems[4]!.message).toMatch(/^where: /);
    expect(problem.problems[5]!.message).toBe("the same finding as line 7");
    expect(problem.detail).toMatch(/^Nothing was imported\. line 2: .*; and 1 more\.$/);
    // Line 7 was good, and still nothing was stored.
    expect(await prisma.escape.count()).toBe(before);

    const header = await importCsv({ token: tokens.own }, "unit,found,when\n");
    expect(header.status).toBe(422);
    expect(((await header.json()) as { problems: { line: number; message: string }[] }).problems).toEqual([
      { line: 1, message: 'unknown column "when"' },
      { line: 1, message: "missing columns found_at, where" },
    ]);
  });

  it("takes the station's own token, and refuses other stations' tokens, inspectors and other media types", async () => {
    const passed = await unit({ source: "MODEL", label: "ok" });
    const csv = `unit,found,found_at,where\n${passed},dent,${FOUND_AT},end-of-line test\n`;
    expect((await importCsv({ token: tokens.other }, csv)).status).toBe(403);
    expect((await importCsv({ cookie: cookies.inspector }, csv)).status).toBe(403);
    expect((await importCsv({}, csv)).status).toBe(401);
    expect((await importCsv({ token: tokens.own }, csv, "application/json")).status).toBe(415);
    const byRig = await importCsv({ token: tokens.own }, csv);
    expect(byRig.status).toBe(201);
    const stored = await prisma.escape.findFirstOrThrow({ where: { captureId: passed } });
    expect(stored.reportedByTokenId).not.toBeNull();
    expect(stored.reportedById).toBeNull();
  });
});
