import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/lib/auth/auth";
import { countFailedSignIn, signInRefusal } from "@/lib/auth/sign-in";
import { db } from "@/lib/db/client";
import { HttpProblem, problemResponse } from "@/lib/http";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return toNextJsHandler(auth()).GET(request);
}

export async function POST(request: Request): Promise<Response> {
  if (!new URL(request.url).pathname.endsWith("/sign-in/email")) return toNextJsHandler(auth()).POST(request);
  // The same limits as the sign-in page (lib/auth/sign-in.ts), kept in the database.
  const body = (await request
    .clone()
    .json()
    .catch(() => null)) as { email?: unknown } | null;
  const email = typeof body?.email === "string" ? body.email : "";
  const refusal = await signInRefusal(db(), email, request.headers);
  if (refusal) {
    const response = problemResponse(new HttpProblem(429, "Too Many Requests", refusal.error));
    response.headers.set("retry-after", String(refusal.retryAfterSeconds));
    return response;
  }
  const response = await toNextJsHandler(auth()).POST(request);
  if (response.status === 401) await countFailedSignIn(db(), email);
  return response;
}
