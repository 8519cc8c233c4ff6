import { OPERATIONS } from "@/lib/api";
import { liftAccountSignInHolds } from "@/lib/auth";
import { changeAccount, operationRoute } from "@/lib/http";

export const dynamic = "force-dynamic";

/** An administrator lifts the waits wrong passwords put on an account's sign-in, from every address (audited). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.unlockAccountSignIn, async ({ user, params, body }) =>
  Response.json(await changeAccount(params.id, (tx, id) => liftAccountSignInHolds(tx, id, { kind: "USER", id: user.id }, body.reason))),
);
