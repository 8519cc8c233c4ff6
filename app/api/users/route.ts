import { OPERATIONS } from "@/lib/api/operations";
import { createAccount, listAccounts } from "@/lib/auth";
import { conflict, forOperation } from "@/lib/http";
import { db, isUniqueViolation } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** Every account with its role: administrators only. */
export const GET = forOperation(OPERATIONS.listUsers, async () => Response.json({ users: await listAccounts(db()) }));

/** An administrator creates an account with a role and a first password. */
export const POST = forOperation(OPERATIONS.createUser, async (_request, user, _context, input) => {
  try {
    const { id } = await db().$transaction((tx) => createAccount(tx, input, { kind: "USER", id: user.id }));
    return Response.json({ id, email: input.email.toLowerCase(), name: input.name, role: input.role }, { status: 201 });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(`An account for ${input.email} exists already.`);
    }
    throw error;
  }
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
