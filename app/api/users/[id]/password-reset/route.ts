import { OPERATIONS } from "@/lib/api/operations";
import { resetAccountPassword } from "@/lib/auth/lifecycle";
import { forOperation } from "@/lib/http";
import { changeAccount } from "../account-change";

export const dynamic = "force-dynamic";

/** An administrator replaces an account's password with a one-time one, answered once; the person must choose their own at next sign-in (audited). */
export const POST = forOperation(OPERATIONS.resetAccountPassword, async (_request, user, { params }: { params: Promise<{ id: string }> }, body) =>
  Response.json(await changeAccount(params, (tx, id) => resetAccountPassword(tx, id, { kind: "USER", id: user.id }, body.reason)), { status: 201, headers: { "cache-control": "no-store" } }),
);

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
