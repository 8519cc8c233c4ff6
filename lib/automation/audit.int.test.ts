import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { createStation } from "../stations/index.ts";
import { auditEvents } from "./audit.ts";

const { prisma } = await useTestDatabase();

describe("the audit trail", () => {
  it("is in time order, newest first, even where events were written out of order (seeded history, checks in arrears), and pages by time", async () => {
    const { id: stationId } = await createStation(prisma, { slug: "trail", name: "Trail" });
    const day = (d: number) => new Date(Date.UTC(2026, 10, d, 8));
    // Written today's first, then the history before it: ids no longer follow time.
    for (const [action, at] of [
      ["TODAY", day(30)],
      ["HISTORY_1", day(16)],
      ["HISTORY_3", day(22)],
      ["HISTORY_2", day(19)],
      ["ALSO_TODAY", day(30)],
    ] as const) {
      await prisma.auditEvent.create({ data: { stationId, actorKind: "SYSTEM", action, reason: action, createdAt: at } });
    }
    const all = await auditEvents(prisma, { station: "trail" });
    expect(all.map((e) => e.action)).toEqual(["ALSO_TODAY", "TODAY", "HISTORY_3", "HISTORY_2", "HISTORY_1"]);
    const first = await auditEvents(prisma, { station: "trail" }, 2);
    expect(first.map((e) => e.action)).toEqual(["ALSO_TODAY", "TODAY"]);
    const second = await auditEvents(prisma, { station: "trail", before: first.at(-1)?.cursor }, 2);
    expect(second.map((e) => e.action)).toEqual(["HISTORY_3", "HISTORY_2"]);
    const third = await auditEvents(prisma, { station: "trail", before: second.at(-1)?.cursor }, 2);
    expect(third.map((e) => e.action)).toEqual(["HISTORY_1"]);
  });
});
