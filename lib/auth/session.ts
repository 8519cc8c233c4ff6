import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { auth } from "./auth.ts";
import { isRole, placeFor, type Role } from "./roles.ts";

export interface CurrentUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** The session this request came with: the "device" a prediction or verdict was posted from. */
  sessionId?: string;
  /** Signed in with an admin's one-time password: only /account, to choose a new one, until it is done. */
  mustChangePassword?: boolean;
}

/** The signed-in user of this request, or null. */
export async function currentUser(requestHeaders?: Headers): Promise<CurrentUser | null> {
  const session = await auth().api.getSession({ headers: requestHeaders ?? (await headers()) });
  if (!session) return null;
  const { id, name, email } = session.user;
  const role = (session.user as { role?: unknown }).role;
  if (!isRole(role)) return null;
  const mustChangePassword = (session.user as { mustChangePassword?: unknown }).mustChangePassword === true;
  return { id, name, email, role, sessionId: session.session.id, mustChangePassword };
}

/**
 * For pages: the user if their role may open `href`; anonymous visitors go to
 * sign-in (and come back), others get the 403 page.
 */
export async function requirePlace(href: string, returnTo: string = href): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  if (user.mustChangePassword) redirect("/account");
  if (!placeFor(href).roles.includes(user.role)) forbidden();
  return user;
}
