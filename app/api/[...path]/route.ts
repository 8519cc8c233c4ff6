import { unknownOperationRoute } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Any path under /api that no route serves: a problem+json 404, not the app's HTML page. */
export const { GET, POST, PUT, PATCH, DELETE } = unknownOperationRoute;
