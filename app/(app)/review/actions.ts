"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requirePlace } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { adjudicate, adjudicationInputSchema } from "@/lib/review";

export interface AdjudicationState {
  message: string | null;
  isError: boolean;
}

/** An engineer settles the truth of a unit. */
export async function adjudicateAction(_previous: AdjudicationState, form: FormData): Promise<AdjudicationState> {
  const user = await requirePlace("/review");
  const parsed = adjudicationInputSchema.safeParse({ captureId: form.get("captureId"), truth: form.get("truth"), note: form.get("note") ?? "" });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { message: issue ? `${issue.path.join(".") || "input"}: ${issue.message}` : "Check the fields.", isError: true };
  }
  const result = await adjudicate(db(), user.id, parsed.data);
  if (!result.ok) return { message: result.detail, isError: true };
  revalidatePath("/review");
  revalidatePath("/dashboard");
  // Back to the list the engineer was on, which re-sorts (settled units go last): the confirmation rides along at its top.
  const back = String(form.get("returnTo") ?? "");
  const list = back.startsWith("/review") && !back.includes("//") ? new URL(back, "http://review.local") : new URL("/review", "http://review.local");
  list.searchParams.set("settledUnit", parsed.data.captureId);
  list.searchParams.set("settledAs", result.truth);
  redirect(`${list.pathname}${list.search}`);
}
