import { OPERATIONS } from "@/lib/api/operations";
import { openApiDocument } from "@/lib/api/openapi";
import { describedBy } from "@/lib/http";

export const dynamic = "force-dynamic";

/** The API's OpenAPI 3.1 description, generated from the schemas the handlers validate with. */
export const GET = describedBy(OPERATIONS.openapi, async () => Response.json(openApiDocument()));

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
