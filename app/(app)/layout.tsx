import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { currentUser } from "@/lib/auth";

// Every page here is per user and per request.
export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  // Each page checks its own role and sends anonymous visitors to sign-in, with a way back.
  if (!user) return children;
  return <AppShell user={user}>{children}</AppShell>;
}
