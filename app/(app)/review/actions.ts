"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requirePlace } from "@/lib/auth";
import { db } from "@/lib/db";
import { adjudicate, adjudicationInputSchema, undoAdjudication } from "@/lib/review";

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
  redirect(backToList(form, { settledUnit: parsed.data.captureId, settledAs: result.truth }));
}

/** The review list the form came from (never another site), with what just happened for its status line. */
function backToList(form: FormData, outcome: Record<string, string>): string {
  const back = String(form.get("returnTo") ?? "");
  const list = back.startsWith("/review") && !back.includes("//") ? new URL(back, "http://review.local") : new URL("/review", "http://review.local");
  for (const key of ["settledUnit", "settledAs", "undoneUnit", "undoneTo", "undoRefused"]) list.searchParams.delete(key);
  for (const [key, value] of Object.entries(outcome)) list.searchParams.set(key, value);
  return `${list.pathname}${list.search}`;
}

/** An engineer takes back the settling just made (within the undo window). */
export async function undoAdjudicationAction(form: FormData): Promise<void> {
  const user = await requirePlace("/review");
  const captureId = String(form.get("captureId") ?? "");
  const result = await undoAdjudication(db(), user.id, captureId);
  if (result.ok) {
    revalidatePath("/review");
    revalidatePath("/dashboard");
    redirect(backToList(form, { undoneUnit: captureId, undoneTo: result.truth ?? "" }));
  }
  redirect(backToList(form, { undoRefused: result.kind }));
}
