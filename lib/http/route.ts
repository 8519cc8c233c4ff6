import { currentUser, type CurrentUser } from "../auth/session.ts";
import type { Role } from "../auth/roles.ts";
import { forbidden, HttpProblem, problemResponse, unauthorized } from "./problem.ts";

type Handler<C> = (request: Request, user: CurrentUser, context: C) => Promise<Response>;

/**
 * Wraps a route handler: answers 401 to anonymous callers and 403 to roles not
 * listed, turns HttpProblems into problem+json, and logs anything unexpected
 * once, answering 500 without a stack trace.
 */
export function withRole<C>(roles: readonly Role[], handler: Handler<C>): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    try {
      const user = await currentUser(request.headers);
      if (!user) throw unauthorized();
      if (!roles.includes(user.role)) throw forbidden();
      return await handler(request, user, context);
    } catch (error) {
      if (error instanceof HttpProblem) return problemResponse(error);
      console.error(`${request.method} ${new URL(request.url).pathname} failed`, error);
      return problemResponse(new HttpProblem(500, "Internal Server Error", "Something went wrong; it has been logged."));
    }
  };
}
