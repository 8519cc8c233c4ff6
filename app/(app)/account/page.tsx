import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { PageHeader } from "@/components/ui/page-header";
import { MIN_PASSWORD_LENGTH, currentUser } from "@/lib/auth";

export const metadata: Metadata = { title: "Your account" };

/** Anyone signed in: who they are, and their own password (which they must choose here after an admin's reset). */
export default async function AccountPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in?next=%2Faccount");
  return (
    <>
      <PageHeader title="Your account">
        {user.name} · {user.email}
      </PageHeader>
      {user.mustChangePassword ? (
        <p role="alert" className="mb-4 max-w-xl rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          You signed in with a one-time password from an admin. Choose your own before anything else: until then every other page sends you here.
        </p>
      ) : null}
      <h2 className="mb-3 text-lg font-semibold">Change password</h2>
      <p className="mb-3 max-w-xl text-sm text-slate-600">Every other place you are signed in is signed out when it changes.</p>
      <ChangePasswordForm minLength={MIN_PASSWORD_LENGTH} />
    </>
  );
}
