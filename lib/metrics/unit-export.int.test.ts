import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { requestAs, sessionCookieFor } from "../../test/support/sign-in.ts";
import { useAppDatabase } from "../../test/support/test-database.ts";
import { createStation } from "../stations/index.ts";
import { resolveEvidenceFilter } from "./evidence-filter.ts";
import { judgedUnit, judgedUnitsInBulk, modelVersion } from "../../test/support/evidence-factory.ts";
import { UNIT_EXPORT_COLUMNS, unitExportCsv, unitExportTotal } from "./unit-export.ts";

const { prisma } = await useAppDatabase();
const route = await import("../../app/api/evidence/units/route.ts");

const NOW = new Date("2026-11-10T12:00:00Z");
const DAY1 = new Date("2026-11-01T10:00:00Z");
const DAY2 = new Date("2026-11-02T10:00:00Z");
const cookies: Record<"engineer" | "inspector", string> = { engineer: "", inspector: "" };

async function collect(pieces: AsyncGenerator<string>): Promise<{ pieces: number; lines: string[] }> {
  let count = 0;
  let text = "";
  for await (const piece of pieces) {
    count++;
    text += piece;
  }
  return { pieces: count, lines: text.split("\r\n").slice(0, -1) };
}

beforeAll(async () => {
  const a = await createStation(prisma, { slug: "a-line", name: "A line" });
  const b = await createStation(prisma, { slug: "b-line", name: "B line" });
  const inspector = await createAccount(prisma, { email: "i@t.local", name: "Ida", role: "INSPECTOR", password: "a long password" });
  await createAccount(prisma, { email: "e@t.local", name: "Eve", role: "ENGINEER", password: "a long password" });
  cookies.engineer = await sessionCookieFor("e@t.local", "a long password");
  cookies.inspector = await sessionCookieFor("i@t.local", "a long password");
  const m1 = await modelVersion(prisma, "m1");
  const m2 = await modelVersion(prisma, "m2");
  await prisma.stationAutomation.updateMany({ where: { stationId: { in: [a.id, b.id] } }, data: { activeModelId: m1.id, candidateModelId: m2.id } });
  // 12 units decided in the same millisecond on day 1 (the keyset must not lose or repeat any across pages), 5 on day 2, 3 at station B.
  await judgedUnitsInBulk(prisma, {
    stationId: a.id,
    modelVersionId: m1.id,
    inspectorId: inspector.id,
    level: "SHADOW",
    decidedAt: DAY1,
    human: "ok",
    model: "ok",
    defectScore: 0.02,
    count: 12,
  });
  await judgedUnitsInBulk(prisma, {
    stationId: a.id,
    modelVersionId: m1.id,
    inspectorId: inspector.id,
    level: "SHADOW",
    decidedAt: DAY2,
    human: "scratch",
    model: "ok",
    defectScore: 0.3,
    count: 5,
  });
  await judgedUnitsInBulk(prisma, {
    stationId: b.id,
    modelVersionId: m1.id,
    inspectorId: inspector.id,
    level: "SHADOW",
    decidedAt: DAY1,
    human: "ok",
    model: "ok",
    defectScore: 0.01,
    count: 3,
  });
  // A candidate's prediction beside the active one: not a second row unless its version is asked for.
  await judgedUnit(prisma, {
    stationId: a.id,
    inspectorId: inspector.id,
    human: "crack",
    model: "crack",
    defectScore: 0.97,
    confidence: 0.9,
    brightness: 0.3,
    timeToDecideMs: 1500,
    decidedAt: DAY2,
    level: "SHADOW",
    modelVersionId: m1.id,
    candidate: { modelVersionId: m2.id, decision: "ok" },
  });
});

describe("the compared units' CSV export", () => {
  it("streams exactly the dashboard's units a page at a time, oldest first, none lost or repeated across pages", async () => {
    const filter = await resolveEvidenceFilter(prisma, { station: "a-line", from: "2026-11-01", to: "2026-11-05" }, NOW);
    expect(await unitExportTotal(prisma, filter)).toBe(18);
    const { pieces, lines } = await collect(unitExportCsv(prisma, filter, 5));
    expect(lines[0]).toBe(UNIT_EXPORT_COLUMNS.join(","));
    const rows = lines.slice(1).map((line) => line.split(","));
    expect(rows).toHaveLength(18);
    // The header, then 18 rows in pages of 5: 4 pages.
    expect(pieces).toBe(1 + 4);
    expect(new Set(rows.map((r) => r[2])).size).toBe(18);
    const at = (name: (typeof UNIT_EXPORT_COLUMNS)[number]) => UNIT_EXPORT_COLUMNS.indexOf(name);
    expect(rows.map((r) => r[at("decided_at")])).toEqual([...rows.map((r) => r[at("decided_at")]!)].sort());
    expect(rows.every((r) => r[at("station")] === "a-line" && r[at("model_version")] === "m1" && r[at("model_role")] === "ACTIVE")).toBe(true);
    expect(rows.filter((r) => r[at("human_label")] === "scratch" && r[at("model_label")] === "ok")).toHaveLength(5);
    expect(rows[0]![at("decided_at")]).toBe(DAY1.toISOString());
  });

  it("takes the dashboard's filters: the days, the model version, every station", async () => {
    const day2 = await resolveEvidenceFilter(prisma, { station: "a-line", from: "2026-11-02", to: "2026-11-02" }, NOW);
    expect((await collect(unitExportCsv(prisma, day2))).lines).toHaveLength(1 + 6);
    const candidate = await resolveEvidenceFilter(prisma, { model: "m2", from: "2026-11-01", to: "2026-11-05" }, NOW);
    const candidateRows = (await collect(unitExportCsv(prisma, candidate))).lines.slice(1);
    expect(candidateRows).toHaveLength(1);
    expect(candidateRows[0]).toContain(",m2,CANDIDATE,");
    const everywhere = await resolveEvidenceFilter(prisma, { from: "2026-11-01", to: "2026-11-05" }, NOW);
    expect(await unitExportTotal(prisma, everywhere)).toBe(21);
    expect((await collect(unitExportCsv(prisma, everywhere))).lines).toHaveLength(1 + 21);
  });

  it("answers CSV with the total first, to the dashboard's roles only, and refuses a malformed query", async () => {
    const get = (who: string | null, query: string) => route.GET(requestAs(who, `/api/evidence/units?${query}`, { method: "GET" }), {});
    expect((await get(null, "station=a-line")).status).toBe(401);
    expect((await get(cookies.inspector, "station=a-line")).status).toBe(403);
    expect((await get(cookies.engineer, "station=a-line&from=yesterday")).status).toBe(422);
    expect((await get(cookies.engineer, "station=a-line&colour=red")).status).toBe(422);
    expect((await get(cookies.engineer, "station=nowhere")).status).toBe(404);
    const response = await get(cookies.engineer, "station=a-line&from=2026-11-01&to=2026-11-05");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("x-total-rows")).toBe("18");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="units-a-line-2026-11-01-to-2026-11-05.csv"');
    expect((await response.text()).split("\r\n")).toHaveLength(1 + 18 + 1);
  });
});
