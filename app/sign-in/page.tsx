import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { homeFor, currentUser } from "@/lib/auth";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const user = await currentUser();
  if (user) redirect(homeFor(user.role));
  const { next } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold tracking-tight">Understudy</h1>
        <p className="mb-6 mt-1 text-sm text-slate-600">Sign in with the account your administrator gave you.</p>
        <SignInForm next={typeof next === "string" ? next : "/"} />
      </div>
    </main>
  );
}
