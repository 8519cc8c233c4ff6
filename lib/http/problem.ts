import { z } from "zod";

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
  return Response.json(
    { type: "about:blank", title: problem.title, status: problem.status, detail: problem.detail, ...problem.extra },
    { status: problem.status, headers: { "content-type": "application/problem+json" } },
  );
}

const TITLES: Record<number, string> = { 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 409: "Conflict", 422: "Unprocessable Content" };

/** An expected refusal from lib/ ({ status, reason, detail }) as a problem, its reason (and any extra fields) kept for clients. */
export function refusalProblem(refusal: { status: 400 | 403 | 404 | 409 | 422; reason: string; detail: string }, extra: Record<string, unknown> = {}): HttpProblem {
  return new HttpProblem(refusal.status, TITLES[refusal.status] ?? "Error", refusal.detail, { reason: refusal.reason, ...extra });
}

export const unauthorized = () => new HttpProblem(401, "Unauthorized", "Sign in first.");
export const forbidden = (detail = "Your role does not allow this.") => new HttpProblem(403, "Forbidden", detail);
export const notFound = (detail: string) => new HttpProblem(404, "Not Found", detail);
export const conflict = (detail: string) => new HttpProblem(409, "Conflict", detail);

/** Parses a JSON body with a zod schema, or says exactly what is wrong. */
export async function parseJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new HttpProblem(400, "Bad Request", "The body is not valid JSON.");
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const first = issues[0];
    throw new HttpProblem(
      422,
      "Unprocessable Content",
      first ? `${first.path || "body"}: ${first.message}` : "The body does not match the expected shape.",
      { issues },
    );
  }
  return result.data;
}
