import { describe, expect, it } from "vitest";
import { auditEvents } from "../automation/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { stationForInspection } from "./station-for-inspection.ts";
import { createStation, listStations } from "./stations.ts";
import { setStationTimeZone } from "./time-zone.ts";

const { prisma } = await useTestDatabase();
const admin = { id: "admin-1", role: "ADMIN" };

describe("a station's time zone", () => {
  it("is UTC unless given, and a new station may name its own", async () => {
    await createStation(prisma, { slug: "tz-default", name: "Default" });
    await createStation(prisma, { slug: "tz-shenzhen", name: "Shenzhen", timeZone: "asia/shanghai" });
    const zones = Object.fromEntries((await listStations(prisma)).map((s) => [s.slug, s.timeZone]));
    expect(zones).toMatchObject({ "tz-default": "UTC", "tz-shenzhen": "Asia/Shanghai" });
    expect((await stationForInspection(prisma, "tz-shenzhen"))?.timeZone).toBe("Asia/Shanghai");
    await expect(createStation(prisma, { slug: "tz-mars", name: "Mars", timeZone: "Mars/Olympus_Mons" })).rejects.toThrow(/not a time zone this server knows/);
  });

  it("is set by an admin only, audited with the zone it replaces, and shown with the station's moments", async () => {
    await prisma.user.create({ data: { id: admin.id, email: "a@t.local", name: "Ada", role: "ADMIN" } });
    expect(await setStationTimeZone(prisma, "tz-default", { id: "m", role: "MANAGER" }, "Europe/Berlin", "the line is in Berlin")).toMatchObject({
      ok: false,
      reason: "role",
    });
    expect(await setStationTimeZone(prisma, "nowhere", admin, "Europe/Berlin", "the line is in Berlin")).toMatchObject({ ok: false, reason: "station" });
    expect(await setStationTimeZone(prisma, "tz-default", admin, "europe/berlin", "the line is in Berlin")).toEqual({ ok: true, timeZone: "Europe/Berlin" });
    // The same zone again changes nothing and writes nothing.
    expect(await setStationTimeZone(prisma, "tz-default", admin, "Europe/Berlin", "again")).toEqual({ ok: true, timeZone: "Europe/Berlin" });
    const events = await auditEvents(prisma, { action: "STATION_TIME_ZONE_SET" });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      station: "Default",
      timeZone: "Europe/Berlin",
      reason: "the line is in Berlin",
      evidence: { timeZone: "Europe/Berlin", previous: "UTC" },
    });
    await expect(setStationTimeZone(prisma, "tz-default", admin, "Atlantis/Capital", "why not")).rejects.toThrow(/not a time zone/);
  });
});
