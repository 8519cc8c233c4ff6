"use server";

import { revalidatePath } from "next/cache";
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
  return { message: `Settled as ${result.truth}.`, isError: false };
}
