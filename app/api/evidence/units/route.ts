import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db/client";
import { forOperation, HttpProblem } from "@/lib/http";
import { resolveEvidenceFilter } from "@/lib/metrics";
import { unitExportCsv, unitExportFileName, unitExportQuerySchema, unitExportTotal } from "@/lib/metrics/unit-export";

export const dynamic = "force-dynamic";

/** The dashboard's compared units as CSV, streamed a page at a time; X-Total-Rows first, so a page can show progress. */
export const GET = forOperation(OPERATIONS.exportEvidenceUnits, async (request) => {
  const query = unitExportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new HttpProblem(422, "Unprocessable Content", `Bad query: ${query.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ")}`);
  const params = query.data;
  if (params.station && !(await db().station.findUnique({ where: { slug: params.station }, select: { id: true } }))) {
    throw new HttpProblem(404, "Not Found", `No station ${params.station}.`);
  }
  const filter = await resolveEvidenceFilter(db(), params);
  const total = await unitExportTotal(db(), filter);
  const pieces = unitExportCsv(db(), filter);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${unitExportFileName(filter, params.station ?? null)}"`,
      "x-total-rows": String(total),
      "cache-control": "no-store",
    },
  });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
