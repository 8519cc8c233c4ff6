import type { Role as DbRole } from "../generated/prisma/enums.ts";

/** Who may do what: the one list of roles and of the places each role works. */
export const ROLES = ["INSPECTOR", "ENGINEER", "MANAGER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

// Fails to compile if the Prisma enum and this list ever disagree.
const _sameRoles: [Role, DbRole] extends [DbRole, Role] ? true : never = true;
void _sameRoles;

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export interface Place {
  href: string;
  label: string;
  roles: readonly Role[];
}

/** The app's places, in navigation order, with the roles allowed to open each. */
export const PLACES: readonly Place[] = [
  { href: "/inspect", label: "Inspect", roles: ["INSPECTOR", "ENGINEER", "ADMIN"] },
  { href: "/dashboard", label: "Dashboard", roles: ["ENGINEER", "MANAGER", "ADMIN"] },
  { href: "/review", label: "Review", roles: ["ENGINEER", "ADMIN"] },
  { href: "/drift", label: "Drift", roles: ["ENGINEER", "MANAGER", "ADMIN"] },
  { href: "/models", label: "Models", roles: ["ENGINEER", "ADMIN"] },
  { href: "/automation", label: "Automation", roles: ["MANAGER", "ENGINEER", "ADMIN"] },
  { href: "/admin", label: "Admin", roles: ["ADMIN"] },
];

export function placeFor(href: string): Place {
  const place = PLACES.find((candidate) => candidate.href === href);
  if (!place) throw new Error(`No place ${href} in PLACES`);
  return place;
}

export function placesFor(role: Role): Place[] {
  return PLACES.filter((place) => place.roles.includes(role));
}

/** Where each role starts its day. */
export function homeFor(role: Role): string {
  switch (role) {
    case "INSPECTOR":
      return "/inspect";
    case "ENGINEER":
      return "/dashboard";
    case "MANAGER":
      return "/automation";
    case "ADMIN":
      return "/admin";
  }
}
