import { beforeAll, describe, expect, it } from "vitest";
import { useAppDatabase } from "../../test/support/test-database.ts";
import { createAccount } from "./accounts.ts";
import { auth } from "./auth.ts";
import { currentUser } from "./session.ts";
import { requestAs, sessionCookieFor } from "../../test/support/sign-in.ts";
import { ROLES, type Role } from "./roles.ts";
import { createStation } from "../stations/index.ts";

const { prisma } = await useAppDatabase();

const PASSWORD = "correct horse battery";
const cookies = {} as Record<Role, string>;

// Imported after DATABASE_URL is set: the handlers reach the database through db().
const demotion = await import("../../app/api/stations/[station]/demotion/route.ts");
const stations = await import("../../app/api/stations/route.ts");
const users = await import("../../app/api/users/route.ts");

beforeAll(async () => {
  for (const role of ROLES) {
    await createAccount(prisma, { email: `${role.toLowerCase()}@test.local`, name: role, role, password: PASSWORD });
    cookies[role] = await sessionCookieFor(`${role.toLowerCase()}@test.local`, PASSWORD);
  }
  await createStation(prisma, { slug: "line-1", name: "Line 1" });
  await prisma.stationAutomation.update({
    where: { stationId: (await prisma.station.findUniqueOrThrow({ where: { slug: "line-1" } })).id },
    data: { level: "PARTIAL" },
  });
});

const params = (station: string) => ({ params: Promise.resolve({ station }) });

describe("sign-in", () => {
  it("gives a session to the right password and knows the user's role", async () => {
    const user = await currentUser(new Headers({ cookie: cookies.MANAGER }));
    expect(user).toMatchObject({ email: "manager@test.local", role: "MANAGER" });
  });

  it("refuses a wrong password", async () => {
    await expect(auth().api.signInEmail({ body: { email: "manager@test.local", password: "wrong password!" } })).rejects.toMatchObject({
      statusCode: 401,
    });
  });

  it("does not let strangers sign up", async () => {
    await expect(auth().api.signUpEmail({ body: { email: "stranger@test.local", password: PASSWORD, name: "Stranger" } })).rejects.toBeTruthy();
    expect(await prisma.user.count({ where: { email: "stranger@test.local" } })).toBe(0);
  });

  it("has no user for a forged cookie", async () => {
    expect(await currentUser(new Headers({ cookie: "better-auth.session_token=forged.value" }))).toBeNull();
  });
});

describe("the manager's demotion API", () => {
  const body = JSON.stringify({ reason: "agreement dropped on the night shift" });

  it("answers 401 to anonymous callers and changes nothing", async () => {
    const response = await demotion.POST(requestAs(null, "/api/stations/line-1/demotion", { method: "POST", body }), params("line-1"));
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });

  it.each(["INSPECTOR", "ENGINEER"] as const)("answers 403 to an %s and changes nothing", async (role) => {
    const response = await demotion.POST(requestAs(cookies[role], "/api/stations/line-1/demotion", { method: "POST", body }), params("line-1"));
    expect(response.status).toBe(403);
    expect(await prisma.stationAutomation.findFirst({ select: { level: true } })).toEqual({ level: "PARTIAL" });
    expect(await prisma.auditEvent.count()).toBe(0);
  });

  it("answers 422 to a missing reason", async () => {
    const response = await demotion.POST(requestAs(cookies.MANAGER, "/api/stations/line-1/demotion", { method: "POST", body: "{}" }), params("line-1"));
    expect(response.status).toBe(422);
  });

  it("answers 404 to an unknown station", async () => {
    const response = await demotion.POST(requestAs(cookies.MANAGER, "/api/stations/nope/demotion", { method: "POST", body }), params("nope"));
    expect(response.status).toBe(404);
  });

  it("lets a manager demote one level, recorded in the audit trail", async () => {
    const response = await demotion.POST(requestAs(cookies.MANAGER, "/api/stations/line-1/demotion", { method: "POST", body }), params("line-1"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ station: "line-1", from: "PARTIAL", to: "AI_ASSIST" });
    const [event] = await prisma.auditEvent.findMany();
    expect(event).toMatchObject({
      action: "LEVEL_DEMOTED",
      fromLevel: "PARTIAL",
      toLevel: "AI_ASSIST",
      actorKind: "USER",
      reason: "agreement dropped on the night shift",
    });
  });
});

describe("admin APIs", () => {
  it("only an admin creates stations and accounts", async () => {
    const station = JSON.stringify({ slug: "line-7", name: "Line 7" });
    for (const role of ["INSPECTOR", "ENGINEER", "MANAGER"] as const) {
      expect((await stations.POST(requestAs(cookies[role], "/api/stations", { method: "POST", body: station }), undefined)).status).toBe(403);
      expect((await users.GET(requestAs(cookies[role], "/api/users"), undefined)).status).toBe(403);
    }
    const created = await stations.POST(requestAs(cookies.ADMIN, "/api/stations", { method: "POST", body: station }), undefined);
    expect(created.status).toBe(201);
    const again = await stations.POST(requestAs(cookies.ADMIN, "/api/stations", { method: "POST", body: station }), undefined);
    expect(again.status).toBe(409);
  });

  it("an account an admin creates can sign in with its role", async () => {
    const account = JSON.stringify({ email: "New.Inspector@test.local", name: "New", role: "INSPECTOR", password: "a long first password" });
    const response = await users.POST(requestAs(cookies.ADMIN, "/api/users", { method: "POST", body: account }), undefined);
    expect(response.status).toBe(201);
    const cookie = await sessionCookieFor("new.inspector@test.local", "a long first password");
    expect(await currentUser(new Headers({ cookie }))).toMatchObject({ role: "INSPECTOR" });
  });

  it("every signed-in role may list stations; anonymous may not", async () => {
    for (const role of ROLES) expect((await stations.GET(requestAs(cookies[role], "/api/stations"), undefined)).status).toBe(200);
    expect((await stations.GET(requestAs(null, "/api/stations"), undefined)).status).toBe(401);
  });
});
