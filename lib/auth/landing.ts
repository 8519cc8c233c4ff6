import { homeFor, isRole } from "./roles.ts";

/** `?next=` if it is a path on this site (no open redirect through it), else null. */
export function safeNext(next: string | undefined | null): string | null {
  if (!next || next === "/" || !next.startsWith("/")) return null;
  if (next.startsWith("//") || next.startsWith("/\\")) return null;
  return next;
}

/**
 * Where sign-in lands: where the person was going, or straight to their
 * role's home (one hop, not a second redirect through "/").
 */
export function landingAfterSignIn(next: string | undefined | null, role: unknown): string {
  return safeNext(next) ?? (isRole(role) ? homeFor(role) : "/");
}
