import { OPERATIONS } from "@/lib/api";
import { resetAccountPassword } from "@/lib/auth";
import { changeAccount, operationRoute } from "@/lib/http";

export const dynamic = "force-dynamic";

/** An administrator replaces an account's password with a one-time one, answered once; the person must choose their own at next sign-in (audited). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.resetAccountPassword, async ({ user, params, body }) => {
  const changed = await changeAccount(params.id, (tx, id) => resetAccountPassword(tx, id, { kind: "USER", id: user.id }, body.reason));
  return Response.json(changed, { status: 201, headers: { "cache-control": "no-store" } });
});
