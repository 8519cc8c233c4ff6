import { z } from "zod";
import type { Refusal, RefusalKind } from "../refusals/index.ts";

/** An expected failure of a request, answered as RFC 9457 application/problem+json. */
export class HttpProblem extends Error {
  override readonly name = "HttpProblem";
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export function problemResponse(problem: HttpProblem): Response {
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  if (problem.status === 503) headers["retry-after"] = "2";
  return Response.json(
    { type: "about:blank", title: problem.title, status: problem.status, detail: problem.detail, ...problem.extra },
    { status: problem.status, headers },
  );
}

/** The one table from the domain's refusals (lib/refusals) to HTTP. */
const REFUSAL_STATUS: Record<RefusalKind, { status: number; title: string }> = {
  forbidden: { status: 403, title: "Forbidden" },
  "not-found": { status: 404, title: "Not Found" },
  gone: { status: 410, title: "Gone" },
  conflict: { status: 409, title: "Conflict" },
  invalid: { status: 422, title: "Unprocessable Content" },
};

/** The largest JSON body any route reads: a prediction with a 64x64 heatmap is under 100 KiB. */
export const MAX_JSON_BODY_BYTES = 256 * 1024;

const tooLarge = (limit: number) =>
  new HttpProblem(
    413,
    "Content Too Large",
    `The body is larger than ${limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MiB` : `${Math.round(limit / 1024)} KiB`}.`,
  );

/**
 * The body's bytes, refusing (413) a declared or actual length over `limit`
 * without reading more than `limit` bytes of it.
 */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** The body as UTF-8 text, at most `limit` bytes of it (413 past that). */
export async function readBodyText(request: Request, limit: number = MAX_JSON_BODY_BYTES): Promise<string> {
  return Buffer.from(await readBodyBytes(request, limit)).toString("utf8");
}

/** An expected refusal from lib/ as a problem, at its kind's status, its reason (and any extra fields) kept for clients. */
export function refusalProblem(refusal: Pick<Refusal, "kind" | "reason" | "detail">, extra: Record<string, unknown> = {}): HttpProblem {
  const { status, title } = REFUSAL_STATUS[refusal.kind];
  return new HttpProblem(status, title, refusal.detail, { reason: refusal.reason, ...extra });
}

export const unauthorized = () => new HttpProblem(401, "Unauthorized", "Sign in first.");
export const forbidden = (detail = "Your role does not allow this.") => new HttpProblem(403, "Forbidden", detail);
export const notFound = (detail: string) => new HttpProblem(404, "Not Found", detail);
export const conflict = (detail: string) => new HttpProblem(409, "Conflict", detail);

/** Parses a request's query string with a zod schema, or says (422) what is wrong with each parameter. */
export function parseQuery<T extends z.ZodObject>(request: Request, schema: T): z.infer<T> {
  const query = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (query.success) return query.data;
  throw new HttpProblem(422, "Unprocessable Content", `Bad query: ${query.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ")}`);
}

/** A text body streamed a piece at a time from a generator, which is closed if the client goes away. */
export function streamedText(pieces: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
}

/** Parses a JSON body with a zod schema, or says exactly what is wrong. */
export async function parseJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const text = await readBodyText(request);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpProblem(400, "Bad Request", "The body is not valid JSON.");
  }
  return checkedBody(body, schema);
}

/** A body already read (a JSON request's, or a server action's argument) checked with a zod schema, or exactly what is wrong. */
export function checkedBody<T extends z.ZodType>(body: unknown, schema: T): z.infer<T> {
  if (depthOf(body) > MAX_JSON_DEPTH) {
    throw new HttpProblem(422, "Unprocessable Content", `The body nests deeper than ${MAX_JSON_DEPTH} levels; no request of this API needs that.`);
  }
  const nul = pathOfNul(body);
  if (nul !== null)
    throw new HttpProblem(422, "Unprocessable Content", `${nul || "body"}: NUL characters are not allowed in text.`, {
      issues: [{ path: nul, message: "NUL character" }],
    });
  const result = schema.safeParse(body);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const first = issues[0];
    throw new HttpProblem(
      422,
      "Unprocessable Content",
      // A message written for people (a sentence, ending with a full stop) is shown as it is; the schema's own names its field.
      first ? (first.message.endsWith(".") ? first.message : `${first.path || "body"}: ${first.message}`) : "The body does not match the expected shape.",
      { issues },
    );
  }
  return result.data;
}

/** Deeper than any body this API takes (its deepest is 3); walked without recursion, so no nesting can exhaust the stack. */
export const MAX_JSON_DEPTH = 32;

/** How deeply a parsed JSON value nests (a scalar is 0), counted up to MAX_JSON_DEPTH + 1. */
export function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: next, depth } = stack.pop() as { value: unknown; depth: number };
    if (next === null || typeof next !== "object") continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(next)) stack.push({ value: child, depth: depth + 1 });
  }
  return deepest;
}

/** Where a NUL character hides in a parsed JSON value (PostgreSQL text cannot hold one), or null. */
function pathOfNul(value: unknown, at = ""): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? at : null;
  if (value === null || typeof value !== "object") return null;
  for (const [key, child] of Object.entries(value)) {
    const here = at ? `${at}.${key}` : key;
    if (key.includes("\u0000")) return here;
    const found = pathOfNul(child, here);
    if (found !== null) return found;
  }
  return null;
}
