import { OPERATIONS } from "@/lib/api/operations";
import { escapeInputSchema, MAY_REPORT_ESCAPES, recordEscape } from "@/lib/automation/escapes";
import { db } from "@/lib/db/client";
import { describedBy, errorResponse, HttpProblem, parseJsonBody, signedInWithRole, stationBySlug } from "@/lib/http";
import { stationForToken } from "@/lib/tokens";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ station: string }> };

const STATUS = { unit: 404, undecided: 409, label: 422 } as const;

/**
 * A unit found defective, or good, after the station decided it: posted by
 * an end-of-line rig with the station's token, or by an engineer, manager or
 * admin. The same idempotencyKey again answers the finding already stored.
 */
export const POST = describedBy(OPERATIONS.recordEscape, async (request: Request, { params }: Context): Promise<Response> => {
  try {
    const slug = (await params).station;
    let station: { id: string };
    let reporter: { userId: string | null; tokenId: string | null };
    if (request.headers.get("authorization")) {
      const byToken = await stationForToken(db(), request.headers.get("authorization"));
      if (!byToken) throw new HttpProblem(401, "Unauthorized", "A live station token is required: Authorization: Bearer ust_...");
      if (byToken.slug !== slug) throw new HttpProblem(403, "Forbidden", "This token belongs to another station.");
      station = byToken;
      reporter = { userId: null, tokenId: byToken.tokenId };
    } else {
      const user = await signedInWithRole(request, MAY_REPORT_ESCAPES);
      station = await stationBySlug(db(), slug);
      reporter = { userId: user.id, tokenId: null };
    }
    const body = await parseJsonBody(request, escapeInputSchema);
    const result = await recordEscape(db(), station, body, reporter);
    if (!result.ok) throw new HttpProblem(STATUS[result.reason], result.reason === "unit" ? "Not Found" : result.reason === "undecided" ? "Conflict" : "Unprocessable Content", result.detail);
    return Response.json({ escape: result.escape, replayed: result.replayed }, { status: result.replayed ? 200 : 201 });
  } catch (error) {
    return errorResponse(request, error);
  }
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
