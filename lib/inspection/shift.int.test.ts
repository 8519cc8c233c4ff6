import { describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { createStation } from "../stations/index.ts";
import { judgedThisShift } from "./shift.ts";

const { prisma } = await useTestDatabase();

describe("judgedThisShift", () => {
  it("counts the inspector's own verdicts at the station since the shift began and before the page asked", async () => {
    const station = await createStation(prisma, { slug: "shift-line", name: "Shift line", timeZone: "Europe/Berlin" });
    const other = await createStation(prisma, { slug: "other-line", name: "Other line" });
    const ida = await createAccount(prisma, { email: "ida@t.local", name: "Ida", role: "INSPECTOR", password: "a long password" });
    const ivo = await createAccount(prisma, { email: "ivo@t.local", name: "Ivo", role: "INSPECTOR", password: "a long password" });
    // Berlin is UTC+1 in December: the 14:00 shift began at 13:00Z.
    const now = new Date("2026-12-02T15:00:00Z");
    let n = 0;
    const verdict = async (stationId: string, inspectorId: string | null, at: string, source: "INSPECTOR" | "MODEL" = "INSPECTOR") => {
      const capture = await prisma.capture.create({
        data: { stationId, capturedAt: new Date(at), storageKey: `s/${n}.png`, contentHash: `s${n}`, mimeType: "image/png", width: 64, height: 64 },
      });
      await prisma.verdict.create({
        data: { captureId: capture.id, stationId, inspectorId, source, label: "ok", level: "SHADOW", decidedAt: new Date(at), idempotencyKey: `shift-${n++}` },
      });
    };
    await verdict(station.id, ida.id, "2026-12-02T12:59:00Z"); // the shift before
    await verdict(station.id, ida.id, "2026-12-02T13:00:00Z"); // the shift's first minute
    await verdict(station.id, ida.id, "2026-12-02T14:10:00Z");
    await verdict(station.id, ida.id, "2026-12-02T14:40:00Z"); // after the page opened: the page counts it
    await verdict(station.id, ivo.id, "2026-12-02T14:00:00Z"); // someone else's
    await verdict(other.id, ida.id, "2026-12-02T14:00:00Z"); // another station
    await verdict(station.id, null, "2026-12-02T14:00:00Z", "MODEL"); // the model's
    const counted = await judgedThisShift(prisma, {
      stationId: station.id,
      inspectorId: ida.id,
      timeZone: "Europe/Berlin",
      asOf: new Date("2026-12-02T14:30:00Z"),
      now,
    });
    expect(counted).toEqual({ since: new Date("2026-12-02T13:00:00Z"), judged: 2 });
    // A page that says it asked in the future is held to now.
    expect(
      (await judgedThisShift(prisma, { stationId: station.id, inspectorId: ida.id, timeZone: "Europe/Berlin", asOf: new Date("2027-01-01T00:00:00Z"), now }))
        .judged,
    ).toBe(3);
  });
});
