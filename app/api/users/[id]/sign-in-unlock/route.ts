import { OPERATIONS } from "@/lib/api/operations";
import { liftAccountSignInHolds } from "@/lib/auth/lifecycle";
import { forOperation } from "@/lib/http";
import { changeAccount } from "../account-change";

export const dynamic = "force-dynamic";

/** An administrator lifts the waits wrong passwords put on an account's sign-in, from every address (audited). */
export const POST = forOperation(OPERATIONS.unlockAccountSignIn, async (_request, user, { params }: { params: Promise<{ id: string }> }, body) =>
  Response.json(await changeAccount(params, (tx, id) => liftAccountSignInHolds(tx, id, { kind: "USER", id: user.id }, body.reason))),
);

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
