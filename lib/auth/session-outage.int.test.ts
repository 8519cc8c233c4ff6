import { describe, expect, it, onTestFinished } from "vitest";
import { createPrismaClient } from "../db/index.ts";
import { useAppDatabase } from "../../test/support/test-database.ts";
import { createAccount } from "./accounts.ts";
import { requestAs, sessionCookieFor } from "../../test/support/sign-in.ts";

const { prisma } = await useAppDatabase();
const stations = await import("../../app/api/stations/route.ts");

describe("the session check while the database is away", () => {
  it("answers 503 problem+json with Retry-After, never 500", async () => {
    await createAccount(prisma, { email: "ines@outage.local", name: "Ines", role: "INSPECTOR", password: "a long password" });
    const cookie = await sessionCookieFor("ines@outage.local", "a long password");
    expect((await stations.GET(requestAs(cookie, "/api/stations"), {})).status).toBe(200);
    const app = globalThis as unknown as { understudyPrisma?: unknown };
    const working = app.understudyPrisma;
    app.understudyPrisma = createPrismaClient("postgresql://nobody@127.0.0.1:1/none");
    onTestFinished(() => void (app.understudyPrisma = working));
    const response = await stations.GET(requestAs(cookie, "/api/stations"), {});
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(((await response.json()) as { reason: string }).reason).toBe("database-unavailable");
  });
});
