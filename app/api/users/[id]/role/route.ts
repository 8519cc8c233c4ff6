import { OPERATIONS } from "@/lib/api";
import { changeAccountRole } from "@/lib/auth";
import { changeAccount, operationRoute } from "@/lib/http";

export const dynamic = "force-dynamic";

/** An administrator gives an account another role; it is signed out everywhere so the old role goes at once (audited). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.setAccountRole, async ({ user, params, body }) =>
  Response.json(await changeAccount(params.id, (tx, id) => changeAccountRole(tx, id, body.role, { kind: "USER", id: user.id }, body.reason))),
);
