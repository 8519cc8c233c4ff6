import { HttpProblem, problemResponse } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Any path under /api that no route serves: a problem+json 404, not the app's HTML page. */
function noSuchOperation(request: Request): Response {
  const { pathname } = new URL(request.url);
  return problemResponse(new HttpProblem(404, "Not Found", `No API operation ${request.method} ${pathname}; the API is described at /api/openapi.json.`));
}

export const GET = noSuchOperation;
export const POST = noSuchOperation;
export const PUT = noSuchOperation;
export const PATCH = noSuchOperation;
export const DELETE = noSuchOperation;
