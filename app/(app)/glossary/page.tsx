import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { currentUser } from "@/lib/auth";
import { GLOSSARY } from "@/lib/text";

export const metadata: Metadata = { title: "Glossary" };

/** Anyone signed in: what the numbers on the evidence pages mean, and when not to trust them yet. */
export default async function GlossaryPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in?next=%2Fglossary");
  return (
    <>
      <PageHeader title="Glossary">What the numbers on the dashboard, the gates and drift monitoring mean, and when not to trust them yet.</PageHeader>
      <dl className="max-w-3xl space-y-4">
        {GLOSSARY.map((entry) => (
          <div key={entry.id} id={entry.id} className="scroll-mt-20">
            <dt className="font-semibold">{entry.term}</dt>
            <dd className="text-sm text-slate-800">{entry.short}</dd>
            <dd className="text-sm text-slate-600">{entry.long}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
