import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createPrismaClient } from "../db/index.ts";
import { useAppDatabase } from "../../test/support/test-database.ts";
import { createAccount } from "./accounts.ts";
import { hitRateLimit, peekRateLimit, signInRules } from "./rate-limit.ts";
import { liftAccountSignInHolds, resetAccountPassword, setAccountDisabled } from "./lifecycle.ts";
import { ONE_TIME_PASSWORD_HOURS } from "./one-time-password.ts";
import { signInWithLimits } from "./sign-in.ts";
import { backoffSeconds, countFailedSignIn, signInHolds, signInRefusal } from "./sign-in-backoff.ts";

const { prisma } = await useAppDatabase();

const PASSWORD = "correct horse battery";
const from = (address: string) => new Headers({ "x-forwarded-for": address });

beforeAll(async () => {
  await createAccount(prisma, { email: "ines@test.local", name: "Ines", role: "INSPECTOR", password: PASSWORD });
  await createAccount(prisma, { email: "emil@test.local", name: "Emil", role: "ENGINEER", password: PASSWORD });
});

describe("rate limits", () => {
  it("counts every hit exactly once, however many arrive at once, and resets with the window", async () => {
    const rule = { limit: 20, windowSeconds: 60 };
    const at = new Date("2026-11-25T10:00:00Z");
    const states = await Promise.all(Array.from({ length: 30 }, () => hitRateLimit(prisma, "test:burst", rule, at)));
    expect(states.map((s) => s.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(states.filter((s) => s.allowed)).toHaveLength(20);
    expect(await peekRateLimit(prisma, "test:burst", rule, new Date(at.getTime() + 30_000))).toMatchObject({ allowed: false, retryAfterSeconds: 30 });
    const later = new Date(at.getTime() + 60_000);
    expect(await peekRateLimit(prisma, "test:burst", rule, later)).toMatchObject({ allowed: true });
    expect(await hitRateLimit(prisma, "test:burst", rule, later)).toMatchObject({ allowed: true, hits: 1 });
  });
});

describe("signing in within the limits", () => {
  const rules = { address: { limit: 5, windowSeconds: 60 }, backoff: { freeFailures: 3, maxWaitSeconds: 900 } };

  it("signs in with the right password", async () => {
    expect(await signInWithLimits(prisma, { email: "Emil@test.local", password: PASSWORD, headers: from("10.0.0.1") }, rules)).toEqual({
      ok: true,
      role: "ENGINEER",
      mustChangePassword: false,
    });
  });

  it("refuses an address that tries too often, even with the right password, but not another address", async () => {
    for (let i = 0; i < 5; i++) await signInWithLimits(prisma, { email: "nobody@test.local", password: "guess", headers: from("10.0.0.2") }, rules);
    const refused = await signInWithLimits(prisma, { email: "emil@test.local", password: PASSWORD, headers: from("10.0.0.2") }, rules);
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/Too many sign-in attempts from this address; wait \d+ seconds/) });
    expect(await signInWithLimits(prisma, { email: "emil@test.local", password: PASSWORD, headers: from("10.0.0.3") }, rules)).toMatchObject({ ok: true });
  });

  it("holds back the address that guessed, not the account: its owner elsewhere signs in", async () => {
    const rules = { address: { limit: 10, windowSeconds: 60 }, backoff: { freeFailures: 3, maxWaitSeconds: 900 } };
    for (let i = 0; i < 4; i++) {
      expect(await signInWithLimits(prisma, { email: "ines@test.local", password: `wrong ${i}`, headers: from("10.1.0.1") }, rules)).toEqual({
        ok: false,
        error: "Wrong email or password.",
      });
    }
    const held = await signInWithLimits(prisma, { email: "INES@test.local", password: PASSWORD, headers: from("10.1.0.1") }, rules);
    expect(held).toMatchObject({ ok: false, error: expect.stringMatching(/^Too many wrong passwords for this account from here; try again in \d seconds\.$/) });
    expect(await signInWithLimits(prisma, { email: "ines@test.local", password: PASSWORD, headers: from("10.1.0.2") }, rules)).toMatchObject({ ok: true });
    expect(await signInWithLimits(prisma, { email: "emil@test.local", password: PASSWORD, headers: from("10.1.0.1") }, rules)).toMatchObject({ ok: true });
  });
});

describe("the wait after wrong passwords", () => {
  const rules = { address: { limit: 1000, windowSeconds: 60 }, backoff: { freeFailures: 5, maxWaitSeconds: 900 } };
  const at = (seconds: number) => new Date(Date.parse("2026-11-30T08:00:00Z") + seconds * 1000);

  it("doubles with each wrong password past the free ones, up to 15 minutes", () => {
    expect([0, 5, 6, 7, 8, 14, 15, 40].map((n) => backoffSeconds(n, rules.backoff))).toEqual([0, 0, 2, 4, 8, 512, 900, 900]);
  });

  it("counts per account and address, is audited once when it starts, forgotten after a day, and lifted by an admin", async () => {
    await createAccount(prisma, { email: "olga@test.local", name: "Olga", role: "ADMIN", password: PASSWORD });
    await createAccount(prisma, { email: "pia@test.local", name: "Pia", role: "INSPECTOR", password: PASSWORD });
    const guesser = from("10.9.0.1");
    for (let i = 0; i < 7; i++) {
      expect(await signInRefusal(prisma, "pia@test.local", guesser, rules, at(i * 60))).toBeNull();
      await countFailedSignIn(prisma, "pia@test.local", guesser, rules, at(i * 60));
    }
    // 7 failures: 2 over the free 5, a 4-second wait from the last one.
    expect(await signInRefusal(prisma, "pia@test.local", guesser, rules, at(361))).toEqual({
      error: "Too many wrong passwords for this account from here; try again in 3 seconds.",
      retryAfterSeconds: 3,
    });
    expect(await signInRefusal(prisma, "pia@test.local", guesser, rules, at(364))).toBeNull();
    expect(await signInRefusal(prisma, "pia@test.local", from("10.9.0.2"), rules, at(361))).toBeNull();
    expect(await signInHolds(prisma, rules, at(361))).toEqual([{ email: "pia@test.local", address: "10.9.0.1", failures: 7, until: at(364) }]);

    const heldBack = await prisma.auditEvent.findMany({ where: { action: "SIGN_IN_HELD_BACK", evidence: { path: ["email"], equals: "pia@test.local" } } });
    expect(heldBack).toHaveLength(1);
    expect(heldBack[0]).toMatchObject({ actorKind: "SYSTEM", evidence: { email: "pia@test.local", address: "10.9.0.1", failures: 6 } });

    // A day without failures and the count starts again.
    await countFailedSignIn(prisma, "pia@test.local", guesser, rules, at(360 + 86_400));
    expect((await prisma.rateLimit.findUniqueOrThrow({ where: { key: "sign-in:failures:pia@test.local:10.9.0.1" } })).hits).toBe(1);

    for (let i = 0; i < 10; i++) await countFailedSignIn(prisma, "pia@test.local", guesser, rules, at(90_000 + i));
    expect(await signInRefusal(prisma, "pia@test.local", guesser, rules, at(90_010))).not.toBeNull();
    const olga = await prisma.user.findUniqueOrThrow({ where: { email: "olga@test.local" } });
    const pia = await prisma.user.findUniqueOrThrow({ where: { email: "pia@test.local" } });
    expect(await liftAccountSignInHolds(prisma, pia.id, { kind: "USER", id: olga.id }, "Pia on a new tablet", at(90_011))).toEqual({ ok: true, addresses: 1 });
    expect(await signInRefusal(prisma, "pia@test.local", guesser, rules, at(90_012))).toBeNull();
    expect(await prisma.auditEvent.findFirst({ where: { action: "SIGN_IN_UNLOCKED" } })).toMatchObject({
      actorId: olga.id,
      reason: "Pia on a new tablet",
      evidence: { email: "pia@test.local", addresses: 1 },
    });
  });

  it("refuses a disabled account at sign-in with the reason, without counting a wrong password", async () => {
    await createAccount(prisma, { email: "quinn@test.local", name: "Quinn", role: "INSPECTOR", password: PASSWORD });
    const quinn = await prisma.user.findUniqueOrThrow({ where: { email: "quinn@test.local" } });
    await prisma.$transaction((tx) => setAccountDisabled(tx, quinn.id, true, { kind: "SYSTEM", id: null }, "left"));
    expect(await signInWithLimits(prisma, { email: "quinn@test.local", password: PASSWORD, headers: from("10.9.1.1") })).toEqual({
      ok: false,
      error: "This account is disabled; ask an admin.",
    });
    expect(await prisma.session.count({ where: { userId: quinn.id } })).toBe(0);
    expect(await prisma.rateLimit.findUnique({ where: { key: "sign-in:failures:quinn@test.local:10.9.1.1" } })).toBeNull();
  });
});

describe("a one-time password from an admin's reset", () => {
  const HOUR = 3_600_000;
  const reset = async (email: string, at: Date) => {
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    const answer = await prisma.$transaction((tx) => resetAccountPassword(tx, user.id, { kind: "SYSTEM", id: null }, "forgot it", at));
    if (!answer.ok) throw new Error(answer.detail);
    return { id: user.id, password: answer.oneTimePassword };
  };

  it(`signs in for ${ONE_TIME_PASSWORD_HOURS} hours, then is refused with the reason, counting no wrong password; a new reset works again`, async () => {
    await createAccount(prisma, { email: "otto@test.local", name: "Otto", role: "INSPECTOR", password: PASSWORD });
    const fresh = await reset("otto@test.local", new Date(Date.now() - (ONE_TIME_PASSWORD_HOURS - 1) * HOUR));
    expect(await signInWithLimits(prisma, { email: "otto@test.local", password: fresh.password, headers: from("10.9.2.1") })).toEqual({
      ok: true,
      role: "INSPECTOR",
      mustChangePassword: true,
    });

    const stale = await reset("otto@test.local", new Date(Date.now() - (ONE_TIME_PASSWORD_HOURS + 1) * HOUR));
    expect(await signInWithLimits(prisma, { email: "otto@test.local", password: stale.password, headers: from("10.9.2.1") })).toEqual({
      ok: false,
      error: `This one-time password has expired (it lasts ${ONE_TIME_PASSWORD_HOURS} hours); ask an admin for a new one.`,
    });
    expect(await prisma.session.count({ where: { userId: stale.id } })).toBe(0);
    expect(await prisma.rateLimit.findUnique({ where: { key: "sign-in:failures:otto@test.local:10.9.2.1" } })).toBeNull();

    const again = await reset("otto@test.local", new Date());
    expect(await signInWithLimits(prisma, { email: "otto@test.local", password: again.password, headers: from("10.9.2.1") })).toMatchObject({ ok: true });
  });
});

describe("the HTTP sign-in endpoint", async () => {
  const route = await import("../../app/api/auth/[...all]/route.ts");
  const post = (email: string, password: string, address: string) =>
    route.POST(
      new Request("http://localhost:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": address },
        body: JSON.stringify({ email, password }),
      }),
    );

  beforeAll(async () => {
    await createAccount(prisma, { email: "hana@test.local", name: "Hana", role: "INSPECTOR", password: PASSWORD });
  });

  it("keeps the same waits as the sign-in page: past 5 wrong passwords from one address, even the right one waits there", async () => {
    for (let i = 0; i < 6; i++) expect((await post("hana@test.local", `wrong ${i}`, "10.2.0.1")).status).toBe(401);
    const held = await post("Hana@test.local", PASSWORD, "10.2.0.1");
    expect(held.status).toBe(429);
    expect(held.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(held.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await held.json()) as { detail: string }).detail).toMatch(/Too many wrong passwords for this account from here/);
    expect(held.headers.getSetCookie()).toEqual([]);
    // The page's counts and the endpoint's are one; another address is not held back.
    expect(await signInWithLimits(prisma, { email: "hana@test.local", password: PASSWORD, headers: from("10.2.0.1") })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/from here/),
    });
    expect((await post("hana@test.local", PASSWORD, "10.2.0.2")).status).toBe(200);
  });

  it("answers 403 with the reason to an expired one-time password", async () => {
    await createAccount(prisma, { email: "olaf@test.local", name: "Olaf", role: "INSPECTOR", password: PASSWORD });
    const olaf = await prisma.user.findUniqueOrThrow({ where: { email: "olaf@test.local" } });
    const answer = await prisma.$transaction((tx) =>
      resetAccountPassword(tx, olaf.id, { kind: "SYSTEM", id: null }, "forgot it", new Date(Date.now() - (ONE_TIME_PASSWORD_HOURS + 1) * 3_600_000)),
    );
    if (!answer.ok) throw new Error(answer.detail);
    const refused = await post("olaf@test.local", answer.oneTimePassword, "10.2.6.1");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^This one-time password has expired/);
    expect(refused.headers.getSetCookie()).toEqual([]);
  });

  it("answers 403 with the reason to a disabled account, and counts no failure", async () => {
    await createAccount(prisma, { email: "rolf@test.local", name: "Rolf", role: "INSPECTOR", password: PASSWORD });
    await prisma.user.update({ where: { email: "rolf@test.local" }, data: { disabledAt: new Date() } });
    const refused = await post("rolf@test.local", PASSWORD, "10.2.5.1");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toBe("This account is disabled; ask an admin.");
    expect(refused.headers.getSetCookie()).toEqual([]);
  });

  it("limits attempts per address (SIGN_IN_RATE_LIMIT), counted with the page's", async () => {
    process.env.SIGN_IN_RATE_LIMIT = "5";
    onTestFinished(() => void delete process.env.SIGN_IN_RATE_LIMIT);
    const limit = signInRules().address.limit;
    expect(limit).toBe(5);
    for (let i = 0; i < limit - 1; i++) expect((await post("emil@test.local", PASSWORD, "10.3.0.1")).status).toBe(200);
    expect(await signInWithLimits(prisma, { email: "emil@test.local", password: PASSWORD, headers: from("10.3.0.1") })).toMatchObject({ ok: true });
    const refused = await post("emil@test.local", PASSWORD, "10.3.0.1");
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/from this address/);
    expect((await post("emil@test.local", PASSWORD, "10.3.0.2")).status).toBe(200);
  });

  it("refuses an oversize body with 413 before reading it all, counting nothing", async () => {
    const attempts = () => prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM rate_limits WHERE key LIKE 'sign-in:%:10.4.0.1'`;
    const send = (body: BodyInit, headers: Record<string, string> = {}) =>
      route.POST(
        new Request("http://localhost:3000/api/auth/sign-in/email", {
          method: "POST",
          headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": "10.4.0.1", ...headers },
          body,
          duplex: "half",
        } as RequestInit),
      );
    const huge = JSON.stringify({ email: "emil@test.local", password: "x".repeat(2 * 1024 * 1024) });
    const refused = await send(huge);
    expect(refused.status).toBe(413);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    // A body streamed without a length is cut off at the limit too.
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode("x".repeat(64 * 1024)));
      },
    });
    expect((await send(stream)).status).toBe(413);
    expect((await attempts())[0]?.n).toBe(0n);
    // Other auth endpoints are held to the same limit.
    const signOut = await route.POST(
      new Request("http://localhost:3000/api/auth/sign-out", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000" },
        body: huge,
      }),
    );
    expect(signOut.status).toBe(413);
  });

  it("answers 503 problem+json while the database is away, as every API route does", async () => {
    const app = globalThis as unknown as { understudyPrisma?: unknown };
    const working = app.understudyPrisma;
    app.understudyPrisma = createPrismaClient("postgresql://nobody@127.0.0.1:1/none");
    onTestFinished(() => void (app.understudyPrisma = working));
    const response = await post("emil@test.local", PASSWORD, "10.6.0.1");
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(((await response.json()) as { reason: string }).reason).toBe("database-unavailable");
  });

  it("refuses other methods with 405 problem+json: better-auth takes GET and POST", async () => {
    const refused = await route.DELETE(new Request("http://localhost:3000/api/auth/sign-in/email", { method: "DELETE" }));
    expect([refused.status, refused.headers.get("content-type"), refused.headers.get("allow")]).toEqual([405, "application/problem+json", "GET, POST"]);
    expect((await route.OPTIONS()).headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
  });

  it("hands better-auth the body's bytes untouched: a password beyond ASCII still signs in", async () => {
    const password = "søren's horse 🐎 battery";
    await createAccount(prisma, { email: "soren@test.local", name: "Søren", role: "INSPECTOR", password });
    const response = await post("soren@test.local", password, "10.5.0.1");
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().join()).toMatch(/session_token/);
  });
});
