import { beforeAll, describe, expect, it } from "vitest";
import { useAppDatabase } from "../../test/support/test-database.ts";
import { createAccount } from "./accounts.ts";
import { resetAccountPassword } from "./lifecycle.ts";
import { ONE_TIME_PASSWORD_HOURS } from "./one-time-password.ts";
import { requestAs, sessionCookieFor } from "../../test/support/sign-in.ts";

// better-auth's own endpoints for a person's account, held to the app's rules.

const { prisma } = await useAppDatabase();
const route = await import("../../app/api/auth/[...all]/route.ts");
const stations = await import("../../app/api/stations/route.ts");

const PASSWORD = "the first long password";
const call = (cookie: string, endpoint: string, body: unknown) =>
  route.POST(requestAs(cookie, `/api/auth/${endpoint}`, { method: "POST", headers: { origin: "http://localhost:3000" }, body: JSON.stringify(body) }));
const signedIn = async (cookie: string) => (await stations.GET(requestAs(cookie, "/api/stations"), {})).status === 200;

beforeAll(async () => {
  await createAccount(prisma, { email: "ines@own.local", name: "Ines", role: "INSPECTOR", password: PASSWORD });
  await createAccount(prisma, { email: "ivo@own.local", name: "Ivo", role: "INSPECTOR", password: PASSWORD });
});

describe("a person's own account through better-auth's endpoints", () => {
  it("refuses a new password under the 12-character policy, and changes nothing", async () => {
    const cookie = await sessionCookieFor("ines@own.local", PASSWORD);
    const refused = await call(cookie, "change-password", { currentPassword: PASSWORD, newPassword: "8charsok" });
    expect(refused.status).toBe(422);
    expect(await sessionCookieFor("ines@own.local", PASSWORD)).toMatch(/session_token/);
  });

  it("signs every other session out when the password changes", async () => {
    const laptop = await sessionCookieFor("ivo@own.local", PASSWORD);
    const stolen = await sessionCookieFor("ivo@own.local", PASSWORD);
    expect(await signedIn(stolen)).toBe(true);
    const changed = await call(laptop, "change-password", { currentPassword: PASSWORD, newPassword: "a second long password" });
    expect(changed.status).toBe(200);
    expect(await signedIn(stolen)).toBe(false);
    expect(await sessionCookieFor("ivo@own.local", "a second long password")).toMatch(/session_token/);
  });

  it("lets a person who signed in with a one-time password in time choose their own after it has expired", async () => {
    await createAccount(prisma, { email: "oda@own.local", name: "Oda", role: "INSPECTOR", password: PASSWORD });
    const oda = await prisma.user.findUniqueOrThrow({ where: { email: "oda@own.local" } });
    const answer = await prisma.$transaction((tx) => resetAccountPassword(tx, oda.id, { kind: "SYSTEM", id: null }, "forgot it"));
    if (!answer.ok) throw new Error(answer.detail);
    const cookie = await sessionCookieFor("oda@own.local", answer.oneTimePassword);
    // The session stays open past the password's life: the change's new session is not a sign-in with it.
    await prisma.user.update({ where: { id: oda.id }, data: { passwordResetAt: new Date(Date.now() - (ONE_TIME_PASSWORD_HOURS + 1) * 3_600_000) } });
    const changed = await call(cookie, "change-password", { currentPassword: answer.oneTimePassword, newPassword: "oda's own long password" });
    expect(changed.status).toBe(200);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: oda.id } })).toMatchObject({ mustChangePassword: false, passwordResetAt: null });
    expect(await sessionCookieFor("oda@own.local", "oda's own long password")).toMatch(/session_token/);
  });

  it("refuses a 10,000-character name, a javascript: image and a NUL in the name with 422, and takes a real name", async () => {
    const cookie = await sessionCookieFor("ines@own.local", PASSWORD);
    for (const body of [{ name: "x".repeat(10_000) }, { image: "javascript:alert(1)" }, { name: "In\u0000es" }, { name: "Ines\u202Egnp.exe" }]) {
      const response = await call(cookie, "update-user", body);
      expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(422);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
    expect((await prisma.user.findUniqueOrThrow({ where: { email: "ines@own.local" } })).name).toBe("Ines");
    expect((await call(cookie, "update-user", { name: "  Ines Rene\u0301e " })).status).toBe(200);
    expect((await prisma.user.findUniqueOrThrow({ where: { email: "ines@own.local" } })).name).toBe("Ines Renée");
  });
});
