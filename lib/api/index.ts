// The API's catalog: every operation's method, path, roles, body and answers,
// and the OpenAPI document built from it (served at /api/openapi.json).
import "server-only";

export { OPERATIONS, methodsAt, type Method, type Operation, type OperationAuth, type OperationId } from "./operations.ts";
export { openApiDocument } from "./openapi.ts";
