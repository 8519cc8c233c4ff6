import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { judgedUnit, modelVersion } from "../../test/support/evidence-factory.ts";
import { createStation } from "../stations/index.ts";
import { adjudicate } from "./adjudicate.ts";
import { disagreementsForReview, REVIEW_PAGE_SIZE, type SettledFilter } from "./disagreements.ts";
import { rowsRead } from "../../test/support/rows-read.ts";

// /review's pages read two partial indexes and a rollup rather than sorting
// every comparison: each page, and the counts, must be what one ORDER BY over
// all of comparisons gives, for every filter, across the open/settled seam.

const { prisma } = await useTestDatabase();
const stations: string[] = [];

beforeAll(async () => {
  const engineer = (await createAccount(prisma, { email: "erin@pages.local", name: "Erin", role: "ENGINEER", password: "a long password" })).id;
  const inspector = (await createAccount(prisma, { email: "ivan@pages.local", name: "Ivan", role: "INSPECTOR", password: "a long password" })).id;
  const model = (await modelVersion(prisma, "v1")).id;
  const candidate = (await modelVersion(prisma, "v2")).id;
  for (const slug of ["pages-a", "pages-b"]) stations.push((await createStation(prisma, { slug, name: slug })).id);
  const units: string[] = [];
  for (let i = 0; i < 60; i++) {
    const disagree = i % 5 !== 0;
    const { captureId } = await judgedUnit(prisma, {
      stationId: stations[i % 2]!,
      inspectorId: inspector,
      human: disagree ? "scratch" : "ok",
      model: "ok",
      defectScore: 0.1,
      // Ties on confidence (and on time) fall back to the next key.
      confidence: 0.5 + (i % 7) * 0.07,
      brightness: 0.4,
      timeToDecideMs: 1000,
      decidedAt: new Date(Date.UTC(2026, 10, 1 + (i % 4), 9)),
      level: "SHADOW",
      modelVersionId: model,
      // A candidate's disagreements are not the active model's: never listed.
      ...(i % 3 === 0 ? { candidate: { modelVersionId: candidate, decision: "dent" } } : {}),
    });
    if (disagree) units.push(captureId);
  }
  // A third of them settled, across both stations and the whole range of confidence.
  for (const captureId of units.filter((_, i) => i % 3 === 1)) await adjudicate(prisma, engineer, { captureId, truth: "scratch", note: "" });
});

/** The page and counts as one sort of every comparison gives them. */
async function reference(stationId: string | undefined, settled: SettledFilter, page: number) {
  const where = Prisma.sql`c.model_role = 'ACTIVE' AND c.human_label <> c.model_label
    ${stationId ? Prisma.sql`AND c.station_id = ${stationId}::uuid` : Prisma.empty}`;
  const filter = settled === "open" ? Prisma.sql`AND c.truth IS NULL` : settled === "settled" ? Prisma.sql`AND c.truth IS NOT NULL` : Prisma.empty;
  const rows = await prisma.$queryRaw<{ capture_id: string }[]>`
    SELECT c.capture_id FROM comparisons c WHERE ${where} ${filter}
     ORDER BY (c.truth IS NULL) DESC, c.confidence DESC, c.decided_at DESC, c.capture_id
     LIMIT ${REVIEW_PAGE_SIZE} OFFSET ${page * REVIEW_PAGE_SIZE}`;
  const [counts] = await prisma.$queryRaw<{ total: number; unsettled: number }[]>`
    SELECT count(*)::int AS total, (count(*) FILTER (WHERE c.truth IS NULL))::int AS unsettled FROM comparisons c WHERE ${where}`;
  return { ids: rows.map((r) => r.capture_id), ...counts! };
}

describe("the disagreements /review lists", () => {
  it("come page by page in one order, open before settled, with the counts of a full count, for every filter and station", async () => {
    let seams = 0;
    for (const stationId of [undefined, ...stations]) {
      for (const settled of ["all", "open", "settled"] as const) {
        for (let page = 0; page < 5; page++) {
          const listed = await disagreementsForReview(prisma, { stationId, settled, page });
          const expected = await reference(stationId, settled, page);
          expect({ ids: listed.items.map((item) => item.captureId), total: listed.total, unsettled: listed.unsettled }).toEqual(expected);
          if (settled === "all" && listed.items.some((item) => item.truth === null) && listed.items.some((item) => item.truth !== null)) seams++;
        }
      }
    }
    // Pages that hold both the last open units and the first settled ones were among those checked.
    expect(seams).toBeGreaterThanOrEqual(2);
    expect((await disagreementsForReview(prisma)).total).toBe(48);
  });

  it("reads a page's rows of comparisons, not every disagreement", async () => {
    const total = (await reference(undefined, "all", 0)).total;
    const read = await prisma.$transaction(async (tx) => {
      // As on a large table, where the planner never scans it whole for twelve rows.
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      const before = await rowsRead(tx, "comparisons");
      const page = await disagreementsForReview(tx, { page: 1 });
      expect(page.items).toHaveLength(REVIEW_PAGE_SIZE);
      return (await rowsRead(tx, "comparisons")) - before;
    });
    // Each list walks its index to the end of page 2 at most: never the 48 disagreements and their sort.
    expect(read).toBeLessThanOrEqual(4 * REVIEW_PAGE_SIZE);
    expect(read).toBeLessThan(total);
  });

  it("give each unit's photo size, so the heatmap is drawn over the photo at its own proportions", async () => {
    const { items } = await disagreementsForReview(prisma);
    const [item] = items;
    const capture = await prisma.capture.findUniqueOrThrow({ where: { id: item!.captureId }, select: { width: true, height: true } });
    expect(item).toMatchObject({ width: capture.width, height: capture.height });
    expect(capture.width).toBeGreaterThan(0);
  });
});
