import { beforeAll, describe, expect, it } from "vitest";
import { useAppDatabase } from "../../test/support/test-database.ts";
import { createAccount } from "./accounts.ts";
import { requestAs, sessionCookieFor } from "../../test/support/sign-in.ts";

// An account's life through the API an admin's page uses: each change felt
// at once by the person, each audited, none that leaves the line without an admin.

const { prisma } = await useAppDatabase();
const status = await import("../../app/api/users/[id]/status/route.ts");
const role = await import("../../app/api/users/[id]/role/route.ts");
const reset = await import("../../app/api/users/[id]/password-reset/route.ts");
const authRoute = await import("../../app/api/auth/[...all]/route.ts");
const stations = await import("../../app/api/stations/route.ts");

const PASSWORD = "the first long password";
const ORIGIN = { origin: "http://localhost:3000" };
const ids: Record<string, string> = {};
let adminCookie = "";

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const put = (handler: typeof status.PUT, cookie: string, id: string, body: unknown) =>
  handler(requestAs(cookie, `/api/users/${id}`, { method: "PUT", headers: ORIGIN, body: JSON.stringify(body) }), params(id));
const stationsAs = async (cookie: string) => stations.GET(requestAs(cookie, "/api/stations"), {});
const canSignIn = (email: string, password: string) =>
  sessionCookieFor(email, password).then(
    () => true,
    () => false,
  );
const lastEvent = (action: string) => prisma.auditEvent.findFirstOrThrow({ where: { action }, orderBy: { id: "desc" } });

beforeAll(async () => {
  for (const [name, accountRole] of [
    ["ada", "ADMIN"],
    ["abe", "ADMIN"],
    ["ines", "INSPECTOR"],
    ["ivo", "INSPECTOR"],
    ["emil", "ENGINEER"],
  ] as const) {
    ids[name] = (await createAccount(prisma, { email: `${name}@life.local`, name, role: accountRole, password: PASSWORD })).id;
  }
  adminCookie = await sessionCookieFor("ada@life.local", PASSWORD);
});

describe("an account's life, managed by an admin", () => {
  it("disables an account: signed out everywhere at once, refused at sign-in; enabled, it signs in again", async () => {
    const phone = await sessionCookieFor("ines@life.local", PASSWORD);
    const tablet = await sessionCookieFor("ines@life.local", PASSWORD);
    expect((await stationsAs(phone)).status).toBe(200);

    const disabled = await put(status.PUT, adminCookie, ids.ines!, { disabled: true, reason: "left for another plant" });
    expect([disabled.status, await disabled.json()]).toEqual([200, { id: ids.ines, disabled: true }]);
    expect((await stationsAs(phone)).status).toBe(401);
    expect((await stationsAs(tablet)).status).toBe(401);
    expect(await canSignIn("ines@life.local", PASSWORD)).toBe(false);
    expect(await lastEvent("ACCOUNT_DISABLED")).toMatchObject({
      actorId: ids.ada,
      reason: "left for another plant",
      evidence: { userId: ids.ines, sessionsRevoked: 2 },
    });

    const enabled = await put(status.PUT, adminCookie, ids.ines!, { disabled: false, reason: "came back" });
    expect(await enabled.json()).toEqual({ id: ids.ines, disabled: false });
    expect(await canSignIn("ines@life.local", PASSWORD)).toBe(true);
    expect(await lastEvent("ACCOUNT_ENABLED")).toMatchObject({ actorId: ids.ada, reason: "came back" });
  });

  it("changes a role: the person is signed out and comes back with the new one", async () => {
    const before = await sessionCookieFor("emil@life.local", PASSWORD);
    const changed = await put(role.PUT, adminCookie, ids.emil!, { role: "MANAGER", reason: "runs line 2 now" });
    expect(await changed.json()).toEqual({ id: ids.emil, role: "MANAGER" });
    expect((await stationsAs(before)).status).toBe(401);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: ids.emil } })).role).toBe("MANAGER");
    expect(await lastEvent("ACCOUNT_ROLE_CHANGED")).toMatchObject({ evidence: { fromRole: "ENGINEER", toRole: "MANAGER", sessionsRevoked: 1 } });
  });

  it("resets a password to a one-time one: the old one is dead, and with the new one only a password change is possible", async () => {
    const answered = await reset.POST(
      requestAs(adminCookie, `/api/users/${ids.ivo}/password-reset`, { method: "POST", headers: ORIGIN, body: JSON.stringify({ reason: "forgot it" }) }),
      params(ids.ivo!),
    );
    expect(answered.status).toBe(201);
    expect(answered.headers.get("cache-control")).toBe("no-store");
    const { oneTimePassword, expiresAt } = (await answered.json()) as { oneTimePassword: string; expiresAt: string };
    expect(oneTimePassword).toMatch(/^[2-9a-z]{6}(-[2-9a-z]{6}){3}$/);
    // It signs in for 72 hours from the reset.
    expect(Math.abs(Date.parse(expiresAt) - Date.now() - 72 * 3_600_000)).toBeLessThan(60_000);
    expect(await canSignIn("ivo@life.local", PASSWORD)).toBe(false);
    const event = await lastEvent("ACCOUNT_PASSWORD_RESET");
    expect(JSON.stringify([event.reason, event.evidence])).not.toContain(oneTimePassword);

    const cookie = await sessionCookieFor("ivo@life.local", oneTimePassword);
    const blocked = await stationsAs(cookie);
    expect(blocked.status).toBe(403);
    expect(((await blocked.json()) as { detail: string }).detail).toMatch(/one-time password: choose a new one at \/account/);

    const changed = await authRoute.POST(
      requestAs(cookie, "/api/auth/change-password", {
        method: "POST",
        headers: ORIGIN,
        body: JSON.stringify({ currentPassword: oneTimePassword, newPassword: "ivo's very own password" }),
      }),
    );
    expect(changed.status).toBe(200);
    const fresh = changed.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    expect((await stationsAs(fresh)).status).toBe(200);
    expect(await canSignIn("ivo@life.local", oneTimePassword)).toBe(false);
    expect(await lastEvent("PASSWORD_CHANGED")).toMatchObject({ actorId: ids.ivo });
  });

  it("refuses an admin's own account, an unknown one, and a body without a reason", async () => {
    const own = await put(status.PUT, adminCookie, ids.ada!, { disabled: true, reason: "testing" });
    expect([own.status, ((await own.json()) as { reason: string }).reason]).toEqual([403, "own-account"]);
    expect((await put(role.PUT, adminCookie, "no-such-account", { role: "ADMIN", reason: "testing" })).status).toBe(404);
    expect((await put(status.PUT, adminCookie, ids.ines!, { disabled: true })).status).toBe(422);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: ids.ines } })).disabledAt).toBeNull();
  });

  it("never leaves the line without an enabled admin, even when two admins disable each other at once", async () => {
    const abeCookie = await sessionCookieFor("abe@life.local", PASSWORD);
    const [first, second] = await Promise.all([
      put(status.PUT, adminCookie, ids.abe!, { disabled: true, reason: "at once" }),
      put(status.PUT, abeCookie, ids.ada!, { disabled: true, reason: "at once" }),
    ]);
    const statuses = [first.status, second.status].sort();
    // One wins; the other is refused as the last admin, or (signed out by the first) as nobody.
    expect(statuses[0]).toBe(200);
    expect([401, 409]).toContain(statuses[1]);
    expect(await prisma.user.count({ where: { role: "ADMIN", disabledAt: null } })).toBe(1);
  });
});
