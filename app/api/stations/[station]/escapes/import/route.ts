import { OPERATIONS } from "@/lib/api";
import { ESCAPE_IMPORT_MAX_BYTES, importEscapes } from "@/lib/automation";
import { HttpProblem, operationRoute, readBodyText } from "@/lib/http";

export const dynamic = "force-dynamic";

/**
 * A CSV of findings about decided units (end-of-line failures, returns), in
 * whole or not at all: any bad row refuses the file with every problem by
 * line. Rows already stored (by their key) are counted, not stored again.
 */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(
  OPERATIONS.importEscapes,
  async ({ request, db, reporter: { station, userId, tokenId } }) => {
    const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "text/csv" && type !== "text/plain") throw new HttpProblem(415, "Unsupported Media Type", "Send the file as text/csv.");
    const result = await importEscapes(db, station, await readBodyText(request, ESCAPE_IMPORT_MAX_BYTES), { userId, tokenId });
    if (!result.ok) {
      const shown = result.problems.slice(0, 5).map((p) => `line ${p.line}: ${p.message}`);
      const more = result.problems.length > shown.length ? `; and ${result.problems.length - shown.length} more` : "";
      throw new HttpProblem(422, "Unprocessable Content", `Nothing was imported. ${shown.join("; ")}${more}.`, { problems: result.problems });
    }
    return Response.json(result, { status: result.imported > 0 ? 201 : 200 });
  },
);
