import { describe, expect, it, vi } from "vitest";
import { crossSiteProblem } from "./csrf.ts";
import { contentSecurityPolicy } from "./security-headers.ts";
import { databaseUnavailable } from "./unavailable.ts";

const request = (method: string, headers: Record<string, string>) =>
  new Request("http://localhost:3000/api/stations/x/verdicts", { method, headers: { host: "localhost:3000", ...headers } });

describe("cross-site request guard", () => {
  it("lets the app's own pages change things, and reads never", () => {
    expect(crossSiteProblem(request("POST", { origin: "http://localhost:3000", "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(crossSiteProblem(request("GET", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }))).toBeNull();
  });

  it("refuses changes from other sites, opaque origins and other ports", () => {
    for (const headers of <Record<string, string>[]>[
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site", origin: "http://localhost:3000" },
      { origin: "null" },
      { origin: "http://localhost:4000" },
      { origin: "not a url" },
    ]) {
      for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
        const problem = crossSiteProblem(request(method, headers));
        expect(problem?.status, `${method} ${JSON.stringify(headers)}`).toBe(403);
        expect(problem?.detail).toMatch(/^Cross-site request refused/);
      }
    }
  });

  it("lets clients that are not browsers through: they cannot carry a victim's cookie", () => {
    expect(crossSiteProblem(request("POST", {}))).toBeNull();
  });

  it("trusts the configured public origin behind a proxy", () => {
    process.env.BETTER_AUTH_URL = "https://understudy.factory.example";
    try {
      expect(crossSiteProblem(request("POST", { origin: "https://understudy.factory.example" }))).toBeNull();
    } finally {
      delete process.env.BETTER_AUTH_URL;
    }
  });
});

describe("content security policy", () => {
  it("allows scripts by nonce, WebAssembly and workers, never eval in production, and no framing", () => {
    const policy = contentSecurityPolicy("abc");
    expect(policy).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic' 'wasm-unsafe-eval'");
    expect(policy).not.toContain("'unsafe-eval'");
    expect(policy).toContain("worker-src 'self' blob:");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(contentSecurityPolicy("abc", true)).toContain("'unsafe-eval'");
  });
});

describe("database unavailable", () => {
  it("recognises a refused connection, a restart and Prisma's codes, through causes", () => {
    expect(databaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(databaseUnavailable(new Error("wrapped", { cause: { code: "57P01", message: "terminating connection due to administrator command" } }))).toBe(true);
    expect(databaseUnavailable(new Error("Prisma", { cause: { kind: "DatabaseNotReachable" } }))).toBe(true);
    expect(databaseUnavailable({ code: "P1001" })).toBe(true);
    // pg, after the server went away under a pooled client (seen in the db-restart load test).
    expect(databaseUnavailable(new Error("Client has encountered a connection error and is not queryable"))).toBe(true);
    // Prisma's P2039 when the postmaster is killed under a query (seen in npm start's heal test under load).
    const postmasterGone = Object.assign(new Error("Invalid `prisma.capture.create()` invocation:\n\nDatabase error. Code: `57P01`."), {
      code: "P2039",
      meta: {
        modelName: "Capture",
        driverAdapterError: Object.assign(new Error("terminating connection due to unexpected postmaster exit"), { cause: { originalCode: "57P01" } }),
      },
    });
    expect(databaseUnavailable(postmasterGone)).toBe(true);
    expect(databaseUnavailable({ code: "P2039", meta: { driverAdapterError: { originalCode: "57P01" } } })).toBe(true);
    expect(databaseUnavailable(new Error("Unique constraint failed"))).toBe(false);
    expect(databaseUnavailable(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(databaseUnavailable(null)).toBe(false);
  });
});

describe("a server without a database configured", () => {
  it("answers 503 and says so, not 500, on the health check load balancers poll", async () => {
    const url = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const health = await import("../../app/api/health/route.ts");
      const response = await health.GET(new Request("http://localhost:3000/api/health"), undefined as never);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ reason: "not-configured", detail: expect.stringMatching(/not configured/) });
      expect(String(logged.mock.calls[0]?.[0])).toContain("DATABASE_URL is not set");
    } finally {
      logged.mockRestore();
      if (url !== undefined) process.env.DATABASE_URL = url;
    }
  });
});
