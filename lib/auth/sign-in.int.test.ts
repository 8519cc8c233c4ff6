import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createPrismaClient } from "../db/client.ts";
import { useAppDatabase } from "../db/testing/test-database.ts";
import { createAccount } from "./accounts.ts";
import { hitRateLimit, peekRateLimit, signInRules } from "./rate-limit.ts";
import { signInWithLimits } from "./sign-in.ts";

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
  const rules = { address: { limit: 5, windowSeconds: 60 }, accountFailures: { limit: 3, windowSeconds: 900 } };

  it("signs in with the right password", async () => {
    expect(await signInWithLimits(prisma, { email: "Emil@test.local", password: PASSWORD, headers: from("10.0.0.1") }, rules)).toEqual({ ok: true, role: "ENGINEER" });
  });

  it("refuses an address that tries too often, even with the right password, but not another address", async () => {
    for (let i = 0; i < 5; i++) await signInWithLimits(prisma, { email: "nobody@test.local", password: "guess", headers: from("10.0.0.2") }, rules);
    const refused = await signInWithLimits(prisma, { email: "emil@test.local", password: PASSWORD, headers: from("10.0.0.2") }, rules);
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/Too many sign-in attempts from this address; wait \d+ seconds/) });
    expect(await signInWithLimits(prisma, { email: "emil@test.local", password: PASSWORD, headers: from("10.0.0.3") }, rules)).toMatchObject({ ok: true });
  });

  it("locks an account after repeated wrong passwords, from any address, and leaves other accounts alone", async () => {
    for (let i = 0; i < 3; i++) {
      expect(await signInWithLimits(prisma, { email: "ines@test.local", password: `wrong ${i}`, headers: from(`10.1.0.${i}`) }, rules)).toEqual({ ok: false, error: "Wrong email or password." });
    }
    const locked = await signInWithLimits(prisma, { email: "INES@test.local", password: PASSWORD, headers: from("10.1.0.9") }, rules);
    expect(locked).toMatchObject({ ok: false, error: expect.stringMatching(/locked for 15 minutes/) });
    expect(await signInWithLimits(prisma, { email: "emil@test.local", password: PASSWORD, headers: from("10.1.0.9") }, rules)).toMatchObject({ ok: true });
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

  it("keeps the same account lock as the sign-in page: 10 wrong passwords, then even the right one is refused", async () => {
    for (let i = 0; i < 10; i++) expect((await post("hana@test.local", `wrong ${i}`, `10.2.0.${i}`)).status).toBe(401);
    const locked = await post("Hana@test.local", PASSWORD, "10.2.0.99");
    expect(locked.status).toBe(429);
    expect(locked.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await locked.json()) as { detail: string }).detail).toMatch(/locked for 15 minutes/);
    expect(locked.headers.getSetCookie()).toEqual([]);
    // The page's limits and the endpoint's are one: the page refuses the account too.
    expect(await signInWithLimits(prisma, { email: "hana@test.local", password: PASSWORD, headers: from("10.2.1.1") })).toMatchObject({ ok: false, error: expect.stringMatching(/locked/) });
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
      route.POST(new Request("http://localhost:3000/api/auth/sign-in/email", { method: "POST", headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": "10.4.0.1", ...headers }, body, duplex: "half" } as RequestInit));
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
    const signOut = await route.POST(new Request("http://localhost:3000/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json", origin: "http://localhost:3000" }, body: huge }));
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
