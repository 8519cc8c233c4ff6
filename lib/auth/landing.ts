import { homeFor, isRole } from "./roles.ts";

// Any origin that cannot be a real one: `next` must resolve to it, i.e. stay on this site.
const SELF = "http://understudy.invalid";

/**
 * `?next=` if it is a path on this site (no open redirect through it), else
 * null. It is resolved as a browser would resolve it, against the app's own
 * origin, and must stay there: browsers drop tabs and newlines inside a URL
 * and read a backslash as a slash, so "/\t/evil.example/" is "//evil.example/"
 * to them; control characters and backslashes are refused outright (a newline
 * would also break the Location header).
 */
export function safeNext(next: string | undefined | null): string | null {
  if (!next || next === "/" || !next.startsWith("/")) return null;
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return null;
  let url: URL;
  try {
    url = new URL(next, SELF);
  } catch {
    return null;
  }
  if (url.origin !== SELF) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * Where sign-in lands: where the person was going, or straight to their
 * role's home (one hop, not a second redirect through "/").
 */
export function landingAfterSignIn(next: string | undefined | null, role: unknown): string {
  return safeNext(next) ?? (isRole(role) ? homeFor(role) : "/");
}
