import { auth } from "../../lib/auth/auth.ts";

/** Signs in through better-auth and returns the Cookie header a browser would send. */
export async function sessionCookieFor(email: string, password: string): Promise<string> {
  const response = await auth().api.signInEmail({ body: { email, password }, asResponse: true });
  if (!response.ok) throw new Error(`sign-in as ${email} failed: ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

export function requestAs(cookie: string | null, url: string, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  if (cookie) headers.set("cookie", cookie);
  if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
  return new Request(new URL(url, "http://localhost:3000"), { ...init, headers });
}
