import { beforeAll, describe, expect, it } from "vitest";
import { useAppDatabase } from "../db/testing/test-database.ts";
import { createAccount } from "./accounts.ts";
import { hitRateLimit, peekRateLimit } from "./rate-limit.ts";
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
