import { OPERATIONS } from "@/lib/api";
import { notFound, operationRoute, streamedText } from "@/lib/http";
import { resolveEvidenceFilter, unitExportCsv, unitExportFileName, unitExportTotal } from "@/lib/metrics";

export const dynamic = "force-dynamic";

/** The dashboard's compared units as CSV, streamed a page at a time; X-Total-Rows first, so a page can show progress. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.exportEvidenceUnits, async ({ db, query }) => {
  if (query.station && !(await db.station.findUnique({ where: { slug: query.station }, select: { id: true } }))) throw notFound(`No station ${query.station}.`);
  const filter = await resolveEvidenceFilter(db, query);
  const total = await unitExportTotal(db, filter);
  const fileName = unitExportFileName(filter, query.station ?? null);
  const headers = {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${fileName}"`,
    "x-total-rows": String(total),
    "cache-control": "no-store",
  };
  return new Response(streamedText(unitExportCsv(db, filter)), { headers });
});
