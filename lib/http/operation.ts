import type { z } from "zod";
import { methodsAt, type Operation } from "../api/operations.ts";
import type { CurrentUser } from "../auth/session.ts";
import { HttpProblem, parseJsonBody, problemResponse } from "./problem.ts";
import { db } from "../db/client.ts";
import { stationForToken } from "../tokens/tokens.ts";
import { errorResponse, signedInWithRole, withRole } from "./route.ts";
import { stationBySlug } from "./station.ts";

type BodyOf<O extends Operation> = O["body"] extends z.ZodType ? z.infer<O["body"]> : undefined;
type Handler<O extends Operation, C> = (request: Request, user: CurrentUser, context: C, body: BodyOf<O>) => Promise<Response>;

/** A route handler tagged with the operation it serves, so a test can hold every route to the catalog. */
export type DescribedHandler<C> = ((request: Request, context: C) => Promise<Response>) & { operation: Operation };

/**
 * A cookie-authenticated route handler for a catalogued operation: the roles
 * it admits and the schema its JSON body must match are the operation's, the
 * same ones /api/openapi.json documents.
 */
export function forOperation<O extends Operation, C = unknown>(operation: O, handler: Handler<O, C>): DescribedHandler<C> {
  if (operation.auth.kind !== "session") throw new Error(`${operation.id} is not a session operation`);
  const schema = operation.body;
  const wrapped = withRole<C>(operation.auth.roles, async (request, user, context) => {
    const body = (schema ? await parseJsonBody(request, schema) : undefined) as BodyOf<O>;
    return handler(request, user, context, body);
  });
  return Object.assign(wrapped, { operation });
}

/** Who reports to a station's route: a station token (a rig's program), or a signed-in person. */
export interface StationReporter {
  station: { id: string; slug: string };
  userId: string | null;
  tokenId: string | null;
}

type ReporterHandler<O extends Operation> = (request: Request, reporter: StationReporter, body: BodyOf<O>) => Promise<Response>;

/**
 * A route handler for a catalogued operation a station's rig may call with
 * its token (Authorization: Bearer ust_...) and a person in the operation's
 * roles with their session: the token must belong to the station in the path.
 */
export function forStationReporter<O extends Operation>(operation: O, handler: ReporterHandler<O>): DescribedHandler<{ params: Promise<{ station: string }> }> {
  const auth = operation.auth;
  if (auth.kind !== "station-token-or-session") throw new Error(`${operation.id} is not a station-token-or-session operation`);
  const schema = operation.body;
  const handle = async (request: Request, { params }: { params: Promise<{ station: string }> }): Promise<Response> => {
    try {
      const slug = (await params).station;
      let reporter: StationReporter;
      if (request.headers.get("authorization")) {
        const byToken = await stationForToken(db(), request.headers.get("authorization"));
        if (!byToken) throw new HttpProblem(401, "Unauthorized", "A live station token is required: Authorization: Bearer ust_...");
        if (byToken.slug !== slug) throw new HttpProblem(403, "Forbidden", "This token belongs to another station.");
        reporter = { station: { id: byToken.id, slug: byToken.slug }, userId: null, tokenId: byToken.tokenId };
      } else {
        const user = await signedInWithRole(request, auth.roles);
        const station = await stationBySlug(db(), slug);
        reporter = { station: { id: station.id, slug: station.slug }, userId: user.id, tokenId: null };
      }
      const body = (schema ? await parseJsonBody(request, schema) : undefined) as BodyOf<O>;
      return await handler(request, reporter, body);
    } catch (error) {
      return errorResponse(request, error);
    }
  };
  return Object.assign(handle, { operation });
}

/** Tags a handler that authenticates on its own (station token, none) with its operation. */
export function describedBy<C>(operation: Operation, handler: (request: Request, context: C) => Promise<Response>): DescribedHandler<C> {
  return Object.assign(handler, { operation });
}

/** 405 problem+json for a method the path does not take, naming the ones it does (also in Allow). */
export function methodRefused(request: Request, allowed: readonly string[]): Response {
  const { pathname } = new URL(request.url);
  const response = problemResponse(
    new HttpProblem(405, "Method Not Allowed", `${pathname} does not take ${request.method}; it takes ${allowed.join(" or ") || "no method"}. The API is described at /api/openapi.json.`, { allow: allowed }),
  );
  response.headers.set("allow", allowed.join(", "));
  return response;
}

/**
 * A route file's answer to the methods it does not serve, exported under
 * their names (`export { methodNotAllowed as DELETE } from "@/lib/http"`):
 * `methodRefused` with the path's catalogued methods, where Next would
 * answer an empty 405.
 */
export async function methodNotAllowed(request: Request): Promise<Response> {
  return methodRefused(request, methodsAt(new URL(request.url).pathname));
}

/** OPTIONS from the catalog: Next's own would list the methods answered by `methodNotAllowed` as allowed. */
export async function catalogOptions(request: Request): Promise<Response> {
  const methods = methodsAt(new URL(request.url).pathname);
  const allow = new Set<string>([...methods, "OPTIONS", ...(methods.includes("GET") ? ["HEAD"] : [])]);
  return new Response(null, { status: 204, headers: { allow: [...allow].sort().join(", ") } });
}
