import { toNextJsHandler } from "better-auth/next-js";
import { auth, currentUser, checkedPasswordChange, checkedProfileUpdate, recordOwnPasswordChange, countFailedSignIn, signInRefusal } from "../auth/index.ts";
import { db } from "../db/index.ts";
import { methodRefused } from "./operation.ts";
import { HttpProblem, problemResponse, readBodyBytes } from "./problem.ts";
import { errorResponse } from "./route.ts";

// better-auth's endpoints under /api/auth, with what the app adds at the
// edge: bounded bodies, the sign-in back-off kept in the database, password
// rules and an audited password change.

/** An account's fields or a password fit many times over; better-auth itself reads bodies without a limit. */
const MAX_AUTH_BODY_BYTES = 16 * 1024;

async function GET(request: Request): Promise<Response> {
  return toNextJsHandler(auth()).GET(request);
}

async function POST(request: Request): Promise<Response> {
  try {
    const bytes = await readBodyBytes(request, MAX_AUTH_BODY_BYTES);
    const bounded = new Request(request.url, { method: "POST", headers: request.headers, body: bytes.byteLength > 0 ? bytes : null });
    const { pathname } = new URL(request.url);
    if (pathname.endsWith("/change-password")) {
      const checked = checkedPasswordChange(bytes);
      if (!checked.ok) throw new HttpProblem(422, "Unprocessable Content", checked.detail);
      return await auditedPasswordChange(request, rebodied(request, checked.body));
    }
    if (pathname.endsWith("/update-user")) {
      const checked = checkedProfileUpdate(bytes);
      if (!checked.ok) throw new HttpProblem(422, "Unprocessable Content", checked.detail);
      return await toNextJsHandler(auth()).POST(rebodied(request, checked.body));
    }
    if (!pathname.endsWith("/sign-in/email")) return await toNextJsHandler(auth()).POST(bounded);
    // The same limits as the sign-in page (lib/auth/sign-in.ts), kept in the database.
    const email = emailOf(bytes);
    const refusal = await signInRefusal(db(), email, request.headers);
    if (refusal) {
      const response = problemResponse(new HttpProblem(429, "Too Many Requests", refusal.error));
      response.headers.set("retry-after", String(refusal.retryAfterSeconds));
      return response;
    }
    const response = await toNextJsHandler(auth()).POST(bounded);
    if (response.status === 401) await countFailedSignIn(db(), email, request.headers);
    return response;
  } catch (error) {
    return errorResponse(request, error);
  }
}

/** The request with another body (its length header dropped: the body says its own length). */
function rebodied(request: Request, body: Uint8Array<ArrayBuffer>): Request {
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  return new Request(request.url, { method: "POST", headers, body });
}

/** A password changed through better-auth's endpoint goes into the audit trail (never the password). */
async function auditedPasswordChange(original: Request, bounded: Request): Promise<Response> {
  const user = await currentUser(original.headers);
  const response = await toNextJsHandler(auth()).POST(bounded);
  if (response.ok && user) await recordOwnPasswordChange(db(), user);
  return response;
}

function emailOf(body: Uint8Array): string {
  try {
    const parsed = JSON.parse(Buffer.from(body).toString("utf8")) as { email?: unknown } | null;
    return typeof parsed?.email === "string" ? parsed.email : "";
  } catch {
    return "";
  }
}

/** better-auth's endpoints take GET and POST only. */
const getOrPost = async (request: Request) => methodRefused(request, ["GET", "POST"]);
async function OPTIONS(): Promise<Response> {
  return new Response(null, { status: 204, headers: { allow: "GET, HEAD, OPTIONS, POST" } });
}

/** Every method export of app/api/auth/[...all]/route.ts. */
export const authRoute = { GET, POST, PUT: getOrPost, PATCH: getOrPost, DELETE: getOrPost, OPTIONS };
