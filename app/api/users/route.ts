import { OPERATIONS } from "@/lib/api";
import { createAccount, listAccounts } from "@/lib/auth";
import { isUniqueViolation } from "@/lib/db";
import { conflict, operationRoute } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Every account with its role, for administrators; an administrator creates an account with a role and a first password. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.listUsers, async ({ db }) =>
  Response.json({ users: await listAccounts(db) }),
).and(OPERATIONS.createUser, async ({ db, user, body }) => {
  try {
    const { id } = await db.$transaction((tx) => createAccount(tx, body, { kind: "USER", id: user.id }));
    return Response.json({ id, email: body.email.toLowerCase(), name: body.name, role: body.role }, { status: 201 });
  } catch (error) {
    throw isUniqueViolation(error) ? conflict(`An account for ${body.email} exists already.`) : error;
  }
});
