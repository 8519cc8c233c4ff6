import { NextResponse, type NextRequest } from "next/server";
import { isDatabaseReachable, isPageRequest, outagePage } from "@/lib/http/page-outage";
import { contentSecurityPolicy, newNonce, SECURITY_HEADERS } from "@/lib/http/security-headers";

/**
 * Runs before every page and API route: a fresh CSP nonce per request (Next.js
 * reads it from the request's policy header and puts it on its scripts), and
 * the security headers on every answer. HSTS is left to the TLS terminator in
 * front of the app (`npm start` serves plain HTTP on localhost). While the
 * database is away, pages answer 503 with Retry-After (lib/http/page-outage.ts).
 */
export async function proxy(request: NextRequest): Promise<Response> {
  if (isPageRequest(request.nextUrl.pathname) && !(await isDatabaseReachable())) {
    const response = outagePage();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
    response.headers.set("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    return response;
  }
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Next's hashed build files need neither a nonce nor a policy of their own.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
