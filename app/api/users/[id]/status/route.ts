import { OPERATIONS } from "@/lib/api/operations";
import { setAccountDisabled } from "@/lib/auth/lifecycle";
import { forOperation } from "@/lib/http";
import { changeAccount } from "../account-change";

export const dynamic = "force-dynamic";

/** An administrator disables an account (signed out everywhere at once, refused at sign-in) or enables it again (audited). */
export const PUT = forOperation(OPERATIONS.setAccountStatus, async (_request, user, { params }: { params: Promise<{ id: string }> }, body) =>
  Response.json(await changeAccount(params, (tx, id) => setAccountDisabled(tx, id, body.disabled, { kind: "USER", id: user.id }, body.reason))),
);

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as POST, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
