import { openApiDocument, OPERATIONS } from "@/lib/api";
import { operationRoute } from "@/lib/http";

export const dynamic = "force-dynamic";

/** The API's OpenAPI 3.1 description, generated from the schemas the handlers validate with. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.openapi, async () => Response.json(openApiDocument()));
