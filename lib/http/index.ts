// HTTP edges of the API: problem+json errors, body validation and role checks,
// shared by every route handler under app/api and the pages' server actions.
// Server code only: a client component importing this door fails the build
// (a type-only import is erased and allowed).
import "server-only";

export {
  HttpProblem,
  problemResponse,
  parseJsonBody,
  parseQuery,
  streamedText,
  readBodyBytes,
  readBodyText,
  MAX_JSON_BODY_BYTES,
  refusalProblem,
  unauthorized,
  forbidden,
  notFound,
  conflict,
} from "./problem.ts";
export { errorResponse, signedInWithRole } from "./route.ts";
export { crossSiteProblem } from "./csrf.ts";
export { databaseUnavailable, DATABASE_UNAVAILABLE } from "./unavailable.ts";
export { stationBySlug } from "./station.ts";
export {
  actionCaller,
  operationAction,
  operationAnswer,
  type ActionAnswer,
  operationRoute,
  unknownOperationRoute,
  methodNotAllowed,
  methodRefused,
  catalogOptions,
  type DescribedHandler,
  type OperationCall,
  type OperationRoute,
  type ParamsOf,
  type StationReporter,
} from "./operation.ts";
export { authRoute } from "./auth-route.ts";
export { changeAccount } from "./account-change.ts";
