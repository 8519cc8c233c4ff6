"use server";

import { revalidatePath } from "next/cache";
import { createAccount, newAccountSchema } from "@/lib/auth";
import { requirePlace } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

export interface CreateAccountState {
  message: string | null;
  isError: boolean;
}

export async function createAccountAction(_previous: CreateAccountState, form: FormData): Promise<CreateAccountState> {
  await requirePlace("/admin");
  const parsed = newAccountSchema.safeParse({
    email: form.get("email"),
    name: form.get("name"),
    role: form.get("role"),
    password: form.get("password"),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { message: issue ? `${issue.path.join(".")}: ${issue.message}` : "Check the fields.", isError: true };
  }
  try {
    await createAccount(db(), parsed.data);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { message: `An account for ${parsed.data.email} exists already.`, isError: true };
    }
    throw error;
  }
  revalidatePath("/admin");
  return { message: `Account created for ${parsed.data.email}.`, isError: false };
}
