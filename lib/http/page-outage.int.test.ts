import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { isPageRequest } from "./page-outage.ts";

// Pages while the database is away: the proxy answers 503 with Retry-After
// instead of letting a page fail to load its data (a 500).

const database = await useTestDatabase();
const { proxy } = await import("../../proxy.ts");
const visit = (path: string) => proxy(new NextRequest(`http://localhost:3000${path}`));

describe("pages while the database is away", () => {
  it("tells pages from the API and from files", () => {
    expect(["/dashboard", "/inspect/line-1", "/", "/sign-in"].map(isPageRequest)).toEqual([true, true, true, true]);
    expect(["/api/health", "/models/v2/model.json", "/icon.svg", "/_next/static/x.js", "/tfjs/tfjs-backend-wasm.wasm"].map(isPageRequest)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("lets pages through while the database answers", async () => {
    process.env.DATABASE_URL = database.url;
    const response = await visit("/dashboard");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });

  it("answers a page 503 with Retry-After and a page that retries, and leaves the API to answer for itself", async () => {
    process.env.DATABASE_URL = "postgresql://nobody:nothing@127.0.0.1:1/none";
    const page = await visit("/dashboard");
    expect([page.status, page.headers.get("retry-after"), page.headers.get("content-type")]).toEqual([503, "5", "text/html; charset=utf-8"]);
    expect(await page.text()).toMatch(/<meta http-equiv="refresh" content="5">.*The database is not reachable right now/s);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect((await visit("/api/stations")).headers.get("x-middleware-next")).toBe("1");
    process.env.DATABASE_URL = database.url;
    expect((await visit("/dashboard")).status).toBe(200);
  });
});
