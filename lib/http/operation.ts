import type { z } from "zod";
import type { Operation } from "../api/operations.ts";
import type { CurrentUser } from "../auth/session.ts";
import { parseJsonBody } from "./problem.ts";
import { withRole } from "./route.ts";

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

/** Tags a handler that authenticates on its own (station token, none) with its operation. */
export function describedBy<C>(operation: Operation, handler: (request: Request, context: C) => Promise<Response>): DescribedHandler<C> {
  return Object.assign(handler, { operation });
}
