import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi.ts";
import { catalogOptions, methodNotAllowed } from "../http/index.ts";
import { methodsAt, OPERATIONS, type Operation } from "./operations.ts";

// The catalog is the API's single description: every route handler must
// serve exactly one catalogued operation at the path its file sits at, and
// every operation must be served (better-auth's own routes aside).

const root = path.resolve(import.meta.dirname, "../..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** app/api/stations/[station]/verdicts/route.ts -> /api/stations/{station}/verdicts */
const pathOf = (file: string) => `/${path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep).join("/")}`.replace(/\[([^\]]+)\]/g, "{$1}");

/** Catch-alls serve no operation of their own: better-auth's, and the problem+json 404 for unknown paths. */
const isCatchAll = (routePath: string) => routePath.includes("{...");

describe("the API catalog", () => {
  it("describes every route handler, at its own path and method", async () => {
    const served = new Set<string>();
    for (const file of routeFiles(path.join(root, "app/api"))) {
      const routePath = pathOf(file);
      if (isCatchAll(routePath)) continue;
      const routeModule = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS) {
        const handler = routeModule[method] as { operation?: Operation } | undefined;
        // Next answers a method a route file leaves out with an empty 405.
        if (!handler) throw new Error(`${routePath} does not answer ${method}: export methodNotAllowed for it`);
        if (handler === methodNotAllowed) {
          expect(methodsAt(routePath), `${method} ${routePath} is catalogued but refused`).not.toContain(method);
          continue;
        }
        expect(handler.operation, `${method} ${routePath} has no catalogued operation`).toBeDefined();
        expect({ method: handler.operation?.method, path: handler.operation?.path }).toEqual({ method, path: routePath });
        served.add(handler.operation!.id);
      }
      expect(routeModule.OPTIONS, `OPTIONS ${routePath} must list the catalog's methods, not Next's exports`).toBe(catalogOptions);
    }
    const unserved = Object.values(OPERATIONS).filter((operation) => !served.has(operation.id) && !operation.path.startsWith("/api/auth/"));
    expect(unserved.map((operation) => operation.id)).toEqual([]);
  }, 60_000);

  it("refuses a method a path does not take with 405 problem+json that names the ones it does", async () => {
    const refused = await methodNotAllowed(new Request("http://localhost/api/stations/line-1-screen/tokens", { method: "DELETE" }));
    expect(refused.status).toBe(405);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(refused.headers.get("allow")).toBe("GET, POST");
    expect(await refused.json()).toMatchObject({
      status: 405,
      allow: ["GET", "POST"],
      detail: expect.stringContaining("/api/stations/line-1-screen/tokens does not take DELETE"),
    });
    const options = await catalogOptions(new Request("http://localhost/api/stations/line-1-screen/tokens", { method: "OPTIONS" }));
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
    expect((await catalogOptions(new Request("http://localhost/api/captures", { method: "OPTIONS" }))).headers.get("allow")).toBe("OPTIONS, POST");
    expect(methodsAt("/api/stations/line-1-screen/tokens/0b9d5c1e-0000-4000-8000-000000000000")).toEqual(["DELETE"]);
    expect(methodsAt("/api/health")).toEqual(["GET"]);
    expect(methodsAt("/api/stations/a/b/tokens")).toEqual([]);
    expect(methodsAt("/api/openapi.json")).toEqual(["GET"]);
    expect(methodsAt("/api/openapiXjson")).toEqual([]);
  });

  it("generates an OpenAPI 3.1 document with each operation's schemas, roles and problems", () => {
    const document = openApiDocument() as { openapi: string; paths: Record<string, Record<string, Record<string, unknown>>> };
    expect(document.openapi).toBe("3.1.0");
    const operations = Object.values(document.paths).flatMap((byMethod) => Object.values(byMethod));
    expect(operations).toHaveLength(Object.keys(OPERATIONS).length);
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);

    const verdict = document.paths["/api/stations/{station}/verdicts"]?.post as {
      description: string;
      parameters: { name: string; in: string }[];
      requestBody: {
        content: { "application/json": { schema: { type: string; properties: Record<string, unknown>; required: string[]; additionalProperties?: boolean } } };
      };
      responses: Record<string, { content?: Record<string, unknown> }>;
    };
    expect(verdict.description).toContain("Roles: INSPECTOR, ENGINEER, ADMIN");
    expect(verdict.parameters).toEqual([expect.objectContaining({ name: "station", in: "path" })]);
    const body = verdict.requestBody.content["application/json"].schema;
    expect(body.type).toBe("object");
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(["captureId", "label", "idempotencyKey"]));
    expect(body.required).toEqual(expect.arrayContaining(["captureId", "label", "idempotencyKey"]));
    expect(verdict.responses["422"]?.content).toHaveProperty("application/problem+json");

    const capture = document.paths["/api/captures"]?.post as {
      security: unknown;
      requestBody: { content: Record<string, unknown> };
      parameters: { name: string; in: string }[];
    };
    expect(capture.security).toEqual([{ stationToken: [] }]);
    expect(Object.keys(capture.requestBody.content)).toEqual(["image/png", "image/jpeg"]);
    expect(capture.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["query:externalId", "query:capturedAt"]);
  });
});
