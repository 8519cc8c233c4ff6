import { z } from "zod";
import { OPERATIONS, type Operation } from "./operations.ts";

const STATUS_TEXT: Record<number, string> = {
  400: "Malformed: not JSON, or an id that cannot be one.",
  401: "No session (or no live station token).",
  403: "The caller's role does not allow this, or a cross-site request.",
  404: "No such station, unit, request or token.",
  409: "Conflicts with what is stored (a duplicate, an idempotency key reused for something else, a decided request).",
  413: "The body is too large.",
  415: "The upload is not a PNG or JPEG.",
  422: "The body or query does not match the schema; `issues` says where.",
  429: "Too many attempts; wait.",
  503: "The database is unreachable; nothing was stored; retry with the same idempotency key.",
};

const problemSchema = {
  type: "object",
  description: "RFC 9457 problem details.",
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string", description: "What is wrong, for people." },
    reason: { type: "string", description: "A stable code for programs, where there is one." },
    issues: { type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } } },
  },
  required: ["title", "status", "detail"],
};

/** A zod schema as JSON Schema (what a client must send: the input side). */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

function security(operation: Operation): Record<string, string[]>[] | undefined {
  if (operation.auth.kind === "session") return [{ session: [] }];
  if (operation.auth.kind === "station-token") return [{ stationToken: [] }];
  if (operation.auth.kind === "station-token-or-session") return [{ stationToken: [] }, { session: [] }];
  return [];
}

function describeOperation(operation: Operation): Record<string, unknown> {
  const roles =
    operation.auth.kind === "session"
      ? ` Roles: ${operation.auth.roles.join(", ")}.`
      : operation.auth.kind === "station-token"
        ? " A station's machine token."
        : operation.auth.kind === "station-token-or-session"
          ? ` The station's machine token, or a session with one of the roles ${operation.auth.roles.join(", ")}.`
          : "";
  const parameters = [
    ...Object.entries(operation.params ?? {}).map(([name, p]) => ({
      name,
      in: "path",
      required: true,
      description: p.description,
      schema: p.format ? { type: "string", format: p.format } : { type: "string" },
    })),
    ...Object.entries(operation.query ? (jsonSchema(operation.query).properties as Record<string, Record<string, unknown>>) : {}).map(([name, schema]) => ({
      name,
      in: "query",
      required: false,
      description: schema.description,
      schema,
    })),
  ];
  const requestBody = operation.body
    ? { required: true, content: { "application/json": { schema: jsonSchema(operation.body) } } }
    : operation.rawBody
      ? {
          required: true,
          description: `${operation.rawBody.description} At most ${operation.rawBody.maxBytes} bytes.`,
          content: Object.fromEntries(operation.rawBody.contentTypes.map((type) => [type, { schema: { type: "string", format: "binary" } }])),
        }
      : undefined;
  const responses: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(operation.responses)) responses[status] = { description };
  for (const status of operation.problems) {
    responses[String(status)] = {
      description: STATUS_TEXT[status] ?? "Refused.",
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    };
  }
  if (operation.auth.kind === "session" && operation.method !== "GET") responses["403"] ??= { description: STATUS_TEXT[403] };
  return {
    operationId: operation.id,
    summary: operation.summary,
    description: `${operation.summary}${roles}`,
    tags: [operation.tag],
    security: security(operation),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of the API, generated from the operations the route handlers run on. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of Object.values(OPERATIONS) as Operation[]) {
    paths[operation.path] ??= {};
    (paths[operation.path] as Record<string, unknown>)[operation.method.toLowerCase()] = describeOperation(operation);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Understudy API",
      version: "1",
      description:
        "Inspection, evidence and automation of Understudy. People's calls carry the session cookie from sign-in; changes from a browser must come from the app's own origin (CSRF). Cameras use a station's machine token. Every error is application/problem+json.",
    },
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "better-auth.session_token", description: "Set by POST /api/auth/sign-in/email." },
        stationToken: { type: "http", scheme: "bearer", description: "A station's machine token (ust_...), created by an admin." },
      },
    },
  };
}
