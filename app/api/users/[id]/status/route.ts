import { OPERATIONS } from "@/lib/api";
import { setAccountDisabled } from "@/lib/auth";
import { changeAccount, operationRoute } from "@/lib/http";

export const dynamic = "force-dynamic";

/** An administrator disables an account (signed out everywhere at once, refused at sign-in) or enables it again (audited). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.setAccountStatus, async ({ user, params, body }) =>
  Response.json(await changeAccount(params.id, (tx, id) => setAccountDisabled(tx, id, body.disabled, { kind: "USER", id: user.id }, body.reason))),
);
