import { z } from "zod";
import { methodsAt, type Operation, type OperationAuth } from "../api/index.ts";
import { currentUser, type CurrentUser } from "../auth/index.ts";
import { checkedBody, HttpProblem, parseJsonBody, parseQuery, problemResponse } from "./problem.ts";
import { db, type Db } from "../db/index.ts";
import { stationForToken } from "../tokens/index.ts";
import { errorResponse, signedInWithRole, withRole } from "./route.ts";
import { stationBySlug } from "./station.ts";

type BodyOf<O extends Operation> = O["body"] extends z.ZodType ? z.infer<O["body"]> : undefined;
type QueryOf<O extends Operation> = [NonNullable<O["query"]>] extends [never] ? undefined : z.infer<NonNullable<O["query"]>>;

/** The parameters of an OpenAPI path: /api/stations/{station}/tokens/{id} -> { station: string; id: string }. */
export type ParamsOf<Path extends string> = string extends Path
  ? Record<string, string>
  : Path extends `${string}{${infer Name}}${infer Rest}`
    ? { [K in Name]: string } & ParamsOf<Rest>
    : Record<never, string>;

/** Who reports to a station's route: a station token (a rig's program), or a signed-in person. */
export interface StationReporter {
  station: { id: string; slug: string };
  userId: string | null;
  tokenId: string | null;
}

/** The caller an operation's auth admits: a person, a station's reporter, a station's camera, or anyone. */
type CallerOf<A extends OperationAuth> = A extends { kind: "session" }
  ? { user: CurrentUser }
  : A extends { kind: "station-token-or-session" }
    ? { reporter: StationReporter }
    : A extends { kind: "station-token" }
      ? { station: { id: string; slug: string; tokenId: string } }
      : Record<never, never>;

/** What a route's handler is given: the request, the database, the checked caller, the path's parameters and the validated body. */
export type OperationCall<O extends Operation> = { request: Request; db: Db; params: ParamsOf<O["path"]>; query: QueryOf<O>; body: BodyOf<O> } & CallerOf<
  O["auth"]
>;

type OperationHandler<O extends Operation> = (call: OperationCall<O>) => Promise<Response>;

/** A route handler tagged with the operation it serves, so a test can hold every route to the catalog. */
export type DescribedHandler<C> = ((request: Request, context: C) => Promise<Response>) & { operation: Operation };

/** What Next passes a route handler; a test may call one with no context for a path without parameters. */
type RouteContext<Path extends string> = { params?: Promise<ParamsOf<Path>> } | undefined;
type RouteMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Every method export of a route file: the operations it serves, 405 for the others, OPTIONS from the catalog. */
export type OperationRoute<Path extends string> = Record<RouteMethod, (request: Request, context: RouteContext<Path>) => Promise<Response>> & {
  OPTIONS: (request: Request) => Promise<Response>;
  /** The same path's operation for another method. */
  and<O extends Operation<z.ZodType | undefined, Path>>(operation: O, handler: OperationHandler<O>): OperationRoute<Path>;
};

/**
 * A route file in one declaration:
 * `export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.x, async ({ db, user, params, body }) => ...)`.
 * The operation's auth is checked first (401/403, cross-site changes refused),
 * then its query and body schemas (the same one /api/openapi.json documents); a thrown
 * HttpProblem becomes problem+json, an unreachable database 503, anything
 * else a logged 500.
 */
export function operationRoute<O extends Operation>(operation: O, handler: OperationHandler<O>): OperationRoute<O["path"]> {
  return routeServing<O["path"]>({ [operation.method]: served(operation, handler) });
}

function routeServing<Path extends string>(handlers: Partial<Record<RouteMethod, DescribedHandler<RouteContext<Path>>>>): OperationRoute<Path> {
  return {
    GET: handlers.GET ?? methodNotAllowed,
    POST: handlers.POST ?? methodNotAllowed,
    PUT: handlers.PUT ?? methodNotAllowed,
    PATCH: handlers.PATCH ?? methodNotAllowed,
    DELETE: handlers.DELETE ?? methodNotAllowed,
    OPTIONS: catalogOptions,
    and: (operation, handler) => routeServing<Path>({ ...handlers, [operation.method]: served(operation, handler) }),
  };
}

function served<O extends Operation>(operation: O, handler: OperationHandler<O>): DescribedHandler<RouteContext<O["path"]>> {
  const handle = async (request: Request, context: RouteContext<O["path"]>): Promise<Response> => {
    try {
      const params = ((await context?.params) ?? {}) as ParamsOf<O["path"]>;
      const caller = await callerOf(request, operation.auth, params);
      checkParams(operation, params);
      const query = (operation.query ? parseQuery(request, operation.query) : undefined) as QueryOf<O>;
      const body = (operation.body ? await parseJsonBody(request, operation.body) : undefined) as BodyOf<O>;
      // callerOf switches on the same auth kind CallerOf<O["auth"]> does, which TS cannot follow through a generic.
      const call = { request, db: db(), params, query, body, ...caller } as unknown as OperationCall<O>;
      return await handler(call);
    } catch (error) {
      return errorResponse(request, error);
    }
  };
  return Object.assign(handle, { operation });
}

/**
 * For a page's server action that does what a session operation does: the
 * person and the body, checked as the operation's route checks them (signed
 * in, its roles, its path parameters' formats, its body's schema), or the
 * refusal's text to show.
 */
export async function actionCaller<O extends Operation>(
  operation: O,
  input: { params?: Record<string, string>; body?: unknown } = {},
): Promise<{ user: CurrentUser; body: BodyOf<O> } | { problem: string }> {
  // A station-token-or-session operation is a person's when called from a page (a rig has no page).
  if (operation.auth.kind !== "session" && operation.auth.kind !== "station-token-or-session") throw new Error(`${operation.id} is not a person's operation`);
  try {
    const user = withRole(await currentUser(), operation.auth.roles);
    checkParams(operation, input.params ?? {});
    return { user, body: (operation.body ? checkedBody(input.body, operation.body) : undefined) as BodyOf<O> };
  } catch (error) {
    if (error instanceof HttpProblem) return { problem: error.detail };
    throw error;
  }
}

/** What a page's server action answers: done, with what the page shows, or why not. */
export type ActionAnswer<T extends object = object> = ({ ok: true } & T) | { ok: false; detail: string };

type ActionInput = { params?: Record<string, string>; body?: unknown };
type ActionChange<O extends Operation, T extends object> = (call: { db: Db; user: CurrentUser; body: BodyOf<O> }) => Promise<ActionAnswer<T>>;

/**
 * A page's server action for a session operation, in one call: the caller and
 * the body checked as the operation's route checks them (actionCaller), then
 * the change, whose refusal (answered, or thrown as a problem) becomes the
 * detail to show.
 */
export async function operationAnswer<O extends Operation, T extends object>(
  operation: O,
  input: ActionInput,
  change: ActionChange<O, T>,
): Promise<ActionAnswer<T>> {
  const caller = await actionCaller(operation, input);
  if ("problem" in caller) return { ok: false, detail: caller.problem };
  try {
    const answer = await change({ db: db(), ...caller });
    return answer.ok ? answer : { ok: false, detail: answer.detail };
  } catch (error) {
    if (error instanceof HttpProblem) return { ok: false, detail: error.detail };
    throw error;
  }
}

/** operationAnswer for a form that shows nothing but a refusal: null when done, else why not. */
export async function operationAction<O extends Operation>(operation: O, input: ActionInput, change: ActionChange<O, object>): Promise<string | null> {
  const answer = await operationAnswer(operation, input, change);
  return answer.ok ? null : answer.detail;
}

/** A path parameter the catalog declares a UUID that is not one is a bad request, whatever the route. */
function checkParams(operation: Operation, params: Record<string, string>): void {
  for (const [name, { description, format }] of Object.entries(operation.params ?? {})) {
    if (format === "uuid" && !z.uuid().safeParse(params[name]).success)
      throw new HttpProblem(400, "Bad Request", `${description.replace(/\.$/, "")} is not a UUID: ${JSON.stringify(params[name] ?? "")}.`);
  }
}

async function callerOf(request: Request, auth: OperationAuth, params: Record<string, string>): Promise<CallerOf<OperationAuth>> {
  switch (auth.kind) {
    case "session":
      return { user: await signedInWithRole(request, auth.roles) };
    case "station-token":
      return { station: await tokenStation(request) };
    case "station-token-or-session": {
      // A rig's token must belong to the station in the path; a person reports for any station.
      const slug = params.station ?? "";
      if (request.headers.get("authorization")) {
        const byToken = await tokenStation(request);
        if (byToken.slug !== slug) throw new HttpProblem(403, "Forbidden", "This token belongs to another station.");
        return { reporter: { station: { id: byToken.id, slug: byToken.slug }, userId: null, tokenId: byToken.tokenId } };
      }
      const user = await signedInWithRole(request, auth.roles);
      const station = await stationBySlug(db(), slug);
      return { reporter: { station: { id: station.id, slug: station.slug }, userId: user.id, tokenId: null } };
    }
    case "none":
      return {};
  }
}

async function tokenStation(request: Request): Promise<{ id: string; slug: string; tokenId: string }> {
  const station = await stationForToken(db(), request.headers.get("authorization"));
  if (!station) throw new HttpProblem(401, "Unauthorized", "A live station token is required: Authorization: Bearer ust_...");
  return station;
}

/** Any path under /api that no route serves: a problem+json 404, not the app's HTML page. */
async function noSuchOperation(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  return problemResponse(new HttpProblem(404, "Not Found", `No API operation ${request.method} ${pathname}; the API is described at /api/openapi.json.`));
}

/** The method exports of app/api/[...path]/route.ts. */
export const unknownOperationRoute = { GET: noSuchOperation, POST: noSuchOperation, PUT: noSuchOperation, PATCH: noSuchOperation, DELETE: noSuchOperation };

/** 405 problem+json for a method the path does not take, naming the ones it does (also in Allow). */
export function methodRefused(request: Request, allowed: readonly string[]): Response {
  const { pathname } = new URL(request.url);
  const response = problemResponse(
    new HttpProblem(
      405,
      "Method Not Allowed",
      `${pathname} does not take ${request.method}; it takes ${allowed.join(" or ") || "no method"}. The API is described at /api/openapi.json.`,
      { allow: allowed },
    ),
  );
  response.headers.set("allow", allowed.join(", "));
  return response;
}

/**
 * A route's answer to the methods it does not serve (operationRoute exports
 * it under their names): `methodRefused` with the path's catalogued methods,
 * where Next would answer an empty 405.
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
