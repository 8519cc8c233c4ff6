import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi.ts";
import { OPERATIONS, type Operation } from "./operations.ts";

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
      const module = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS) {
        const handler = module[method] as { operation?: Operation } | undefined;
        if (!handler) continue;
        expect(handler.operation, `${method} ${routePath} has no catalogued operation`).toBeDefined();
        expect({ method: handler.operation?.method, path: handler.operation?.path }).toEqual({ method, path: routePath });
        served.add(handler.operation!.id);
      }
    }
    const unserved = Object.values(OPERATIONS).filter((operation) => !served.has(operation.id) && !operation.path.startsWith("/api/auth/"));
    expect(unserved.map((operation) => operation.id)).toEqual([]);
  }, 60_000);

  it("generates an OpenAPI 3.1 document with each operation's schemas, roles and problems", () => {
    const document = openApiDocument() as { openapi: string; paths: Record<string, Record<string, Record<string, unknown>>> };
    expect(document.openapi).toBe("3.1.0");
    const operations = Object.values(document.paths).flatMap((byMethod) => Object.values(byMethod));
    expect(operations).toHaveLength(Object.keys(OPERATIONS).length);
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);

    const verdict = document.paths["/api/stations/{station}/verdicts"]?.post as {
      description: string;
      parameters: { name: string; in: string }[];
      requestBody: { content: { "application/json": { schema: { type: string; properties: Record<string, unknown>; required: string[]; additionalProperties?: boolean } } } };
      responses: Record<string, { content?: Record<string, unknown> }>;
    };
    expect(verdict.description).toContain("Roles: INSPECTOR, ENGINEER, ADMIN");
    expect(verdict.parameters).toEqual([expect.objectContaining({ name: "station", in: "path" })]);
    const body = verdict.requestBody.content["application/json"].schema;
    expect(body.type).toBe("object");
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(["captureId", "label", "idempotencyKey"]));
    expect(body.required).toEqual(expect.arrayContaining(["captureId", "label", "idempotencyKey"]));
    expect(verdict.responses["422"]?.content).toHaveProperty("application/problem+json");

    const capture = document.paths["/api/captures"]?.post as { security: unknown; requestBody: { content: Record<string, unknown> }; parameters: { name: string; in: string }[] };
    expect(capture.security).toEqual([{ stationToken: [] }]);
    expect(Object.keys(capture.requestBody.content)).toEqual(["image/png", "image/jpeg"]);
    expect(capture.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["query:externalId", "query:capturedAt"]);
  });
});
