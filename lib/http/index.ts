// HTTP edges of the API: problem+json errors, body validation and role checks,
// shared by every route handler under app/api.
export { HttpProblem, problemResponse, parseJsonBody, refusalProblem, unauthorized, forbidden, notFound, conflict } from "./problem.ts";
export { withRole } from "./route.ts";
export { stationBySlug } from "./station.ts";
