import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { requestAs, sessionCookieFor } from "../../test/support/sign-in.ts";
import { useAppDatabase } from "../../test/support/test-database.ts";

// Who may do what, and where cameras may post from, is history too: account,
// station, camera-token and password changes are in the audit trail.

const { prisma } = await useAppDatabase();
const users = await import("../../app/api/users/route.ts");
const stations = await import("../../app/api/stations/route.ts");
const tokens = await import("../../app/api/stations/[station]/tokens/route.ts");
const token = await import("../../app/api/stations/[station]/tokens/[id]/route.ts");
const authRoute = await import("../../app/api/auth/[...all]/route.ts");

let admin = "";
let adminCookie = "";
const post = (cookie: string, body: unknown, method = "POST") => requestAs(cookie, "/api", { method, body: JSON.stringify(body) });
const events = (action: string) => prisma.auditEvent.findMany({ where: { action }, orderBy: { id: "asc" } });

beforeAll(async () => {
  admin = (await createAccount(prisma, { email: "ada@audit.local", name: "Ada", role: "ADMIN", password: "a long password" })).id;
  adminCookie = await sessionCookieFor("ada@audit.local", "a long password");
});

describe("admin changes in the audit trail", () => {
  it("records an account created through the API, with its role and who made it", async () => {
    const response = await users.POST(post(adminCookie, { email: "Max@Audit.local", name: "Max", role: "ADMIN", password: "another long one" }), {});
    expect(response.status).toBe(201);
    const [event] = await events("ACCOUNT_CREATED");
    expect(event).toMatchObject({
      stationId: null,
      actorKind: "USER",
      actorId: admin,
      reason: "admin account for max@audit.local",
      evidence: { email: "max@audit.local", role: "ADMIN" },
    });
    // A refused creation leaves no event.
    expect((await users.POST(post(adminCookie, { email: "max@audit.local", name: "Max", role: "ADMIN", password: "another long one" }), {})).status).toBe(409);
    expect(await events("ACCOUNT_CREATED")).toHaveLength(1);
  });

  it("records a station created with its defect classes, and a camera token created and revoked", async () => {
    expect((await stations.POST(post(adminCookie, { slug: "line-9", name: "Line 9", defectClasses: [{ key: "oil", label: "Oil" }] }), {})).status).toBe(201);
    const station = await prisma.station.findUniqueOrThrow({ where: { slug: "line-9" } });
    expect(await events("STATION_CREATED")).toMatchObject([{ stationId: station.id, actorId: admin, evidence: { slug: "line-9", defectClasses: ["oil"] } }]);

    const params = { params: Promise.resolve({ station: "line-9" }) };
    const created = await tokens.POST(post(adminCookie, { name: "camera 1" }), params);
    const { id } = (await created.json()) as { id: string };
    expect(await events("TOKEN_CREATED")).toMatchObject([{ stationId: station.id, actorId: admin, evidence: { tokenId: id, name: "camera 1" } }]);
    const revoked = await token.DELETE(requestAs(adminCookie, "/api", { method: "DELETE" }), { params: Promise.resolve({ station: "line-9", id }) });
    expect(revoked.status).toBe(204);
    // Revoking twice keeps the first time, and one event.
    await token.DELETE(requestAs(adminCookie, "/api", { method: "DELETE" }), { params: Promise.resolve({ station: "line-9", id }) });
    expect(await events("TOKEN_REVOKED")).toMatchObject([{ stationId: station.id, actorId: admin, evidence: { tokenId: id } }]);
  });

  it("records a password changed through better-auth's endpoint, never the password itself", async () => {
    const cookie = await sessionCookieFor("ada@audit.local", "a long password");
    const changed = await authRoute.POST(
      requestAs(cookie, "/api/auth/change-password", {
        method: "POST",
        headers: { origin: "http://localhost:3000" },
        body: JSON.stringify({ currentPassword: "a long password", newPassword: "a brand new long password" }),
      }),
    );
    expect(changed.status).toBe(200);
    const [event] = await events("PASSWORD_CHANGED");
    expect(event).toMatchObject({ stationId: null, actorId: admin, evidence: { userId: admin } });
    expect(JSON.stringify(event?.evidence)).not.toContain("brand new");
    // A wrong current password changes nothing and records nothing.
    const refused = await authRoute.POST(
      requestAs(cookie, "/api/auth/change-password", {
        method: "POST",
        headers: { origin: "http://localhost:3000" },
        body: JSON.stringify({ currentPassword: "not it at all", newPassword: "yet another long password" }),
      }),
    );
    expect(refused.ok).toBe(false);
    expect(await events("PASSWORD_CHANGED")).toHaveLength(1);
  });
});
