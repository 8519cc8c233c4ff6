import { createAccount, listAccounts, newAccountSchema } from "@/lib/auth";
import { Prisma } from "@/lib/generated/prisma/client";
import { conflict, parseJsonBody, withRole } from "@/lib/http";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const GET = withRole(["ADMIN"], async () => Response.json({ users: await listAccounts(db()) }));

/** An administrator creates an account with a role and a first password. */
export const POST = withRole(["ADMIN"], async (request) => {
  const input = await parseJsonBody(request, newAccountSchema);
  try {
    const { id } = await createAccount(db(), input);
    return Response.json({ id, email: input.email.toLowerCase(), name: input.name, role: input.role }, { status: 201 });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw conflict(`An account for ${input.email} exists already.`);
    }
    throw error;
  }
});
