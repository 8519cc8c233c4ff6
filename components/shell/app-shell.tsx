import type { ReactNode } from "react";
import Link from "next/link";
import { placesFor, type Role } from "@/lib/auth";
import { signOut } from "@/app/sign-in/actions";
import { NavLink } from "./nav-link";

const ROLE_NAMES: Record<Role, string> = {
  INSPECTOR: "Inspector",
  ENGINEER: "ML engineer",
  MANAGER: "Manager",
  ADMIN: "Admin",
};

export function AppShell({ user, children }: { user: { name: string; role: Role }; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
          <Link href="/" className="font-semibold tracking-tight">
            Understudy
          </Link>
          <nav aria-label="Main" className="flex flex-wrap gap-1">
            {placesFor(user.role).map((place) => (
              <NavLink key={place.href} href={place.href} label={place.label} />
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm text-slate-600">
            <a href="/account" className="hover:underline" title="Your account: change your password">
              {user.name} · {ROLE_NAMES[user.role]}
            </a>
            <form action={signOut}>
              <button type="submit" className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">{children}</main>
    </div>
  );
}
