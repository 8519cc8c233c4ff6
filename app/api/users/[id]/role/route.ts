import { OPERATIONS } from "@/lib/api/operations";
import { changeAccountRole } from "@/lib/auth/lifecycle";
import { forOperation } from "@/lib/http";
import { changeAccount } from "../account-change";

export const dynamic = "force-dynamic";

/** An administrator gives an account another role; it is signed out everywhere so the old role goes at once (audited). */
export const PUT = forOperation(OPERATIONS.setAccountRole, async (_request, user, { params }: { params: Promise<{ id: string }> }, body) =>
  Response.json(await changeAccount(params, (tx, id) => changeAccountRole(tx, id, body.role, { kind: "USER", id: user.id }, body.reason))),
);

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as POST, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
